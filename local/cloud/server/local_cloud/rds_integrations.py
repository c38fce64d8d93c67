"""RDS zero-ETL integrations: CreateIntegration, DescribeIntegrations, ModifyIntegration,
DeleteIntegration and their tags, on moto's `rds` service (RDS API Reference
API_CreateIntegration.html and siblings; Aurora User Guide "Aurora zero-ETL integrations").

Statuses (API_Integration.html `Status`; Aurora User Guide "Viewing and monitoring", zero-etl.describingmonitoring.html):
`creating` for a moment, then `active`, or `failed` with `Errors` when a precondition does not hold;
ModifyIntegration makes it `modifying`, DeleteIntegration `deleting`, then it is gone. Only an
`active`, `failed`, `syncing` or `needs_attention` integration can be deleted ("Deleting Aurora
zero-ETL integrations", zero-etl.deleting.html), only an `active` one modified. `syncing` and
`needs_attention` need a data plane (part 2) and are not reached here.

CreateIntegration refuses at once (the error codes its model declares, or AWS's common ones):
* a source that is no cluster of this account and Region: DBClusterNotFoundFault;
* a target that is no namespace the local cloud knows: InvalidParameterValue;
* a second integration with the same name, or for the same source and target (one integration per pair): IntegrationAlreadyExistsFault;
* AdditionalEncryptionContext without KMSKeyId: InvalidParameterCombination (the API reference:
  "You can only include this parameter if you specify the KMSKeyId parameter"); a KMSKeyId KMS
  does not know or has disabled: KMSKeyNotAccessibleFault;
* a malformed data filter (T3): InvalidParameterValue.

It accepts, and the integration then goes `failed` with one IntegrationError per unmet
precondition, for what the Aurora User Guide's "I can't create a zero-ETL integration"
(zero-etl.troubleshooting.html) lists as making creation fail, and Redshift's event
REDSHIFT-INTEGRATION-EVENT-0006 ("The integration failed to create", integration-event-notifications.html):
* the source runs an Aurora MySQL release older than 3.05.2 (A1), or has no writer instance (A10);
* its DB cluster parameter group lacks a zero-ETL value (A3/A4), or a change to it waits for a
  reboot (A7);
* the target namespace's resource policy does not authorise this source for
  AuthorizeInboundIntegration or the creating account for CreateInboundIntegration (R3);
* the namespace's workgroup does not have enable_case_sensitive_identifier=true (R2).
AWS publishes no list of `ErrorCode` values: the codes here are ours, each message names the fix.
The preconditions are evaluated when the integration is created.

With a data plane (bridge_client.enabled()) an integration that meets every precondition replicates:
it is created in the data plane (POST /v1/integrations: once `CREATE DATABASE … FROM INTEGRATION`
names it, the source is seeded and streamed into the namespace's warehouse), ModifyIntegration's
DataFilter reaches it (PATCH: excluded tables leave the target, "Data filtering for Aurora zero-ETL
integrations", zero-etl.filtering.html), DeleteIntegration stops it (DELETE; the target database
stays, "Deleting Aurora zero-ETL integrations"). An active integration with a table in `Failed`
reads `needs_attention`, as "Viewing and monitoring" describes, until the table is refreshed.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from moto.core.base_backend import BackendDict, BaseBackend
from moto.core.responses import BaseResponse
from moto.kms.models import kms_backends
from moto.rds.models import rds_backends

from . import bridge_client
from .clock import Transition
from .rds_parameter_status import changes_pending
from .redshift_resource_policy import authorizes, resource_policy_backends
from .redshift_serverless import redshiftserverless_backends
from .rules import CASE_SENSITIVE_IDENTIFIER, DEFAULT_DATA_FILTER, MIN_AURORA_VERSION, data_filter_problems, parameter_problems, supports_zero_etl
from .service_models import ServiceError, operation

SERVICE = "rds"
GONE = "gone"
DELETABLE = ("active", "failed", "syncing", "needs_attention")
FILTERS = ("integration-identifier", "integration-name", "source-arn", "target-arn", "status")


def fault(code: str, message: str) -> ServiceError:
    return ServiceError(code, message)


class Integration:
    def __init__(self, backend: "IntegrationBackend", params: dict[str, Any], errors: list[dict[str, str]]):
        self.id = str(uuid.uuid4())
        self.arn = f"arn:{backend.partition}:rds:{backend.region_name}:{backend.account_id}:integration:{self.id}"
        self.name: str = params["IntegrationName"]
        self.source_arn: str = params["SourceArn"]
        self.target_arn: str = params["TargetArn"]
        self.kms_key_id: str | None = params.get("KMSKeyId")
        self.encryption_context: dict[str, str] = dict(params.get("AdditionalEncryptionContext") or {})
        self.data_filter: str = params.get("DataFilter") or DEFAULT_DATA_FILTER
        self.description: str | None = params.get("Description")
        self.tags: list[dict[str, str]] = list(params.get("Tags") or [])
        self.created = datetime.now(timezone.utc)
        self.errors = errors
        self.transition = Transition.begin("creating", "failed" if errors else "active")
        # Whether the data plane replicates it (it met every precondition and a data plane runs).
        self.in_data_plane = False

    @property
    def status(self) -> str:
        status = self.transition.status
        if status == "active" and self.in_data_plane:
            try:
                return str(bridge_client.call("GET", f"/integrations/{self.id}")["status"])
            except bridge_client.BridgeError:
                return status
        return status

    def describe(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "IntegrationArn": self.arn,
            "IntegrationName": self.name,
            "SourceArn": self.source_arn,
            "TargetArn": self.target_arn,
            "Status": self.status,
            "CreateTime": self.created,
            "DataFilter": self.data_filter,
            "Tags": self.tags,
            "AdditionalEncryptionContext": self.encryption_context,
        }
        if self.kms_key_id:
            answer["KMSKeyId"] = self.kms_key_id
        if self.description is not None:
            answer["Description"] = self.description
        if self.status == "failed":
            answer["Errors"] = self.errors
        return answer

    # The tagging interface moto's RDS backend uses for Add/Remove/ListTagsForResource.
    def get_tags(self) -> list[dict[str, str]]:
        return self.tags

    def add_tags(self, tags: list[Any]) -> list[dict[str, str]]:
        # moto hands its parsed tags over as its own mapping type: keep plain Key/Value pairs.
        plain = [{"Key": str(tag["Key"]), "Value": str(tag.get("Value", ""))} for tag in tags]
        keys = {tag["Key"] for tag in plain}
        self.tags = [tag for tag in self.tags if tag["Key"] not in keys] + plain
        return self.tags

    def remove_tags(self, keys: list[str]) -> None:
        self.tags = [tag for tag in self.tags if tag["Key"] not in keys]


class IntegrationBackend(BaseBackend):
    def __init__(self, region_name: str, account_id: str):
        super().__init__(region_name, account_id)
        self.integrations: dict[str, Integration] = {}

    def live(self) -> list[Integration]:
        for arn, integration in list(self.integrations.items()):
            if integration.transition.after == GONE and integration.transition.done:
                del self.integrations[arn]
        return list(self.integrations.values())

    def find(self, identifier: str) -> Integration:
        for integration in self.live():
            if identifier in (integration.arn, integration.id, integration.name):
                return integration
        raise fault("IntegrationNotFoundFault", f"Integration {identifier} not found.")

    # --- CreateIntegration ---

    def _source_cluster(self, source_arn: str) -> Any:
        parts = source_arn.split(":")
        if len(parts) != 7 or parts[5] != "cluster":
            raise fault(
                "InvalidParameterValue",
                f"The local cloud models Aurora DB cluster sources (arn:aws:rds:<region>:<account>:cluster:<id>), not {source_arn}.",
            )
        region, account, cluster_id = parts[3], parts[4], parts[6]
        clusters = rds_backends[self.account_id][region].clusters if account == self.account_id else {}
        if cluster_id not in clusters:
            raise fault("DBClusterNotFoundFault", f"DBCluster {cluster_id} not found.")
        return clusters[cluster_id]

    def _target_namespace(self, target_arn: str) -> Any:
        parts = target_arn.split(":")
        if len(parts) == 6 and parts[2] == "redshift-serverless" and parts[4] == self.account_id:
            namespace = redshiftserverless_backends[self.account_id][parts[3]].namespace_by_arn(target_arn)
            if namespace is not None:
                return namespace
        raise fault(
            "InvalidParameterValue",
            f"The target {target_arn} is not a Redshift Serverless namespace of this account: use the namespace ARN "
            "(arn:aws:redshift-serverless:<region>:<account>:namespace/<id>).",
        )

    def _check_kms(self, params: dict[str, Any]) -> None:
        if params.get("AdditionalEncryptionContext") and not params.get("KMSKeyId"):
            raise fault(
                "InvalidParameterCombination",
                "You can only include AdditionalEncryptionContext if you specify KMSKeyId.",
            )
        key_id = params.get("KMSKeyId")
        if key_id:
            try:
                key = kms_backends[self.account_id][self.region_name].describe_key(key_id)
            except Exception:
                raise fault("KMSKeyNotAccessibleFault", f"The KMS key {key_id} does not exist in this account and Region.") from None
            if not key.enabled:
                raise fault("KMSKeyNotAccessibleFault", f"The KMS key {key_id} is disabled.")

    def _source_errors(self, cluster: Any) -> list[dict[str, str]]:
        errors = []
        if not supports_zero_etl(cluster.engine_version or ""):
            errors.append(
                {
                    "ErrorCode": "UnsupportedSourceEngineVersion",
                    "ErrorMessage": f"Source cluster {cluster.db_cluster_identifier} runs {cluster.engine} "
                    f"{cluster.engine_version}; zero-ETL needs Aurora MySQL {MIN_AURORA_VERSION} or later (A1): upgrade it.",
                }
            )
        if not any(member.is_cluster_writer for member in cluster.members):
            errors.append(
                {
                    "ErrorCode": "SourceClusterHasNoWriter",
                    "ErrorMessage": f"Source cluster {cluster.db_cluster_identifier} has no writer instance (A10): add one.",
                }
            )
        rds = rds_backends[self.account_id][cluster.region]
        group = rds.db_cluster_parameter_groups.get((cluster.parameter_group or "").lower())
        values = {name: str(p.get("ParameterValue")) for name, p in (group.parameters.items() if group else [])}
        problems = parameter_problems(values)
        if problems:
            errors.append(
                {
                    "ErrorCode": "InvalidSourceParameters",
                    "ErrorMessage": f"The DB cluster parameter group {cluster.parameter_group} of source cluster "
                    f"{cluster.db_cluster_identifier} does not meet zero-ETL's requirements: {'; '.join(problems)}. "
                    "Set these values in the cluster's custom parameter group, reboot the writer, and recreate the integration.",
                }
            )
        pending = [m.db_instance_identifier for m in cluster.members if changes_pending(m)]
        if pending:
            errors.append(
                {
                    "ErrorCode": "SourceParametersPendingReboot",
                    "ErrorMessage": f"Parameter changes of source cluster {cluster.db_cluster_identifier} wait for a reboot of "
                    f"{', '.join(pending)} (A7): reboot them, then recreate the integration.",
                }
            )
        return errors

    def _target_errors(self, namespace: Any, source_arn: str, caller_arn: str) -> list[dict[str, str]]:
        errors = []
        policies = resource_policy_backends[self.account_id][namespace.backend.region_name]
        missing = authorizes(policies.document(namespace.arn), namespace.arn, source_arn, self.account_id, caller_arn)
        if missing:
            errors.append(
                {
                    "ErrorCode": "IntegrationNotAuthorized",
                    "ErrorMessage": f"The resource policy of namespace {namespace.name} lacks {' and '.join(missing)} (R3): "
                    "add them with redshift PutResourcePolicy on the namespace ARN, then recreate the integration.",
                }
            )
        workgroups = namespace.backend.workgroups_of(namespace.name)
        parameter, value = CASE_SENSITIVE_IDENTIFIER["parameter"], CASE_SENSITIVE_IDENTIFIER["value"]
        if not workgroups or workgroups[0].parameters.get(parameter) != value:
            where = f"workgroup {workgroups[0].name}" if workgroups else f"namespace {namespace.name} (it has no workgroup)"
            errors.append(
                {
                    "ErrorCode": "CaseSensitivityNotEnabled",
                    "ErrorMessage": f"{where} does not set {parameter}={value} (R2): set it with redshift-serverless "
                    "UpdateWorkgroup, then recreate the integration.",
                }
            )
        return errors

    def create(self, params: dict[str, Any], caller_arn: str) -> Integration:
        cluster = self._source_cluster(params["SourceArn"])
        namespace = self._target_namespace(params["TargetArn"])
        self._check_kms(params)
        problems = data_filter_problems(params.get("DataFilter") or DEFAULT_DATA_FILTER)
        if problems:
            raise fault("InvalidParameterValue", f"The data filter is not valid (T3): {'; '.join(problems)}.")
        for other in self.live():
            if other.name == params["IntegrationName"]:
                raise fault("IntegrationAlreadyExistsFault", f"Integration {other.name} already exists.")
            if other.source_arn == params["SourceArn"] and other.target_arn == params["TargetArn"]:
                raise fault(
                    "IntegrationAlreadyExistsFault",
                    f"Integration {other.name} already connects {other.source_arn} to {other.target_arn}: one integration per source and target.",
                )
        errors = self._source_errors(cluster) + self._target_errors(namespace, params["SourceArn"], caller_arn)
        integration = Integration(self, params, errors)
        if not errors and bridge_client.enabled():
            try:
                bridge_client.call(
                    "POST",
                    "/integrations",
                    {
                        "integrationId": integration.id,
                        "integrationName": integration.name,
                        "sourceClusterId": cluster.db_cluster_identifier,
                        "namespace": namespace.name,
                        "dataFilter": integration.data_filter,
                    },
                )
            except bridge_client.BridgeError as failure:
                raise fault("InternalFailure", f"The local cloud's data plane could not start the integration: {failure.message}") from None
            integration.in_data_plane = True
        self.integrations[integration.arn] = integration
        return integration

    # --- ModifyIntegration, DeleteIntegration ---

    def modify(self, params: dict[str, Any]) -> Integration:
        integration = self.find(params["IntegrationIdentifier"])
        # The control-plane status: a needs_attention integration (a Failed table) can change its filter.
        if integration.transition.status != "active":
            raise fault(
                "InvalidIntegrationStateFault",
                f"Integration {integration.name} is {integration.status}; only an active integration can be modified.",
            )
        if "DataFilter" in params:
            problems = data_filter_problems(params["DataFilter"])
            if problems:
                raise fault("InvalidParameterValue", f"The data filter is not valid (T3): {'; '.join(problems)}.")
        name = params.get("IntegrationName")
        if name and name != integration.name and any(other.name == name for other in self.live()):
            raise fault("InvalidParameterValue", f"Integration {name} already exists.")
        if integration.in_data_plane and params.get("DataFilter", integration.data_filter) != integration.data_filter:
            try:
                bridge_client.call("PATCH", f"/integrations/{integration.id}", {"dataFilter": params["DataFilter"]})
            except bridge_client.BridgeError as failure:
                raise fault("InvalidParameterValue", f"The data filter is not valid: {failure.message}") from None
        integration.name = name or integration.name
        integration.data_filter = params.get("DataFilter", integration.data_filter)
        integration.description = params.get("Description", integration.description)
        integration.transition = Transition.begin("modifying", "active")
        return integration

    def delete(self, identifier: str) -> Integration:
        integration = self.find(identifier)
        if integration.status not in DELETABLE:
            raise fault(
                "InvalidIntegrationStateFault",
                f"Integration {integration.name} is {integration.status}; it can be deleted when it is "
                f"{', '.join(DELETABLE)}.",
            )
        if integration.in_data_plane:
            try:
                bridge_client.call("DELETE", f"/integrations/{integration.id}")
            except bridge_client.BridgeError as failure:
                if failure.code != "NotFound":
                    raise fault("InternalFailure", f"The local cloud's data plane could not stop the integration: {failure.message}") from None
            integration.in_data_plane = False
        integration.transition = Transition.begin("deleting", GONE)
        return integration

    def tagging_target(self, arn: str) -> Integration | None:
        return next((i for i in self.live() if i.arn == arn), None)


integration_backends = BackendDict(IntegrationBackend, SERVICE)


def _backend(response: BaseResponse) -> IntegrationBackend:
    return integration_backends[response.current_account][response.region]


def _caller_arn(response: BaseResponse) -> str:
    """The ARN of the identity that signed the request, as sts:GetCallerIdentity names it."""
    from moto.sts.models import sts_backends

    _, arn, _ = sts_backends[response.current_account][response.partition].get_caller_identity(
        response.access_key, response.region
    )
    return arn


@operation(SERVICE, "CreateIntegration")
def create_integration(response: BaseResponse, params: dict[str, Any]) -> dict[str, Any]:
    return _backend(response).create(params, _caller_arn(response)).describe()


@operation(SERVICE, "DescribeIntegrations")
def describe_integrations(response: BaseResponse, params: dict[str, Any]) -> dict[str, Any]:
    backend = _backend(response)
    if params.get("IntegrationIdentifier"):
        integrations = [backend.find(params["IntegrationIdentifier"])]
    else:
        integrations = backend.live()
    for entry in params.get("Filters") or []:
        name, values = entry["Name"], set(entry["Values"])
        if name not in FILTERS:
            raise fault(
                "InvalidParameterValue", f"Unrecognized filter name: {name}. Supported filters: {', '.join(FILTERS)}."
            )
        field = {
            "integration-identifier": lambda i: {i.arn, i.id, i.name},
            "integration-name": lambda i: {i.name},
            "source-arn": lambda i: {i.source_arn},
            "target-arn": lambda i: {i.target_arn},
            "status": lambda i: {i.status},
        }[name]
        integrations = [i for i in integrations if field(i) & values]
    size = params.get("MaxRecords", 100)
    if not 20 <= size <= 100:
        raise fault("InvalidParameterValue", f"MaxRecords must be between 20 and 100, got {size}.")
    start = int(params.get("Marker") or 0)
    answer: dict[str, Any] = {"Integrations": [i.describe() for i in integrations[start : start + size]]}
    if start + size < len(integrations):
        answer["Marker"] = str(start + size)
    return answer


@operation(SERVICE, "ModifyIntegration")
def modify_integration(response: BaseResponse, params: dict[str, Any]) -> dict[str, Any]:
    return _backend(response).modify(params).describe()


@operation(SERVICE, "DeleteIntegration")
def delete_integration(response: BaseResponse, params: dict[str, Any]) -> dict[str, Any]:
    return _backend(response).delete(params["IntegrationIdentifier"]).describe()


# The methods the registry adds to moto's RDSResponse.
OPERATIONS = {
    "create_integration": create_integration,
    "describe_integrations": describe_integrations,
    "modify_integration": modify_integration,
    "delete_integration": delete_integration,
}


def wrap_get_resource_for_tagging(original: Any) -> Any:
    """Lets moto's RDS tag calls (Add/Remove/ListTagsForResource) reach integrations by ARN."""

    def _get_resource_for_tagging(self: Any, arn: str) -> Any:
        if ":integration:" in arn:
            integration = integration_backends[self.account_id][self.region_name].tagging_target(arn)
            if integration is None:
                raise fault("IntegrationNotFoundFault", f"Integration {arn} not found.")
            return integration
        return original(self, arn)

    return _get_resource_for_tagging
