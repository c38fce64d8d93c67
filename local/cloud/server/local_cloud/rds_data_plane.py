"""Aurora DB clusters with a database behind them: moto's RDS operations forwarded to the data plane's
bridge (POST/DELETE /v1/clusters, POST /v1/clusters/:id/reboot), installed only when the local cloud
runs with a data plane (bridge_client.enabled()).

* CreateDBCluster (API_CreateDBCluster.html): after moto records the cluster, the data plane starts
  its server (one MariaDB per cluster, configured from the cluster's DB cluster parameter group,
  created with `DatabaseName` and the master user) and answers when it accepts connections. The
  master password is `MasterUserPassword`, or the managed secret's (ManageMasterUserPassword:
  "Password management with Amazon RDS and AWS Secrets Manager", rds-secrets-manager.html).
  A server that cannot start makes the operation fail and leaves no cluster behind.
* DescribeDBClusters (API_DBCluster.html `Endpoint`, `ReaderEndpoint`, `Port`): the endpoint is the
  data plane's (the MySQL front on 127.0.0.1), so a client reaches the database with what the API
  returns. The reader endpoint is the same server (Aurora replicas share the cluster volume).
* RebootDBInstance of the cluster's writer (API_RebootDBInstance.html): restarts the server on its
  data with the group's current values, so static parameter changes take effect, as on Aurora
  ("Rebooting a DB instance within an Aurora cluster"). Readers are the same server: rebooting one
  restarts nothing.
* DeleteDBCluster (API_DeleteDBCluster.html): stops the server and removes its data.
"""

from __future__ import annotations

import json
import secrets
from typing import Any, Callable

from moto.rds.exceptions import RDSClientError

from . import bridge_client

# The data plane's answer, kept on moto's DBCluster objects.
ENDPOINT = "_local_cloud_endpoint"


def _group_values(backend: Any, cluster: Any) -> dict[str, str]:
    group = backend.db_cluster_parameter_groups.get((cluster.parameter_group or "").lower())
    return {
        name: str(p.get("ParameterValue"))
        for name, p in (group.parameters.items() if group else [])
        if p.get("ParameterValue") is not None
    }


def _master_password(cluster: Any) -> str:
    if cluster.manage_master_user_password:
        return str(json.loads(cluster.master_user_secret.secret.secret_string)["password"])
    return str(cluster._master_user_password)


def _adopt_master_user(cluster: Any) -> None:
    """The managed secret's value as RDS writes it: the cluster's master user name and a generated
    password, both read by clients (rds-secrets-manager.html, "Password management with Amazon RDS and
    AWS Secrets Manager"). moto's holds fixed credentials (user `admin`), which name a user the
    cluster's server does not have unless the master user happens to be `admin`."""
    if not cluster.manage_master_user_password:
        return
    secret = cluster.master_user_secret.secret
    value = json.dumps({"username": cluster.master_username, "password": secrets.token_urlsafe(24)})
    secret.secret_string = value
    for version in secret.versions.values():
        if "secret_string" in version:
            version["secret_string"] = value


def _unavailable(action: str, cluster_id: str, error: bridge_client.BridgeError) -> RDSClientError:
    # AWS's common error for a service-side failure (CommonErrors.html): the cause is ours, not the caller's.
    return RDSClientError("InternalFailure", f"The local cloud's data plane could not {action} {cluster_id}: {error.message}")


def wrap_create_db_cluster(original: Callable[..., Any]) -> Callable[..., Any]:
    def create_db_cluster(self: Any, kwargs: dict[str, Any]) -> Any:
        cluster = original(self, kwargs)
        _adopt_master_user(cluster)
        request = {
            "clusterId": cluster.db_cluster_identifier,
            "resourceId": cluster.db_cluster_resource_id,
            "region": self.region_name,
            "accountId": self.account_id,
            "masterUsername": cluster.master_username,
            "masterPassword": _master_password(cluster),
            "parameters": _group_values(self, cluster),
        }
        if cluster.database_name:
            request["databaseName"] = cluster.database_name
        try:
            answer = bridge_client.call("POST", "/clusters", request)
        except bridge_client.BridgeError as error:
            self.clusters.pop(cluster.db_cluster_identifier, None)
            if cluster.manage_master_user_password:
                cluster.master_user_secret.delete_secret()
            raise _unavailable("start", cluster.db_cluster_identifier, error) from None
        setattr(cluster, ENDPOINT, answer)
        cluster.port = answer["port"]
        return cluster

    return create_db_cluster


def wrap_delete_db_cluster(original: Callable[..., Any]) -> Callable[..., Any]:
    def delete_db_cluster(self: Any, cluster_identifier: str, snapshot_name: str | None = None) -> Any:
        cluster = original(self, cluster_identifier, snapshot_name)
        if getattr(cluster, ENDPOINT, None) is not None:
            try:
                bridge_client.call("DELETE", f"/clusters/{bridge_client.segment(cluster.db_cluster_identifier)}")
            except bridge_client.BridgeError as error:
                if error.code != "NotFound":
                    raise _unavailable("delete", cluster.db_cluster_identifier, error) from None
        return cluster

    return delete_db_cluster


def wrap_reboot_db_instance(original: Callable[..., Any]) -> Callable[..., Any]:
    def reboot_db_instance(self: Any, db_instance_identifier: str) -> Any:
        instance = original(self, db_instance_identifier)
        cluster = self.clusters.get(getattr(instance, "db_cluster_identifier", None) or "")
        if cluster is not None and getattr(cluster, ENDPOINT, None) is not None and instance.is_cluster_writer:
            try:
                bridge_client.call(
                    "POST",
                    f"/clusters/{bridge_client.segment(cluster.db_cluster_identifier)}/reboot",
                    {"parameters": _group_values(self, cluster)},
                )
            except bridge_client.BridgeError as error:
                raise _unavailable("reboot", cluster.db_cluster_identifier, error) from None
        return instance

    return reboot_db_instance


def endpoint_property(original: property, key: str) -> property:
    """DBCluster.endpoint / reader_endpoint: the data plane's host once the cluster runs there."""

    def read(cluster: Any) -> str:
        answer = getattr(cluster, ENDPOINT, None)
        return str(answer[key]) if answer is not None else original.fget(cluster)  # type: ignore[misc]

    return property(read)
