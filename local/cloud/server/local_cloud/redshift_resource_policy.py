"""Redshift resource policies (PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy) on the
existing `redshift` service, for the zero-ETL authorization of a Redshift Serverless namespace
(R3; Redshift API Reference API_PutResourcePolicy.html; Management Guide "Configure authorization
for your Amazon Redshift data warehouse", zero-etl-using.redshift-iam.html).

The policy is kept per resource ARN; writing one replaces the earlier one (R3). The ARN must name a
namespace the local cloud knows (or a moto provisioned cluster), else ResourceNotFoundFault; the
document must be JSON with a Statement, else InvalidPolicyFault. `authorizes()` answers what
CreateIntegration asks of it.
"""

from __future__ import annotations

import json
from typing import Any

from moto.core.base_backend import BackendDict, BaseBackend
from moto.core.responses import BaseResponse
from moto.redshift.models import redshift_backends

from .redshift_serverless import redshiftserverless_backends
from .rules import AUTHORIZATION
from .service_models import ServiceError, operation

SERVICE = "redshift"


class ResourcePolicyBackend(BaseBackend):
    def __init__(self, region_name: str, account_id: str):
        super().__init__(region_name, account_id)
        self.policies: dict[str, str] = {}

    def _check_resource(self, arn: str) -> None:
        parts = arn.split(":")
        if len(parts) >= 6 and parts[2] == "redshift-serverless" and parts[5].startswith("namespace/"):
            if redshiftserverless_backends[self.account_id][self.region_name].namespace_by_arn(arn):
                return
        elif len(parts) >= 7 and parts[2] == "redshift" and parts[5] == "cluster":
            if parts[6] in redshift_backends[self.account_id][self.region_name].clusters:
                return
        raise ServiceError("ResourceNotFoundFault", f"The resource {arn} could not be found.")

    def put(self, arn: str, policy: str) -> str:
        self._check_resource(arn)
        try:
            document = json.loads(policy)
        except ValueError:
            raise ServiceError("InvalidPolicyFault", "The resource policy isn't valid JSON.") from None
        if not isinstance(document, dict) or not document.get("Statement"):
            raise ServiceError("InvalidPolicyFault", "The resource policy has no Statement.")
        self.policies[arn] = policy
        return policy

    def get(self, arn: str) -> str:
        self._check_resource(arn)
        if arn not in self.policies:
            raise ServiceError("ResourceNotFoundFault", f"The resource {arn} has no resource policy.")
        return self.policies[arn]

    def delete(self, arn: str) -> None:
        self._check_resource(arn)
        if self.policies.pop(arn, None) is None:
            raise ServiceError("ResourceNotFoundFault", f"The resource {arn} has no resource policy.")

    def document(self, arn: str) -> dict[str, Any] | None:
        policy = self.policies.get(arn)
        return json.loads(policy) if policy else None


resource_policy_backends = BackendDict(ResourcePolicyBackend, SERVICE)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value is not None else []


def _allows(statement: dict[str, Any], action: str, resource: str) -> bool:
    actions = _listed(statement.get("Action"))
    resources = _listed(statement.get("Resource"))
    action_matches = any(a in (action, "redshift:*", "*") for a in actions)
    resource_matches = not resources or any(r in (resource, "*") for r in resources)
    return statement.get("Effect") == "Allow" and action_matches and resource_matches


def authorizes(
    document: dict[str, Any] | None, namespace_arn: str, source_arn: str, account_id: str, caller_arn: str
) -> list[str]:
    """What the namespace's policy fails to grant for an integration from `source_arn` (empty: all granted).

    R3: the Redshift service principal may AuthorizeInboundIntegration with aws:SourceArn = the
    source, and the creating principal (its account's root, or its own ARN, or for an assumed role
    the role's ARN) may CreateInboundIntegration. Explicit Denys of either action win. AWS also
    lets a same-account principal whose identity policy allows CreateInboundIntegration skip the
    authorized principal (zero-etl-using.redshift-iam.html); that path is not modeled.
    """
    statements = _listed((document or {}).get("Statement"))
    source_action, creator_action = AUTHORIZATION["sourceAction"], AUTHORIZATION["creatorAction"]
    condition_key = AUTHORIZATION["sourceArnConditionKey"]

    def principals(statement: dict[str, Any], kind: str) -> list[str]:
        principal = statement.get("Principal")
        if principal == "*":
            return ["*"]
        return [str(p) for p in _listed((principal or {}).get(kind))] if isinstance(principal, dict) else []

    def source_condition_holds(statement: dict[str, Any]) -> bool:
        conditions = statement.get("Condition") or {}
        for operator, values in conditions.items():
            if condition_key in values:
                expected = _listed(values[condition_key])
                if operator in ("StringEquals", "ArnEquals") and source_arn not in expected:
                    return False
                if operator in ("StringLike", "ArnLike") and not any(
                    _like(pattern, source_arn) for pattern in expected
                ):
                    return False
        return True

    def denied(action: str) -> bool:
        return any(
            s.get("Effect") == "Deny" and _allows({**s, "Effect": "Allow"}, action, namespace_arn) for s in statements
        )

    missing = []
    source_ok = any(
        _allows(s, source_action, namespace_arn)
        and AUTHORIZATION["sourceServicePrincipal"] in principals(s, "Service")
        and source_condition_holds(s)
        and any(condition_key in values for values in (s.get("Condition") or {}).values())
        for s in statements
    )
    if not source_ok or denied(source_action):
        missing.append(
            f"an authorized integration source: {source_action} for {AUTHORIZATION['sourceServicePrincipal']} "
            f"with {condition_key} = {source_arn}"
        )
    creators = {f"arn:aws:iam::{account_id}:root", account_id, caller_arn, "*"}
    if ":assumed-role/" in caller_arn:
        role = caller_arn.split(":assumed-role/", 1)[1].split("/")[0]
        creators.add(f"arn:aws:iam::{account_id}:role/{role}")
    creator_ok = any(
        _allows(s, creator_action, namespace_arn) and creators & set(principals(s, "AWS")) for s in statements
    )
    if not creator_ok or denied(creator_action):
        missing.append(f"an authorized principal: {creator_action} for arn:aws:iam::{account_id}:root or {caller_arn}")
    return missing


def _like(pattern: str, value: str) -> bool:
    import fnmatch

    return fnmatch.fnmatchcase(value, pattern)


def _backend(response: BaseResponse) -> ResourcePolicyBackend:
    return resource_policy_backends[response.current_account][response.region]


@operation(SERVICE, "PutResourcePolicy")
def put_resource_policy(response: BaseResponse, params: dict[str, Any]) -> dict[str, Any]:
    policy = _backend(response).put(params["ResourceArn"], params["Policy"])
    return {"ResourcePolicy": {"ResourceArn": params["ResourceArn"], "Policy": policy}}


@operation(SERVICE, "GetResourcePolicy")
def get_resource_policy(response: BaseResponse, params: dict[str, Any]) -> dict[str, Any]:
    policy = _backend(response).get(params["ResourceArn"])
    return {"ResourcePolicy": {"ResourceArn": params["ResourceArn"], "Policy": policy}}


@operation(SERVICE, "DeleteResourcePolicy")
def delete_resource_policy(response: BaseResponse, params: dict[str, Any]) -> dict[str, Any]:
    _backend(response).delete(params["ResourceArn"])
    return {}


# The methods the registry adds to moto's RedshiftResponse.
OPERATIONS = {
    "put_resource_policy": put_resource_policy,
    "get_resource_policy": get_resource_policy,
    "delete_resource_policy": delete_resource_policy,
}
