"""AWS's published service models as the contract of every operation the local cloud adds.

The models are the newest botocore's, the one awscli vendors (`awscli/botocore/data`, botocore
1.43.62 with awscli 1.46.3), read as JSON and loaded with moto's own botocore classes: importing
`awscli` would alias the vendored botocore over the one moto runs on (awscli/__init__.py installs an
import finder), so only its data files are used.

Every operation we add goes through `answer()` (see `operation()`):

* the request is parsed with the operation's input shape and validated like AWS's front end:
  required members, types and length/range minimums (botocore's ParamValidator), plus maximums
  and `pattern`s, which botocore does not check client-side but AWS enforces. A violation is the
  protocol's validation error (`ValidationError` for query services, `ValidationException` for
  JSON ones), with AWS's "1 validation error detected" wording;
* the answer is checked against the output shape, recursively: every member must exist in the
  model, have its type, hold one of its enum values, and required members must be present; an
  error must carry a code the operation declares (or one of AWS's common errors). A violation is
  our bug, not the caller's: it becomes a loud HTTP 500 naming the member path, so any test
  fails on it;
* the answer is serialized by moto's serializer against the same (newest) model.
"""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import datetime
from functools import lru_cache
from importlib.util import find_spec
from typing import Any, Callable

from botocore.model import OperationModel, Shape
from botocore.validate import ParamValidator
from moto.core.exceptions import ServiceException
from moto.core.model import ServiceModel
from moto.core.parse import PROTOCOL_PARSERS
from moto.core.request import determine_request_protocol
from moto.core.responses import ActionContext, ActionResult, BaseResponse
from moto.core.serialize import get_serializer_class
from moto.core.utils import camelcase_to_underscores

# The API version of each service whose model we read (the folder name under botocore/data).
API_VERSIONS = {
    "rds": "2014-10-31",
    "redshift": "2012-12-01",
    "redshift-serverless": "2021-04-21",
    "redshift-data": "2019-12-20",
    "lambda": "2015-03-31",
}

# Errors any operation may answer without its model listing them: AWS's "Common Errors" of the
# query APIs (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/CommonErrors.html) and
# of the JSON APIs (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/CommonErrors.html).
COMMON_ERRORS = {
    "AccessDeniedException",
    "IncompleteSignature",
    "InternalFailure",
    "InvalidAction",
    "InvalidClientTokenId",
    "InvalidParameterCombination",
    "InvalidParameterValue",
    "InvalidQueryParameter",
    "MalformedQueryString",
    "MissingAction",
    "MissingAuthenticationToken",
    "MissingParameter",
    "NotAuthorized",
    "OptInRequired",
    "RequestExpired",
    "ServiceUnavailable",
    "ThrottlingException",
    "ValidationError",
    "ValidationException",
}


class ModelViolation(Exception):
    """Our answer does not fit AWS's model: a bug of the local cloud, reported as HTTP 500."""


def model_dir() -> str:
    spec = find_spec("awscli")
    if spec is None or spec.origin is None:
        raise ModelViolation("awscli is not installed in .venv/: its botocore holds the service models")
    return os.path.join(os.path.dirname(spec.origin), "botocore", "data")


@lru_cache(maxsize=None)
def service_model(service: str) -> ServiceModel:
    path = os.path.join(model_dir(), service, API_VERSIONS[service], "service-2.json")
    with open(path, encoding="utf-8") as model_file:
        return ServiceModel(json.load(model_file), service_name=service)


def operation_model(service: str, operation: str) -> OperationModel:
    return service_model(service).operation_model(operation)


class ServiceError(ServiceException):
    """An AWS error answer of an operation we add: `ServiceError(code, message)`.

    Defined outside moto's package on purpose: moto's serializer looks an exception's error shape
    up in the model of the moto package that defines it, and ours are in the operation's model.
    """


class ValidationFailed(ServiceError):
    """AWS's front-end validation error; the code depends on the protocol (see `validation_error`)."""

    def __init__(self, code: str, problems: list[str]):
        count = len(problems)
        noun = "error" if count == 1 else "errors"
        super().__init__(code, f"{count} validation {noun} detected: {'; '.join(problems)}")


def validation_error(service: str, problems: list[str]) -> ValidationFailed:
    protocol = service_model(service).protocol
    return ValidationFailed("ValidationException" if protocol == "json" else "ValidationError", problems)


# --- requests -----------------------------------------------------------------------------------


def request_problems(model: OperationModel, params: dict[str, Any]) -> list[str]:
    """What AWS's front end would refuse in `params` (empty when the request is valid)."""
    if model.input_shape is None:
        return []
    report = ParamValidator().validate(params, model.input_shape)
    lines = report.generate_report().splitlines() if report.has_errors() else []
    problems = [line.strip() for line in lines if line.strip() and not line.startswith("Parameter validation failed")]
    problems += _constraint_problems(params, model.input_shape, "")
    return problems


def _constraint_problems(value: Any, shape: Shape, path: str) -> list[str]:
    """Maximums and patterns, in AWS's wording ('Value ... at ... failed to satisfy constraint')."""
    problems: list[str] = []
    metadata = shape.metadata
    where = path.lstrip(".") or shape.name
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value and value[name] is not None:
                problems += _constraint_problems(value[name], member, f"{path}.{name}")
    elif shape.type_name == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            problems += _constraint_problems(item, shape.member, f"{path}.{index + 1}")
    elif shape.type_name == "map" and isinstance(value, dict):
        for key, item in value.items():
            problems += _constraint_problems(item, shape.value, f"{path}.{key}")
    if isinstance(value, str) and "pattern" in metadata and not re.fullmatch(metadata["pattern"], value):
        problems.append(
            f"Value '{value}' at '{where}' failed to satisfy constraint: Member must satisfy regular "
            f"expression pattern: {metadata['pattern']}"
        )
    if "max" in metadata:
        size = len(value) if isinstance(value, (str, list, dict)) else value
        if isinstance(size, (int, float)) and not isinstance(size, bool) and size > metadata["max"]:
            kind = "length less than or equal to" if isinstance(value, (str, list, dict)) else "value less than or equal to"
            problems.append(f"Value at '{where}' failed to satisfy constraint: Member must have {kind} {metadata['max']}")
    return problems


def parse_request(response: BaseResponse, model: OperationModel) -> dict[str, Any]:
    """The request's parameters, parsed with the (newest) model of the operation."""
    request = response.normalized_request
    protocol = determine_request_protocol(model.service_model, request.content_type)
    parser = PROTOCOL_PARSERS[protocol](model, map_type=dict)
    return parser.parse(
        {
            "method": request.method,
            "values": request.values,
            "headers": request.headers,
            "body": request.data,
            "url_path": request.path,
            "url_params": response.uri_match,
        }
    )


# --- answers ------------------------------------------------------------------------------------

_SCALARS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "boolean": (bool,),
    "double": (int, float),
    "float": (int, float),
    "timestamp": (datetime, int, float),
    "blob": (bytes, str),
}


def output_problems(value: Any, shape: Shape | None, path: str = "") -> list[str]:
    """Every way `value` departs from `shape`: unknown members, types, enums, missing required members."""
    if shape is None:
        return [] if value in (None, {}) else [f"{path or '<output>'}: the operation has no output, got {value!r}"]
    where = path or "<output>"
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{where}: expected a structure ({shape.name}), got {type(value).__name__}"]
        problems = [
            f"{path}.{name}: no such member in {shape.name}" if path else f"{name}: no such member in {shape.name}"
            for name in value
            if name not in shape.members
        ]
        for name in shape.required_members:
            if value.get(name) is None:
                problems.append(f"{path + '.' if path else ''}{name}: required by {shape.name} but missing")
        for name, member in shape.members.items():
            if value.get(name) is not None:
                problems += output_problems(value[name], member, f"{path + '.' if path else ''}{name}")
        return problems
    if kind == "list":
        if not isinstance(value, (list, tuple)):
            return [f"{where}: expected a list ({shape.name}), got {type(value).__name__}"]
        return [p for index, item in enumerate(value) for p in output_problems(item, shape.member, f"{where}[{index}]")]
    if kind == "map":
        if not isinstance(value, dict):
            return [f"{where}: expected a map ({shape.name}), got {type(value).__name__}"]
        return [p for key, item in value.items() for p in output_problems(item, shape.value, f"{where}[{key!r}]")]
    expected = _SCALARS.get(kind, (object,))
    if kind in ("integer", "long", "double", "float") and isinstance(value, bool):
        return [f"{where}: expected {kind}, got bool"]
    if not isinstance(value, expected):
        return [f"{where}: expected {kind} ({shape.name}), got {type(value).__name__} {value!r}"]
    enum = shape.metadata.get("enum")
    if enum and value not in enum:
        return [f"{where}: {value!r} is not one of {shape.name}'s values {enum}"]
    return []


def error_problem(model: OperationModel, code: str) -> str | None:
    declared = {shape.error_code or shape.name for shape in model.error_shapes}
    if code in declared or code in COMMON_ERRORS:
        return None
    return f"error code {code} is neither declared by {model.name} ({sorted(declared)}) nor a common AWS error"


def _serialize(response: BaseResponse, model: OperationModel, result: object) -> tuple[int, dict[str, Any], str]:
    protocol = response.determine_response_protocol(model.service_model)
    serializer = get_serializer_class(model.service_model.service_name, protocol)
    context = ActionContext(model.service_model, model, serializer, response)
    status, headers, body = ActionResult(result).execute_result(context)
    headers = {**headers, **response.response_headers, "status": status}
    return status, headers, body


def violation_answer(model: OperationModel, problems: list[str]) -> tuple[int, dict[str, Any], str]:
    """HTTP 500 in the protocol's error format (clients print its message), logged on stderr too."""
    message = (
        f"local cloud: the answer of {model.service_model.service_name} {model.name} violates AWS's "
        f"published model: {'; '.join(problems)}"
    )
    print(message, file=sys.stderr, flush=True)
    code = "LocalCloudModelViolation"
    if model.service_model.protocol == "json":
        body = json.dumps({"__type": code, "message": message})
        return 500, {"status": 500, "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": code}, body
    escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = f"<ErrorResponse><Error><Type>Receiver</Type><Code>{code}</Code><Message>{escaped}</Message></Error></ErrorResponse>"
    return 500, {"status": 500, "content-type": "text/xml"}, body


Handler = Callable[[BaseResponse, dict[str, Any]], dict[str, Any]]
# Writes a checked answer itself (for an output moto's serializer does not place: a blob payload).
Writer = Callable[[dict[str, Any]], tuple[int, dict[str, Any], Any]]


def answer(
    response: BaseResponse, service: str, operation: str, handler: Handler, write: Writer | None = None
) -> tuple[int, dict[str, Any], Any]:
    """Parses and validates the request, runs `handler`, checks its answer and serializes it."""
    model = operation_model(service, operation)
    try:
        params = parse_request(response, model)
        problems = request_problems(model, params)
        if problems:
            raise validation_error(service, problems)
        result = handler(response, params)
    except ServiceException as error:
        problem = error_problem(model, error.code)
        if problem:
            return violation_answer(model, [problem])
        return _serialize(response, model, error)
    problems = output_problems(result, model.output_shape)
    if problems:
        return violation_answer(model, problems)
    return write(result) if write is not None else _serialize(response, model, result)


def operation(service: str, name: str) -> Callable[[Handler], Callable[[BaseResponse], Any]]:
    """Turns `handler(response, params) -> dict` into the response-class method moto dispatches `name` to."""

    def wrap(handler: Handler) -> Callable[[BaseResponse], Any]:
        def method(self: BaseResponse) -> Any:
            return answer(self, service, name, handler)

        method.__name__ = camelcase_to_underscores(name)
        method.__doc__ = handler.__doc__
        method.local_cloud_operation = (service, name)  # type: ignore[attr-defined]
        return method

    return wrap
