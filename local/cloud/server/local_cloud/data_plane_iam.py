"""What the data plane asks IAM (LOCAL_CLOUD_ROUTES in local/cloud/bridge/contract.ts), served on the
local cloud endpoint under /moto-api/ (local only, unsigned, like moto's own /moto-api/ routes):

* `GET /moto-api/local-cloud/v1/access-keys/<id>`: the key's secret, the session token of an STS
  session, and the principal's ARN as sts:GetCallerIdentity names it; 404 for a key IAM does not
  know. The cluster endpoint needs the secret to check an RDS IAM authentication token's SigV4
  signature ("IAM database authentication", Aurora User Guide UsingWithRDS.IAMDBAuth.html).
* `POST /moto-api/local-cloud/v1/authorize` `{principalArn, action, resource}`: `{allowed}`, by the
  principal's identity policies evaluated with moto's own IAM policy engine (an explicit Deny wins,
  then any Allow), the way moto checks every request under IAM enforcement; always allowed when
  the local cloud does not enforce IAM (as every request is then). For `rds-db:connect` on
  `arn:aws:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user>` ("Creating and using an IAM
  policy for IAM database access", UsingWithRDS.IAMDBAuth.IAMPolicy.html).
"""

from __future__ import annotations

import json
import os
from typing import Any

from moto import settings
from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.access_control import (
    AssumedRoleAccessKey,
    CreateAccessKeyFailure,
    IAMPolicy,
    IAMUserAccessKey,
    PermissionResult,
)
from moto.iam.models import iam_backends
from moto.sts.models import sts_backends

PARTITION = "aws"
ACCESS_KEY_PATH = r"{0}/moto-api/local-cloud/v1/access-keys/(?P<access_key_id>[^/]+)$"
AUTHORIZE_PATH = r"{0}/moto-api/local-cloud/v1/authorize$"


def _json(status: int, body: Any) -> tuple[int, dict[str, str], str]:
    return status, {"Content-Type": "application/json"}, json.dumps(body)


def _not_found(message: str) -> tuple[int, dict[str, str], str]:
    return _json(404, {"error": {"code": "NoSuchEntity", "message": message}})


def _account() -> str:
    """The local cloud's account, chosen as moto chooses a request's (BaseResponse.get_current_account:
    MOTO_ACCOUNT_ID first). Its users, roles and STS sessions live in that account's backends."""
    return os.environ.get("MOTO_ACCOUNT_ID", DEFAULT_ACCOUNT_ID)


def _user_key(access_key_id: str) -> IAMUserAccessKey | None:
    try:
        return IAMUserAccessKey(_account(), PARTITION, access_key_id, {})
    except CreateAccessKeyFailure:
        return None


def _session(access_key_id: str) -> Any:
    return next(
        (role for role in sts_backends[_account()][PARTITION].assumed_roles if role.access_key_id == access_key_id),
        None,
    )


def access_key_answer(access_key_id: str) -> dict[str, str] | None:
    user_key = _user_key(access_key_id)
    if user_key is not None:
        credentials = user_key.create_credentials()
        return {"accessKeyId": access_key_id, "secretAccessKey": credentials.secret_key, "principalArn": user_key.arn}
    session = _session(access_key_id)
    if session is None:
        return None
    key = AssumedRoleAccessKey(_account(), PARTITION, access_key_id, {"X-Amz-Security-Token": session.session_token})
    return {
        "accessKeyId": access_key_id,
        "secretAccessKey": session.secret_access_key,
        "sessionToken": session.session_token,
        "principalArn": key.arn,
    }


def _policies_of(principal_arn: str) -> list[Any] | None:
    """The identity policies of a user or an assumed-role session, as moto collects them for a request."""
    iam = iam_backends[_account()][PARTITION]
    if ":user/" in principal_arn:
        name = principal_arn.rsplit("/", 1)[-1]
        user = next((u for u in iam.list_users("/", None, None) if u.name == name), None)
        if user is None or not user.access_keys:
            return None
        key = _user_key(user.access_keys[0].access_key_id)
        return key.collect_policies() if key else None
    if ":assumed-role/" in principal_arn:
        role_name, _, session_name = principal_arn.split(":assumed-role/", 1)[1].partition("/")
        for session in sts_backends[_account()][PARTITION].assumed_roles:
            if session.role_arn.split("/")[-1] == role_name and session.session_name == session_name:
                key = AssumedRoleAccessKey(
                    _account(), PARTITION, session.access_key_id, {"X-Amz-Security-Token": session.session_token}
                )
                return key.collect_policies()
    return None


def iam_enforced() -> bool:
    return settings.INITIAL_NO_AUTH_ACTION_COUNT != float("inf")


def is_allowed(principal_arn: str, action: str, resource: str) -> bool:
    if not iam_enforced():
        return True
    policies = _policies_of(principal_arn)
    if policies is None:
        return False
    allowed = False
    for policy in policies:
        result = IAMPolicy(policy).is_action_permitted(action, resource)
        if result == PermissionResult.DENIED:
            return False
        allowed = allowed or result == PermissionResult.PERMITTED
    return allowed


def access_key_route(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    if request.method != "GET":
        return _json(405, {"error": {"code": "MethodNotAllowed", "message": "GET only"}})
    from urllib.parse import unquote, urlparse

    access_key_id = unquote(urlparse(full_url).path.rstrip("/").rsplit("/", 1)[-1])
    answer = access_key_answer(access_key_id)
    return _json(200, answer) if answer else _not_found(f"IAM has no access key {access_key_id}")


def authorize_route(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    if request.method != "POST":
        return _json(405, {"error": {"code": "MethodNotAllowed", "message": "POST only"}})
    try:
        body = json.loads(request.data or b"{}")
        principal, action, resource = body["principalArn"], body["action"], body["resource"]
    except (ValueError, KeyError, TypeError):
        return _json(400, {"error": {"code": "BadRequest", "message": "send {principalArn, action, resource}"}})
    return _json(200, {"allowed": is_allowed(str(principal), str(action), str(resource))})


# The routes the registry adds to moto's /moto-api/ (path pattern -> handler).
ROUTES = {ACCESS_KEY_PATH: access_key_route, AUTHORIZE_PATH: authorize_route}
