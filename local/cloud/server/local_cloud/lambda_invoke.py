"""Lambda's Invoke run by the data plane (POST /v1/functions/invoke): the function's uploaded zip is
executed by `node` with its handler, environment, timeout and memory, instead of moto's canned
answer. Installed only with a data plane. AWS Lambda API Reference, Invoke:
https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html

* The function is found by name, ARN or partial ARN, with `Qualifier` (a version or alias) as moto
  resolves it; an unknown one is ResourceNotFoundException ("Function not found: <arn>").
* `InvocationType`: `RequestResponse` (the default) runs the function and answers 200 with its
  response document as the payload; `Event` queues it and answers 202 with no payload (the function
  runs in the background, as the asynchronous invocation of an EventBridge schedule does); `DryRun`
  only checks the request and answers 204.
* The payload must be JSON (InvalidRequestContentException, "Could not parse request body into
  json"), as the API reference states for the event.
* A function that throws or times out answers 200 with `X-Amz-Function-Error: Unhandled` and
  `{errorType, errorMessage, trace}` as the payload ("Invoke": "If the function returns an error,
  the response ... includes details about the error"); `LogType: Tail` adds `X-Amz-Log-Result`,
  the last 4 KB of the log, base64, for synchronous invocations only; `X-Amz-Executed-Version`
  names the version that ran.
* The function runs with its execution role's session, from the local cloud's STS AssumeRole
  ("Defining Lambda function permissions with an execution role": Lambda assumes the role and gives
  the function its temporary credentials), kept for the environment's life as Lambda does.
* A runtime the data plane cannot run (anything but Node.js) is InvalidRuntimeException.

The answer is held to the newest botocore's `lambda` model (service_models.py) and written from it:
the status code, each header member at its `locationName`, the payload as the body.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from typing import Any

from moto.awslambda.exceptions import UnknownFunctionException
from moto.core.responses import BaseResponse
from moto.sts.models import sts_backends
from moto.utilities.utils import get_partition

from . import bridge_client
from .service_models import ServiceError, answer, operation_model

SERVICE = "lambda"
OPERATION = "Invoke"
# A role session lasts an hour by default (AssumeRole DurationSeconds); renew it well before.
SESSION_SECONDS = 3600
SESSION_RENEW_AFTER_SECONDS = 2700
# The bridge answers when the function returns or times out (at most 900 s, Lambda's limit).
BRIDGE_MARGIN_SECONDS = 60

_sessions: dict[tuple[str, str, str], tuple[float, dict[str, str]]] = {}
_sessions_lock = threading.Lock()


def _role_session(account_id: str, region: str, function_name: str, role_arn: str) -> dict[str, str]:
    key = (account_id, role_arn, function_name)
    with _sessions_lock:
        cached = _sessions.get(key)
        if cached is not None and time.monotonic() - cached[0] < SESSION_RENEW_AFTER_SECONDS:
            return cached[1]
        role = sts_backends[account_id][get_partition(region)].assume_role(
            region_name=region,
            role_session_name=function_name,
            role_arn=role_arn,
            policy=None,
            duration=SESSION_SECONDS,
            external_id=None,
        )
        credentials = {
            "accessKeyId": role.access_key_id,
            "secretAccessKey": role.secret_access_key,
            "sessionToken": role.session_token,
        }
        _sessions[key] = (time.monotonic(), credentials)
        return credentials


def _invoke_on_bridge(request: dict[str, Any], code: bytes, timeout_seconds: int) -> dict[str, Any]:
    """The bridge runs code it has by hash; it answers 409 CodeNotFound once, then gets the zip."""
    timeout = timeout_seconds + BRIDGE_MARGIN_SECONDS
    try:
        return bridge_client.call("POST", "/functions/invoke", request, timeout=timeout)  # type: ignore[no-any-return]
    except bridge_client.BridgeError as failure:
        if failure.code != "CodeNotFound":
            raise
    with_code = {**request, "code": base64.b64encode(code).decode("ascii")}
    return bridge_client.call("POST", "/functions/invoke", with_code, timeout=timeout)  # type: ignore[no-any-return]


def _run(response: BaseResponse, params: dict[str, Any]) -> dict[str, Any]:
    # moto's own choice of backend (the local cloud configures lambda-simple: functions live there).
    backend = response.backend  # type: ignore[attr-defined]
    name = params["FunctionName"]
    try:
        function = backend.get_function(name, params.get("Qualifier"))
    except UnknownFunctionException:
        raise ServiceError("ResourceNotFoundException", f"Function not found: {name}") from None
    payload = params.get("Payload") or b"{}"
    text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
    try:
        json.loads(text)
    except ValueError:
        raise ServiceError("InvalidRequestContentException", "Could not parse request body into json") from None
    invocation_type = params.get("InvocationType") or "RequestResponse"
    version = str(function.version)
    if invocation_type == "DryRun":
        return {"StatusCode": 204}
    request = {
        "functionArn": function.function_arn,
        "codeSha256": function.code_sha_256,
        "handler": function.handler,
        "runtime": function.run_time,
        "environment": dict(function.environment_vars or {}),
        "timeoutSeconds": int(function.timeout),
        "memoryMb": int(function.memory_size),
        "credentials": _role_session(response.current_account, response.region, function.function_name, function.role),
        "region": response.region,
        "payload": text,
        "logType": params.get("LogType") or "None",
    }
    code: bytes = function.code_bytes
    if invocation_type == "Event":
        # Asynchronous invocation: Lambda queues the event and answers 202 at once.
        request["logType"] = "None"
        threading.Thread(target=_invoke_in_background, args=(request, code, int(function.timeout)), daemon=True).start()
        return {"StatusCode": 202}
    try:
        result = _invoke_on_bridge(request, code, int(function.timeout))
    except bridge_client.BridgeError as failure:
        if failure.code == "InvalidParameter":
            raise ServiceError("InvalidRuntimeException", failure.message) from None
        raise ServiceError("ServiceException", f"The local cloud's data plane could not run {name}: {failure.message}") from None
    answer_: dict[str, Any] = {
        "StatusCode": 200,
        "Payload": result["payload"].encode("utf-8"),
        "ExecutedVersion": result.get("executedVersion") or version,
    }
    if result.get("functionError"):
        answer_["FunctionError"] = result["functionError"]
    if result.get("logResult") and request["logType"] == "Tail":
        answer_["LogResult"] = result["logResult"]
    return answer_


def _invoke_in_background(request: dict[str, Any], code: bytes, timeout_seconds: int) -> None:
    try:
        _invoke_on_bridge(request, code, timeout_seconds)
    except bridge_client.BridgeError as failure:
        # Lambda would retry and then drop the event (or send it to a DLQ); the local cloud logs it.
        print(f"local cloud: asynchronous invoke of {request['functionArn']} failed: {failure.message}", flush=True)


def _write(result: dict[str, Any]) -> tuple[int, dict[str, Any], bytes]:
    """Invoke's answer as its model places it: statusCode, headers at their locationName, the payload as body."""
    shape = operation_model(SERVICE, OPERATION).output_shape
    status = 200
    headers: dict[str, Any] = {"content-type": "application/json"}
    body = b""
    for member_name, member in shape.members.items():
        value = result.get(member_name)
        if value is None:
            continue
        location = member.serialization.get("location")
        if location == "statusCode":
            status = int(value)
        elif location == "header":
            headers[member.serialization["name"]] = str(value)
        elif member_name == shape.serialization.get("payload"):
            body = value if isinstance(value, bytes) else str(value).encode("utf-8")
    headers["status"] = status
    return status, headers, body


def invoke(self: BaseResponse) -> Any:
    return answer(self, SERVICE, OPERATION, _run, write=_write)


invoke.local_cloud_operation = (SERVICE, OPERATION)  # type: ignore[attr-defined]
