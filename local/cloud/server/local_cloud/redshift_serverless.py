"""Amazon Redshift Serverless (JSON protocol, target prefix `RedshiftServerless`): namespaces,
workgroups and their tags, as the Redshift Serverless API Reference describes them
(https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/Welcome.html).

What is modeled beyond the shapes (service_models.py checks those):

* Status, asynchronously (clock.py): a workgroup is CREATING, then AVAILABLE; an update makes it
  MODIFYING, a delete DELETING and then gone; a namespace is AVAILABLE at once (its status enum
  has no CREATING), MODIFYING while an update applies, DELETING before it is gone
  (API_Namespace.html, API_Workgroup.html: `status`). A change while one is running is a
  ConflictException ("There is an operation running ..."), which the provider retries on delete.
* `manageAdminPassword`: a real secret in moto's Secrets Manager, encrypted with
  `adminPasswordSecretKmsKeyId`, returned as `adminPasswordSecretArn` and deleted with the
  namespace (API_CreateNamespace.html).
* A workgroup returns every config parameter, the configured ones and AWS's defaults for the rest,
  `enable_large_strings_opt_in` included; an unsupported key is refused with AWS's message
  (API_ConfigParameter.html lists the keys). An UpdateWorkgroup that changes nothing, or that
  changes several kinds of setting at once, is refused (scripts/sync-workgroup-parameters; the
  provider's resourceWorkgroupUpdate sends one kind per call because AWS refuses more).
* The workgroup's subnets must exist and span enough Availability Zones (R13, "Considerations when
  using Amazon Redshift Serverless"); its endpoint has an address, the port and one VPC endpoint
  with a network interface per subnet. Nothing is created in EC2 for them.
* Base capacity is 8 to 1024 RPUs in steps of 8 (API_CreateWorkgroup.html, `baseCapacity`).
* With a data plane (bridge_client.enabled()), a namespace is a warehouse: CreateNamespace makes its
  first database (`dbName`) in the data plane (POST /v1/namespaces), DeleteNamespace removes its
  databases (DELETE /v1/namespaces/:name); the Data API (redshift_data.py) runs SQL in them.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
import uuid
from datetime import datetime, timezone
from typing import Any

from moto.core.base_backend import BackendDict, BaseBackend
from moto.core.responses import BaseResponse
from moto.ec2.models import ec2_backends
from moto.kms.models import kms_backends
from moto.secretsmanager.models import secretsmanager_backends

from . import bridge_client
from .clock import Transition
from .rules import workgroup_subnet_problem
from .service_models import ServiceError, operation

SERVICE = "redshift-serverless"
URL_PATTERN = r"https?://redshift-serverless\.(.+)\.amazonaws\.com"

# What AWS returns for parameters a workgroup was not given (enable_large_strings_opt_in is one
# AWS adds on its own, which provider 5.100.0 cannot declare: K2).
CONFIG_PARAMETER_DEFAULTS = {
    "auto_mv": "true",
    "datestyle": "ISO, MDY",
    "enable_case_sensitive_identifier": "false",
    "enable_large_strings_opt_in": "false",
    "enable_user_activity_logging": "true",
    "max_query_execution_time": "14400",
    "query_group": "default",
    "require_ssl": "true",
    "search_path": "$user, public",
    "use_fips_ssl": "false",
}
# API_ConfigParameter.html: the keys a workgroup accepts (the query monitoring metrics included).
SUPPORTED_PARAMETER_KEYS = sorted(
    set(CONFIG_PARAMETER_DEFAULTS)
    | {
        "max_query_cpu_time",
        "max_query_blocks_read",
        "max_scan_row_count",
        "max_query_queue_time",
        "max_query_cpu_usage_percent",
        "max_query_temp_blocks_to_disk",
        "max_join_row_count",
        "max_nested_loop_join_row_count",
        "max_return_row_count",
        "max_io_skew",
        "max_cpu_skew",
    }
)
DEFAULT_BASE_CAPACITY = 128
DEFAULT_PORT = 5439
# The settings UpdateWorkgroup changes one kind at a time.
UPDATABLE_SETTINGS = (
    "baseCapacity",
    "maxCapacity",
    "configParameters",
    "enhancedVpcRouting",
    "port",
    "publiclyAccessible",
    "securityGroupIds",
    "subnetIds",
    "ipAddressType",
    "pricePerformanceTarget",
    "trackName",
    "extraComputeForAutomaticOptimization",
)
GONE = "GONE"


def error(code: str, message: str) -> ServiceError:
    return ServiceError(code, message)


def not_found(kind: str, name: str) -> ServiceError:
    return error("ResourceNotFoundException", f"{kind} {name} not found.")


def busy(kind: str, name: str) -> ServiceError:
    return error("ConflictException", f"There is an operation running on the {kind} {name}. Try again later.")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def hex_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(9)[:17]}"


class Namespace:
    def __init__(self, backend: "RedshiftServerlessBackend", params: dict[str, Any]):
        self.backend = backend
        self.name: str = params["namespaceName"]
        self.id = str(uuid.uuid4())
        self.arn = f"arn:{backend.partition}:redshift-serverless:{backend.region_name}:{backend.account_id}:namespace/{self.id}"
        self.created = utcnow()
        self.admin_username: str | None = params.get("adminUsername")
        self.db_name: str = params.get("dbName") or "dev"
        self.kms_key_id: str = params.get("kmsKeyId") or "AWS_OWNED_KMS_KEY"
        self.default_iam_role_arn: str | None = params.get("defaultIamRoleArn")
        self.iam_roles: list[str] = list(params.get("iamRoles") or [])
        self.log_exports: list[str] = list(params.get("logExports") or [])
        self.secret_arn: str | None = None
        self.secret_kms_key_id: str | None = None
        self.transition = Transition("AVAILABLE", "AVAILABLE", 0, 0)

    @property
    def status(self) -> str:
        return self.transition.status

    def describe(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "namespaceArn": self.arn,
            "namespaceId": self.id,
            "namespaceName": self.name,
            "creationDate": self.created,
            "dbName": self.db_name,
            "kmsKeyId": self.kms_key_id,
            "iamRoles": [f"IamRole(applyStatus=in-sync, iamRoleArn={arn})" for arn in self.iam_roles],
            "logExports": self.log_exports,
            "status": self.status,
        }
        optional = {
            "adminUsername": self.admin_username,
            "defaultIamRoleArn": self.default_iam_role_arn,
            "adminPasswordSecretArn": self.secret_arn,
            "adminPasswordSecretKmsKeyId": self.secret_kms_key_id,
        }
        answer.update({key: value for key, value in optional.items() if value is not None})
        return answer


class Workgroup:
    def __init__(self, backend: "RedshiftServerlessBackend", params: dict[str, Any], subnets: list[Any]):
        self.backend = backend
        self.name: str = params["workgroupName"]
        self.namespace_name: str = params["namespaceName"]
        self.id = str(uuid.uuid4())
        self.arn = f"arn:{backend.partition}:redshift-serverless:{backend.region_name}:{backend.account_id}:workgroup/{self.id}"
        self.created = utcnow()
        self.base_capacity: int = params.get("baseCapacity") or DEFAULT_BASE_CAPACITY
        self.max_capacity: int | None = params.get("maxCapacity")
        self.enhanced_vpc_routing: bool = bool(params.get("enhancedVpcRouting", False))
        self.publicly_accessible: bool = bool(params.get("publiclyAccessible", False))
        self.port: int = params.get("port") or DEFAULT_PORT
        self.security_group_ids: list[str] = list(params.get("securityGroupIds") or [])
        self.subnets = subnets
        self.track_name: str = params.get("trackName") or "current"
        self.parameters = dict(CONFIG_PARAMETER_DEFAULTS)
        self.parameters.update({p["parameterKey"]: p["parameterValue"] for p in params.get("configParameters") or []})
        self.vpc_endpoint_id = hex_id("vpce")
        self.interfaces = [self._interface(subnet, index) for index, subnet in enumerate(subnets)]
        self.transition = Transition.begin("CREATING", "AVAILABLE")

    @staticmethod
    def _interface(subnet: Any, index: int) -> dict[str, str]:
        network = ipaddress.ip_network(subnet.cidr_block)
        return {
            "availabilityZone": subnet.availability_zone,
            "networkInterfaceId": hex_id("eni"),
            "privateIpAddress": str(network.network_address + 10 + index),
            "subnetId": subnet.id,
        }

    @property
    def status(self) -> str:
        return self.transition.status

    @property
    def address(self) -> str:
        return f"{self.name}.{self.backend.account_id}.{self.backend.region_name}.redshift-serverless.amazonaws.com"

    def describe(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "workgroupArn": self.arn,
            "workgroupId": self.id,
            "workgroupName": self.name,
            "namespaceName": self.namespace_name,
            "baseCapacity": self.base_capacity,
            "configParameters": [
                {"parameterKey": key, "parameterValue": value} for key, value in sorted(self.parameters.items())
            ],
            "creationDate": self.created,
            "endpoint": {
                "address": self.address,
                "port": self.port,
                "vpcEndpoints": [
                    {
                        "vpcEndpointId": self.vpc_endpoint_id,
                        "vpcId": self.subnets[0].vpc_id if self.subnets else "",
                        "networkInterfaces": self.interfaces,
                    }
                ],
            },
            "enhancedVpcRouting": self.enhanced_vpc_routing,
            "ipAddressType": "ipv4",
            "port": self.port,
            "publiclyAccessible": self.publicly_accessible,
            "securityGroupIds": self.security_group_ids,
            "status": self.status,
            "subnetIds": [subnet.id for subnet in self.subnets],
            "trackName": self.track_name,
            "workgroupVersion": "1.0",
            "patchVersion": "patch 1",
        }
        if self.max_capacity is not None:
            answer["maxCapacity"] = self.max_capacity
        return answer


class RedshiftServerlessBackend(BaseBackend):
    def __init__(self, region_name: str, account_id: str):
        super().__init__(region_name, account_id)
        self.namespaces: dict[str, Namespace] = {}
        self.workgroups: dict[str, Workgroup] = {}
        self.tags: dict[str, dict[str, str]] = {}

    # moto finds a backend's routes through a `urls` module next to its `models`; ours are here.
    @property
    def url_bases(self) -> list[str]:
        return [URL_PATTERN]

    @property
    def url_paths(self) -> dict[str, Any]:
        return {"/$": RedshiftServerlessResponse.dispatch}

    # --- lookups (deleted resources disappear once their DELETING transition is over) ---

    def _live(self, store: dict[str, Any], name: str) -> Any:
        item = store.get(name)
        if item is not None and item.transition.after == GONE and item.transition.done:
            del store[name]
            self.tags.pop(item.arn, None)
            return None
        return item

    def namespace(self, name: str) -> Namespace:
        namespace = self._live(self.namespaces, name)
        if namespace is None:
            raise not_found("Namespace", name)
        return namespace

    def workgroup(self, name: str) -> Workgroup:
        workgroup = self._live(self.workgroups, name)
        if workgroup is None:
            raise not_found("Workgroup", name)
        return workgroup

    def namespace_by_arn(self, arn: str) -> Namespace | None:
        for name in list(self.namespaces):
            namespace = self._live(self.namespaces, name)
            if namespace is not None and namespace.arn == arn:
                return namespace
        return None

    def workgroups_of(self, namespace_name: str) -> list[Workgroup]:
        live = [self._live(self.workgroups, name) for name in list(self.workgroups)]
        return [w for w in live if w is not None and w.namespace_name == namespace_name]

    # --- namespaces ---

    def _check_kms_key(self, key_id: str | None, member: str) -> None:
        if key_id is None or key_id == "AWS_OWNED_KMS_KEY":
            return
        try:
            kms_backends[self.account_id][self.region_name].describe_key(key_id)
        except Exception:
            raise error("ValidationException", f"The KMS key {key_id} given as {member} does not exist.") from None

    def _manage_secret(self, namespace: Namespace, password: str | None = None) -> None:
        sm = secretsmanager_backends[self.account_id][self.region_name]
        secret = sm.create_managed_secret(
            service_name="redshift",
            secret_id=f"redshift!{namespace.name}-{namespace.admin_username or 'admin'}",
            secret_string=json.dumps(
                {"username": namespace.admin_username or "admin", "password": password or secrets.token_urlsafe(24)}
            ),
            description=f"Admin user password of Redshift Serverless namespace {namespace.name}",
            kms_key_id=namespace.secret_kms_key_id,
        )
        namespace.secret_arn = secret.arn

    def _drop_secret(self, namespace: Namespace) -> None:
        if namespace.secret_arn:
            secretsmanager_backends[self.account_id][self.region_name].delete_secret(
                namespace.secret_arn, recovery_window_in_days=None, force_delete_without_recovery=True
            )
            namespace.secret_arn = None

    def create_namespace(self, params: dict[str, Any]) -> Namespace:
        name = params["namespaceName"]
        if self._live(self.namespaces, name) is not None:
            raise error("ConflictException", f"Namespace {name} already exists.")
        managed = bool(params.get("manageAdminPassword"))
        if managed and params.get("adminUserPassword"):
            raise error("ValidationException", "You can't use adminUserPassword if manageAdminPassword is true.")
        self._check_kms_key(params.get("kmsKeyId"), "kmsKeyId")
        self._check_kms_key(params.get("adminPasswordSecretKmsKeyId"), "adminPasswordSecretKmsKeyId")
        namespace = Namespace(self, params)
        if managed:
            namespace.secret_kms_key_id = params.get("adminPasswordSecretKmsKeyId")
            self._manage_secret(namespace)
        if bridge_client.enabled():
            self._start_warehouse(namespace)
        self.namespaces[name] = namespace
        self.tags[namespace.arn] = {t["key"]: t["value"] for t in params.get("tags") or []}
        return namespace

    def _start_warehouse(self, namespace: Namespace) -> None:
        try:
            bridge_client.call(
                "POST",
                "/namespaces",
                {"namespace": namespace.name, "databaseName": namespace.db_name, "adminUsername": namespace.admin_username or "admin"},
            )
        except bridge_client.BridgeError as failure:
            self._drop_secret(namespace)
            raise error("InternalServerException", f"The local cloud's data plane could not create the warehouse: {failure.message}") from None

    def update_namespace(self, params: dict[str, Any]) -> Namespace:
        namespace = self.namespace(params["namespaceName"])
        if namespace.status != "AVAILABLE":
            raise busy("namespace", namespace.name)
        if params.get("manageAdminPassword") and params.get("adminUserPassword"):
            raise error("ValidationException", "You can't use adminUserPassword if manageAdminPassword is true.")
        self._check_kms_key(params.get("kmsKeyId"), "kmsKeyId")
        self._check_kms_key(params.get("adminPasswordSecretKmsKeyId"), "adminPasswordSecretKmsKeyId")
        if "adminUsername" in params:
            namespace.admin_username = params["adminUsername"]
        if "kmsKeyId" in params:
            namespace.kms_key_id = params["kmsKeyId"]
        if "defaultIamRoleArn" in params:
            namespace.default_iam_role_arn = params["defaultIamRoleArn"] or None
        if "iamRoles" in params:
            namespace.iam_roles = list(params["iamRoles"])
        if "logExports" in params:
            namespace.log_exports = list(params["logExports"])
        if "adminPasswordSecretKmsKeyId" in params:
            namespace.secret_kms_key_id = params["adminPasswordSecretKmsKeyId"]
        managed = params.get("manageAdminPassword")
        if managed is True and not namespace.secret_arn:
            self._manage_secret(namespace)
        elif managed is False and namespace.secret_arn:
            self._drop_secret(namespace)
            namespace.secret_kms_key_id = None
        namespace.transition = Transition.begin("MODIFYING", "AVAILABLE")
        return namespace

    def delete_namespace(self, name: str) -> Namespace:
        namespace = self.namespace(name)
        if namespace.status != "AVAILABLE":
            raise busy("namespace", name)
        attached = self.workgroups_of(name)
        if attached:
            raise error(
                "ConflictException",
                f"Namespace {name} has workgroup {attached[0].name}: delete the workgroup before the namespace.",
            )
        self._drop_secret(namespace)
        if bridge_client.enabled():
            try:
                bridge_client.call("DELETE", f"/namespaces/{bridge_client.segment(namespace.name)}")
            except bridge_client.BridgeError as failure:
                if failure.code != "NotFound":
                    raise error("InternalServerException", f"The local cloud's data plane could not delete the warehouse: {failure.message}") from None
        namespace.transition = Transition.begin("DELETING", GONE)
        return namespace

    # --- workgroups ---

    def _subnets(self, subnet_ids: list[str]) -> list[Any]:
        ec2 = ec2_backends[self.account_id][self.region_name]
        if not subnet_ids:
            # API_CreateWorkgroup.html (subnetIds): without subnets, the default VPC's are used.
            default_vpc = ec2.get_default_vpc()
            return sorted(
                (s for s in ec2.describe_subnets() if default_vpc and s.vpc_id == default_vpc.id and s.default_for_az),
                key=lambda subnet: subnet.availability_zone,
            )
        subnets = []
        for subnet_id in subnet_ids:
            try:
                subnets.append(ec2.get_subnet(subnet_id))
            except Exception:
                raise error("ValidationException", f"The subnet {subnet_id} does not exist.") from None
        zones = {subnet.availability_zone for subnet in subnets}
        # Considerations when using Amazon Redshift Serverless: three subnets in three zones, with or
        # without enhanced VPC routing (us-west-1: two zones).
        problem = workgroup_subnet_problem(self.region_name, len(subnets), len(zones))
        if subnets and problem:
            raise error("ValidationException", f"{problem} Subnets: {', '.join(subnet_ids)}.")
        return subnets

    @staticmethod
    def _check_capacity(base: int | None, maximum: int | None) -> None:
        if base is not None and (base < 8 or base > 1024 or base % 8):
            raise error("ValidationException", f"Base capacity {base} is not valid: use 8 to 1024 RPUs in steps of 8.")
        if maximum is not None and maximum != -1 and base is not None and maximum < base:
            raise error("ValidationException", f"Max capacity {maximum} must not be less than base capacity {base}.")

    @staticmethod
    def _check_parameters(parameters: list[dict[str, str]]) -> None:
        for parameter in parameters:
            if parameter.get("parameterKey") not in SUPPORTED_PARAMETER_KEYS:
                raise error(
                    "ValidationException",
                    f"The parameter key {parameter.get('parameterKey')} isn't supported. "
                    f"Supported values: [{', '.join(SUPPORTED_PARAMETER_KEYS)}]",
                )

    def create_workgroup(self, params: dict[str, Any]) -> Workgroup:
        name = params["workgroupName"]
        namespace = self.namespace(params["namespaceName"])
        if self._live(self.workgroups, name) is not None:
            raise error("ConflictException", f"Workgroup {name} already exists.")
        if self.workgroups_of(namespace.name):
            raise error("ConflictException", f"Namespace {namespace.name} already has a workgroup.")
        self._check_capacity(params.get("baseCapacity", DEFAULT_BASE_CAPACITY), params.get("maxCapacity"))
        self._check_parameters(params.get("configParameters") or [])
        subnets = self._subnets(list(params.get("subnetIds") or []))
        workgroup = Workgroup(self, params, subnets)
        if not workgroup.security_group_ids and subnets:
            # Without security groups, the VPC's default one (API_CreateWorkgroup.html, securityGroupIds).
            default_group = ec2_backends[self.account_id][self.region_name].get_default_security_group(subnets[0].vpc_id)
            workgroup.security_group_ids = [default_group.id] if default_group else []
        self.workgroups[name] = workgroup
        self.tags[workgroup.arn] = {t["key"]: t["value"] for t in params.get("tags") or []}
        return workgroup

    def update_workgroup(self, params: dict[str, Any]) -> Workgroup:
        workgroup = self.workgroup(params["workgroupName"])
        if workgroup.status != "AVAILABLE":
            raise busy("workgroup", workgroup.name)
        current = workgroup.describe()
        changes = {}
        for setting in UPDATABLE_SETTINGS:
            if setting not in params:
                continue
            if setting == "configParameters":
                self._check_parameters(params[setting])
                changed = {p["parameterKey"]: p["parameterValue"] for p in params[setting]}
                if any(workgroup.parameters.get(k) != v for k, v in changed.items()):
                    changes[setting] = changed
            elif setting == "subnetIds":
                if sorted(params[setting]) != sorted(current["subnetIds"]):
                    changes[setting] = self._subnets(list(params[setting]))
            elif setting == "securityGroupIds":
                if sorted(params[setting]) != sorted(current["securityGroupIds"]):
                    changes[setting] = list(params[setting])
            elif params[setting] != current.get(setting):
                changes[setting] = params[setting]
        if not changes:
            raise error("ValidationException", f"Workgroup {workgroup.name} already has these settings: nothing to update.")
        if len(changes) > 1:
            raise error(
                "ValidationException",
                f"You can't update multiple configurations at the same time ({', '.join(sorted(changes))}).",
            )
        setting, value = next(iter(changes.items()))
        if setting == "configParameters":
            workgroup.parameters.update(value)
        elif setting == "subnetIds":
            workgroup.subnets = value
            workgroup.interfaces = [Workgroup._interface(subnet, i) for i, subnet in enumerate(value)]
        elif setting == "baseCapacity":
            self._check_capacity(value, workgroup.max_capacity)
            workgroup.base_capacity = value
        elif setting == "maxCapacity":
            self._check_capacity(workgroup.base_capacity, value)
            workgroup.max_capacity = None if value == -1 else value
        else:
            attribute = {
                "enhancedVpcRouting": "enhanced_vpc_routing",
                "port": "port",
                "publiclyAccessible": "publicly_accessible",
                "securityGroupIds": "security_group_ids",
                "trackName": "track_name",
            }.get(setting)
            if attribute is None:
                raise error("ValidationException", f"The local cloud does not model updating {setting}.")
            setattr(workgroup, attribute, value)
        workgroup.transition = Transition.begin("MODIFYING", "AVAILABLE")
        return workgroup

    def delete_workgroup(self, name: str) -> Workgroup:
        workgroup = self.workgroup(name)
        if workgroup.status != "AVAILABLE":
            raise busy("workgroup", name)
        workgroup.transition = Transition.begin("DELETING", GONE)
        return workgroup

    # --- tags ---

    def resource_tags(self, arn: str) -> dict[str, str]:
        for store in (self.namespaces, self.workgroups):
            for name in list(store):
                item = self._live(store, name)
                if item is not None and item.arn == arn:
                    return self.tags.setdefault(arn, {})
        raise error("ResourceNotFoundException", f"Resource {arn} not found.")


redshiftserverless_backends = BackendDict(RedshiftServerlessBackend, SERVICE)


def page(items: list[dict[str, Any]], params: dict[str, Any], key: str) -> dict[str, Any]:
    start = int(params.get("nextToken") or 0)
    size = params.get("maxResults") or 100
    answer: dict[str, Any] = {key: items[start : start + size]}
    if start + size < len(items):
        answer["nextToken"] = str(start + size)
    return answer


class RedshiftServerlessResponse(BaseResponse):
    def __init__(self) -> None:
        super().__init__(service_name=SERVICE)

    @property
    def backend(self) -> RedshiftServerlessBackend:
        return redshiftserverless_backends[self.current_account][self.region]

    @operation(SERVICE, "CreateNamespace")
    def create_namespace(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"namespace": self.backend.create_namespace(params).describe()}

    @operation(SERVICE, "GetNamespace")
    def get_namespace(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"namespace": self.backend.namespace(params["namespaceName"]).describe()}

    @operation(SERVICE, "UpdateNamespace")
    def update_namespace(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"namespace": self.backend.update_namespace(params).describe()}

    @operation(SERVICE, "DeleteNamespace")
    def delete_namespace(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"namespace": self.backend.delete_namespace(params["namespaceName"]).describe()}

    @operation(SERVICE, "ListNamespaces")
    def list_namespaces(self, params: dict[str, Any]) -> dict[str, Any]:
        live = [self.backend._live(self.backend.namespaces, name) for name in list(self.backend.namespaces)]
        return page([n.describe() for n in live if n is not None], params, "namespaces")

    @operation(SERVICE, "CreateWorkgroup")
    def create_workgroup(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"workgroup": self.backend.create_workgroup(params).describe()}

    @operation(SERVICE, "GetWorkgroup")
    def get_workgroup(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"workgroup": self.backend.workgroup(params["workgroupName"]).describe()}

    @operation(SERVICE, "UpdateWorkgroup")
    def update_workgroup(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"workgroup": self.backend.update_workgroup(params).describe()}

    @operation(SERVICE, "DeleteWorkgroup")
    def delete_workgroup(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"workgroup": self.backend.delete_workgroup(params["workgroupName"]).describe()}

    @operation(SERVICE, "ListWorkgroups")
    def list_workgroups(self, params: dict[str, Any]) -> dict[str, Any]:
        live = [self.backend._live(self.backend.workgroups, name) for name in list(self.backend.workgroups)]
        return page([w.describe() for w in live if w is not None], params, "workgroups")

    @operation(SERVICE, "TagResource")
    def tag_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        self.backend.resource_tags(params["resourceArn"]).update({t["key"]: t["value"] for t in params["tags"]})
        return {}

    @operation(SERVICE, "UntagResource")
    def untag_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        tags = self.backend.resource_tags(params["resourceArn"])
        for key in params["tagKeys"]:
            tags.pop(key, None)
        return {}

    @operation(SERVICE, "ListTagsForResource")
    def list_tags_for_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        tags = self.backend.resource_tags(params["resourceArn"])
        return {"tags": [{"key": key, "value": value} for key, value in sorted(tags.items())]}


# What the registry adds: the operations this module answers (for the guard against moto's own).
OPERATIONS = [
    name
    for name, member in vars(RedshiftServerlessResponse).items()
    if getattr(member, "local_cloud_operation", None)
]
