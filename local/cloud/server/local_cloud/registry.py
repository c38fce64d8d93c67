"""The one module that touches moto's internals: moto 5.2.5 has no plugin API, so adding a
service or an operation means writing into its dispatch tables and response classes. Everything
that does so is here, behind guards:

* `check_moto_version()`: another moto version is refused until these hooks are re-checked;
* `register_service()`: a new service (its URL pattern in `moto.backend_index`, a module moto's
  `get_backend()` imports, found by name) is refused if moto ships one of that name;
* `add_operation()`: an operation moto would dispatch to `<Response>.<snake_case_name>` is refused
  if moto already has that method (a moto upgrade must not be shadowed silently);
* `override()`: what we change of moto's own behaviour, only where moto has the attribute we
  replace (and of the kind we expect), each listed in `OVERRIDES` with the reason;
* `add_moto_api_route()`: a route of ours under /moto-api/local-cloud/ (what the data plane asks
  IAM), refused if moto serves that path itself;
* `install_data_plane()`: with LOCAL_CLOUD_BRIDGE_URL set, the operations that forward to the data
  plane (RDS clusters, the Redshift Data API, Lambda Invoke); without it, none of them is installed;
* `install_sigv4_fix()`: moto 5.2.5 signs the request *headers* as the payload of a bodyless
  GET/HEAD/DELETE (core/responses.py fills `data` from the headers, iam/access_control.py signs
  `body or data`), so every such call failed SignatureDoesNotMatch under IAM enforcement. AWS signs
  the empty payload; so does this fix (test/local/cloud/server/launcher.test.ts shows the bug).

test/local/cloud/server/registry.test.ts pins each guard and each override.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import types
from dataclasses import dataclass
from typing import Any, Callable

import moto

PINNED_MOTO = "5.2.5"


class RegistryError(Exception):
    """The local cloud cannot extend this moto safely; the message names the fix."""


@dataclass(frozen=True)
class Override:
    owner: str
    attribute: str
    why: str


OVERRIDES: list[Override] = []
ADDED_OPERATIONS: list[tuple[str, str]] = []
REGISTERED_SERVICES: list[str] = []
ADDED_ROUTES: list[str] = []


def check_moto_version(version: str | None = None) -> None:
    found = version if version is not None else moto.__version__
    if found != PINNED_MOTO:
        raise RegistryError(
            f"the local cloud extends moto {PINNED_MOTO} through its internals (local/cloud/server/local_cloud/registry.py), "
            f"but moto {found} is installed: re-check every hook against it (npx jest test/local/cloud/server), "
            "then update PINNED_MOTO."
        )


def register_service(name: str, url_pattern: str, module: types.ModuleType, backends_attribute: str) -> None:
    """Makes moto route `url_pattern` hosts to `module`'s backends and its response class."""
    import moto.backend_index as backend_index

    module_name = f"moto.{name}"
    if sys.modules.get(module_name) is not module and importlib.util.find_spec(module_name) is not None:
        raise RegistryError(f"moto now ships its own {module_name}: drop ours or merge it, then update the registry.")
    if any(existing == name for existing, _ in backend_index.backend_url_patterns):
        raise RegistryError(f"moto's backend index already routes a service named {name}.")
    if not hasattr(module, backends_attribute):
        raise RegistryError(f"{module.__name__} has no {backends_attribute} for moto's get_backend({name!r}).")
    sys.modules[module_name] = module
    backend_index.backend_url_patterns.append((name, re.compile(url_pattern)))
    REGISTERED_SERVICES.append(name)


def add_operation(response_class: type, method_name: str, method: Callable[..., Any]) -> None:
    if hasattr(response_class, method_name):
        raise RegistryError(
            f"moto's {response_class.__name__} now implements {method_name} itself: compare it with ours "
            f"({getattr(method, '__module__', '?')}), drop one of them, then update the registry."
        )
    setattr(response_class, method_name, method)
    ADDED_OPERATIONS.append((response_class.__name__, method_name))


def override(owner: type, attribute: str, replacement: Any, why: str, kind: type | None = None) -> Any:
    """Replaces `owner.attribute`; returns moto's original. `kind` is what moto's attribute must be."""
    original = owner.__dict__.get(attribute)
    if original is None:
        raise RegistryError(f"moto's {owner.__name__} no longer has {attribute}: re-check the override ({why}).")
    if kind is not None and not isinstance(original, kind):
        raise RegistryError(
            f"moto's {owner.__name__}.{attribute} is a {type(original).__name__}, not a {kind.__name__}: "
            f"re-check the override ({why})."
        )
    setattr(owner, attribute, replacement)
    OVERRIDES.append(Override(owner.__name__, attribute, why))
    return original


def add_moto_api_route(path: str, handler: Callable[..., Any]) -> None:
    """Serves `path` (a moto url_paths pattern starting `{0}/moto-api/local-cloud/`) on moto's /moto-api/."""
    from moto.moto_api._internal import urls

    if not path.startswith("{0}/moto-api/local-cloud/"):
        raise RegistryError(f"the local cloud's own moto-api routes live under /moto-api/local-cloud/, not {path}.")
    if path in urls.url_paths:
        raise RegistryError(f"moto now serves {path} itself: compare it with ours, drop one, then update the registry.")
    urls.url_paths[path] = handler
    ADDED_ROUTES.append(path.format(""))


def install_sigv4_fix() -> None:
    from moto.iam import access_control

    base = access_control.IAMRequestBase
    original = base.__dict__.get("_create_aws_request")
    if original is None:
        raise RegistryError("moto's IAMRequestBase no longer has _create_aws_request: re-check the SigV4 fix.")

    def create_aws_request(self: Any) -> Any:
        if not self._body and self._method in ("GET", "HEAD", "DELETE"):
            data, self._data = self._data, b""
            try:
                return original(self)
            finally:
                self._data = data
        return original(self)

    override(
        base,
        "_create_aws_request",
        create_aws_request,
        "SigV4: a bodyless GET/HEAD/DELETE is signed over the empty payload, as AWS does",
    )


def install() -> None:
    """Every extension of the local cloud, on the pinned moto."""
    check_moto_version()
    install_sigv4_fix()

    from moto.rds.models import DBCluster, RDSBackend
    from moto.rds.responses import RDSResponse
    from moto.redshift.responses import RedshiftResponse
    from moto.secretsmanager.responses import SecretsManagerResponse

    from . import (
        data_plane_iam,
        rds_integrations,
        rds_parameter_status,
        redshift_resource_policy,
        redshift_serverless,
        secrets_manager_authorization,
    )

    for path, handler in data_plane_iam.ROUTES.items():
        add_moto_api_route(path, handler)

    register_service(
        "redshiftserverless",
        redshift_serverless.URL_PATTERN,
        redshift_serverless,
        "redshiftserverless_backends",
    )
    for name, method in redshift_resource_policy.OPERATIONS.items():
        add_operation(RedshiftResponse, name, method)
    for name, method in rds_integrations.OPERATIONS.items():
        add_operation(RDSResponse, name, method)
    add_operation(SecretsManagerResponse, "_determine_resource", secrets_manager_authorization.determine_resource)

    function = types.FunctionType
    original = RDSBackend.__dict__["_get_resource_for_tagging"]
    override(
        RDSBackend,
        "_get_resource_for_tagging",
        rds_integrations.wrap_get_resource_for_tagging(original),
        "RDS Add/Remove/ListTagsForResource reach integrations by ARN",
        function,
    )
    for name, wrapper, why in (
        (
            "modify_db_cluster_parameter_group",
            rds_parameter_status.wrap_modify_db_cluster_parameter_group,
            "a pending-reboot change makes the group's cluster members pending-reboot; immediate is refused for static parameters",
        ),
        (
            "reboot_db_instance",
            rds_parameter_status.wrap_reboot_db_instance,
            "a reboot shows the instance rebooting, then available with its pending parameter changes applied",
        ),
        (
            "describe_db_instances",
            rds_parameter_status.wrap_describe_db_instances,
            "DBInstanceStatus follows the reboot",
        ),
    ):
        override(RDSBackend, name, wrapper(RDSBackend.__dict__[name]), why, function)
    override(
        DBCluster,
        "db_cluster_members",
        property(rds_parameter_status.db_cluster_members),
        "DBClusterMembers report each member's DBClusterParameterGroupStatus (moto: always in-sync)",
        property,
    )
    install_round_trips()
    from moto.iam.access_control import IAMRequest

    override(
        IAMRequest,
        "_raise_access_denied",
        secrets_manager_authorization.wrap_raise_access_denied(IAMRequest.__dict__["_raise_access_denied"]),
        "IAM refusals of JSON-protocol requests in JSON (moto answers XML, which JSON clients cannot parse)",
        types.FunctionType,
    )

    from . import bridge_client

    if bridge_client.enabled():
        install_data_plane()


def install_round_trips() -> None:
    """What moto accepts but does not answer back, answered as AWS does (round_trips.py)."""
    from moto.awslambda.models import LambdaFunction
    from moto.ec2.models.security_groups import SecurityGroupRule
    from moto.rds.models import DBCluster, DBInstance
    from moto.s3.responses import S3Response

    from . import round_trips

    function = types.FunctionType
    override(
        DBCluster,
        "scaling_configuration_info",
        round_trips.scaling_configuration_info(DBCluster.__dict__["scaling_configuration_info"]),
        "ScalingConfigurationInfo only for Aurora Serverless v1 clusters (moto: an empty one for every cluster)",
        property,
    )
    for name, wrapper in (("__init__", round_trips.wrap_db_instance_init), ("update", round_trips.wrap_db_instance_update)):
        override(
            DBInstance,
            name,
            wrapper(DBInstance.__dict__[name]),
            "DB instances answer their Performance Insights settings (moto dropped them)",
            function,
        )
    for name, wrapper, why in (
        ("__init__", round_trips.wrap_lambda_init, "functions keep their LoggingConfig, with AWS's defaults"),
        ("update_configuration", round_trips.wrap_lambda_update_configuration, "UpdateFunctionConfiguration changes LoggingConfig"),
        ("get_configuration", round_trips.wrap_lambda_get_configuration, "GetFunction(Configuration) answers LoggingConfig"),
    ):
        override(LambdaFunction, name, wrapper(LambdaFunction.__dict__[name]), why, function)
    override(
        SecurityGroupRule,
        "description",
        property(round_trips.security_group_rule_description),
        "the Description of a rule that references a security group (moto: CIDR rules only)",
        property,
    )
    override(
        S3Response,
        "get_bucket_notification",
        round_trips.wrap_get_bucket_notification(S3Response.__dict__["get_bucket_notification"]),
        "GetBucketNotificationConfiguration answers EventBridgeConfiguration (moto stored it, never answered it)",
        function,
    )


def install_data_plane() -> None:
    """The operations that forward to the data plane's bridge (bridge_client.py), on top of install()."""
    from moto.awslambda.responses import LambdaResponse
    from moto.rds.models import DBCluster, RDSBackend
    from moto.redshiftdata.responses import RedshiftDataAPIServiceResponse

    from . import lambda_invoke, rds_data_plane, redshift_data

    function = types.FunctionType
    for name, wrapper, why in (
        ("create_db_cluster", rds_data_plane.wrap_create_db_cluster, "data plane: CreateDBCluster starts the cluster's server"),
        ("delete_db_cluster", rds_data_plane.wrap_delete_db_cluster, "data plane: DeleteDBCluster stops it and removes its data"),
        ("reboot_db_instance", rds_data_plane.wrap_reboot_db_instance, "data plane: rebooting the writer restarts the server"),
    ):
        override(RDSBackend, name, wrapper(RDSBackend.__dict__[name]), why, function)
    for name in ("endpoint", "reader_endpoint"):
        original = DBCluster.__dict__[name]
        override(
            DBCluster,
            name,
            rds_data_plane.endpoint_property(original, "host" if name == "endpoint" else "readerHost"),
            f"data plane: DescribeDBClusters' {name} reaches the cluster's server",
            property,
        )
    for name, method in redshift_data.OVERRIDDEN.items():
        override(
            RedshiftDataAPIServiceResponse,
            name,
            method,
            "data plane: Data API statements run in the workgroup's warehouse (moto's never finish)",
            function,
        )
    for name, method in redshift_data.ADDED.items():
        add_operation(RedshiftDataAPIServiceResponse, name, method)
    override(
        LambdaResponse,
        "invoke",
        lambda_invoke.invoke,
        "data plane: Invoke runs the function's zip with node (moto answers a canned payload)",
        function,
    )
