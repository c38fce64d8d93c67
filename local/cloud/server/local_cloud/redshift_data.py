"""The Amazon Redshift Data API (JSON protocol, target prefix `RedshiftData`) on Redshift Serverless
workgroups, run by the data plane's warehouse (POST /v1/statements, GET /v1/statements/:id).
Installed only with a data plane; moto's own redshift-data (whose statements never finish) answers
otherwise. Redshift Data API Reference:
https://docs.aws.amazon.com/redshift-data/latest/APIReference/Welcome.html

* ExecuteStatement / BatchExecuteStatement (API_ExecuteStatement.html, API_BatchExecuteStatement.html):
  on a `WorkgroupName` (provisioned clusters are not modeled: ValidationException) of this account,
  in `Database`, authenticated by `SecretArn` — a Secrets Manager secret holding `username` and
  `password`, such as the namespace's managed admin secret ("Authorizing access to the Amazon
  Redshift Data API", data-api-access.html). An unknown workgroup is ResourceNotFoundException; a
  missing database, secret or a secret of another user is ValidationException. The answer carries
  the statement's Id at once; the SQL runs asynchronously. A batch runs in one transaction.
* DescribeStatement (API_DescribeStatement.html): SUBMITTED -> STARTED -> FINISHED or FAILED, with
  Redshift's error text in `Error`; `Duration` in nanoseconds; a batch lists its `SubStatements`,
  whose Ids are `<Id>:<n>`. An unknown Id is ResourceNotFoundException.
* GetStatementResult (API_GetStatementResult.html): the records of a finished statement that has a
  result set (a batch's sub-statement by its `<Id>:<n>`), typed fields and column metadata;
  otherwise ResourceNotFoundException ("Query does not have result"). Every row in one page.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import Any

from moto.core.responses import BaseResponse
from moto.secretsmanager.models import secretsmanager_backends

from . import bridge_client
from .redshift_serverless import redshiftserverless_backends
from .service_models import ServiceError, operation

SERVICE = "redshift-data"


def error(code: str, message: str) -> ServiceError:
    return ServiceError(code, message)


class Statement:
    def __init__(self, params: dict[str, Any], namespace: str, db_user: str, sqls: list[str], batch: bool):
        self.id = str(uuid.uuid4())
        self.workgroup: str = params["WorkgroupName"]
        self.database: str = params["Database"]
        self.secret_arn: str = params["SecretArn"]
        self.namespace = namespace
        self.db_user = db_user
        self.sqls = sqls
        self.batch = batch
        self.created = datetime.now(timezone.utc)
        self.name: str | None = params.get("StatementName")


# Statements by Id, per account and Region (the Data API keeps them for 24 hours; the local cloud for its run).
STATEMENTS: dict[tuple[str, str], dict[str, Statement]] = {}


def _store(response: BaseResponse) -> dict[str, Statement]:
    return STATEMENTS.setdefault((response.current_account, response.region), {})


def _secret_user(response: BaseResponse, secret_arn: str) -> str:
    sm = secretsmanager_backends[response.current_account][response.region]
    try:
        secret = sm.get_secret_value(secret_arn, None, None)
    except Exception:
        raise error("ValidationException", f"Secrets Manager can't find the specified secret {secret_arn}.") from None
    try:
        return str(json.loads(secret["SecretString"])["username"])
    except (ValueError, KeyError, TypeError):
        raise error(
            "ValidationException", f"The secret {secret_arn} must hold a JSON object with username and password."
        ) from None


def _submit(response: BaseResponse, params: dict[str, Any], sqls: list[str], batch: bool) -> dict[str, Any]:
    if params.get("ClusterIdentifier") or not params.get("WorkgroupName"):
        raise error(
            "ValidationException",
            "The local cloud runs the Data API on Redshift Serverless workgroups: pass WorkgroupName, not ClusterIdentifier.",
        )
    if not params.get("Database"):
        raise error("ValidationException", "Database is required.")
    if not params.get("SecretArn"):
        raise error("ValidationException", "The local cloud authenticates Data API statements with SecretArn: pass one.")
    backend = redshiftserverless_backends[response.current_account][response.region]
    try:
        workgroup = backend.workgroup(params["WorkgroupName"])
    except ServiceError:
        raise error("ResourceNotFoundException", f"Workgroup {params['WorkgroupName']} not found.") from None
    namespace = backend.namespace(workgroup.namespace_name)
    db_user = _secret_user(response, params["SecretArn"])
    if db_user != (namespace.admin_username or "admin") and params["SecretArn"] != namespace.secret_arn:
        raise error(
            "ValidationException",
            f'FATAL: password authentication failed for user "{db_user}": the local cloud knows the namespace\'s admin user only.',
        )
    statement = Statement(params, namespace.name, db_user, sqls, batch)
    body: dict[str, Any] = {
        "statementId": statement.id,
        "namespace": namespace.name,
        "database": statement.database,
        "dbUser": db_user,
    }
    body["sqls" if batch else "sql"] = sqls if batch else sqls[0]
    try:
        bridge_client.call("POST", "/statements", body)
    except bridge_client.BridgeError as failure:
        if failure.code == "NotFound":
            raise error("ValidationException", f"Database {statement.database} does not exist: {failure.message}") from None
        raise error("ValidationException" if failure.status < 500 else "InternalServerException", failure.message) from None
    _store(response)[statement.id] = statement
    return {
        "Id": statement.id,
        "CreatedAt": statement.created,
        "Database": statement.database,
        "SecretArn": statement.secret_arn,
        "WorkgroupName": statement.workgroup,
        "DbUser": db_user,
    }


def _find(response: BaseResponse, identifier: str) -> tuple[Statement, int | None]:
    base, _, index = identifier.partition(":")
    statement = _store(response).get(base)
    if statement is None or (index and (not statement.batch or not index.isdigit())):
        raise error("ResourceNotFoundException", f"Query {identifier} does not exist.")
    return statement, (int(index) if index else None)


def _bridge_state(statement: Statement) -> dict[str, Any]:
    try:
        return bridge_client.call("GET", f"/statements/{statement.id}")  # type: ignore[no-any-return]
    except bridge_client.BridgeError as failure:
        raise error("InternalServerException", failure.message) from None


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _duration(state: dict[str, Any]) -> int:
    # API_DescribeStatement.html, Duration: "the amount of time in nanoseconds"; -1 until it ends.
    return int(state["durationNs"]) if state["status"] in ("FINISHED", "FAILED") else -1


def _sub_statement(statement: Statement, state: dict[str, Any], sub: dict[str, Any], index: int) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "Id": f"{statement.id}:{index}",
        "Status": sub["status"],
        "QueryString": sub["queryString"],
        "HasResultSet": sub["hasResultSet"],
        "ResultRows": sub["resultRows"] if sub["status"] == "FINISHED" else -1,
        "ResultSize": -1,
        "CreatedAt": _time(state["createdAt"]),
        "UpdatedAt": _time(state["updatedAt"]),
        "Duration": _duration(state),
        "RedshiftQueryId": 0,
    }
    if sub.get("error"):
        answer["Error"] = sub["error"]
    return answer


@operation(SERVICE, "ExecuteStatement")
def execute_statement(response: BaseResponse, params: dict[str, Any]) -> dict[str, Any]:
    return _submit(response, params, [params["Sql"]], batch=False)


@operation(SERVICE, "BatchExecuteStatement")
def batch_execute_statement(response: BaseResponse, params: dict[str, Any]) -> dict[str, Any]:
    return _submit(response, params, list(params["Sqls"]), batch=True)


@operation(SERVICE, "DescribeStatement")
def describe_statement(response: BaseResponse, params: dict[str, Any]) -> dict[str, Any]:
    statement, index = _find(response, params["Id"])
    state = _bridge_state(statement)
    answer: dict[str, Any] = {
        "Id": params["Id"],
        "Status": state["status"],
        "CreatedAt": _time(state["createdAt"]),
        "UpdatedAt": _time(state["updatedAt"]),
        "Duration": _duration(state),
        "Database": statement.database,
        "DbUser": statement.db_user,
        "SecretArn": statement.secret_arn,
        "WorkgroupName": statement.workgroup,
        "RedshiftPid": 0,
        "RedshiftQueryId": 0,
        "ResultSize": -1,
    }
    if state.get("error"):
        answer["Error"] = state["error"]
    subs = state["subStatements"]
    if statement.batch and index is None:
        answer["SubStatements"] = [_sub_statement(statement, state, sub, n + 1) for n, sub in enumerate(subs)]
        answer["HasResultSet"] = any(sub["hasResultSet"] for sub in subs)
        answer["ResultRows"] = sum(sub["resultRows"] for sub in subs) if state["status"] == "FINISHED" else -1
        answer["QueryString"] = "; ".join(statement.sqls)
    else:
        sub = subs[(index or 1) - 1] if len(subs) >= (index or 1) else None
        answer["QueryString"] = sub["queryString"] if sub else statement.sqls[(index or 1) - 1]
        answer["HasResultSet"] = bool(sub and sub["hasResultSet"])
        answer["ResultRows"] = sub["resultRows"] if sub and state["status"] == "FINISHED" else -1
    return answer


@operation(SERVICE, "GetStatementResult")
def get_statement_result(response: BaseResponse, params: dict[str, Any]) -> dict[str, Any]:
    statement, index = _find(response, params["Id"])
    state = _bridge_state(statement)
    subs = state["subStatements"]
    if statement.batch and index is None:
        raise error(
            "ValidationException",
            f"{params['Id']} is a batch: get the result of one of its sub-statements ({statement.id}:1 …).",
        )
    position = (index or 1) - 1
    sub = subs[position] if position < len(subs) else None
    if sub is None or sub["status"] != "FINISHED" or not sub["hasResultSet"]:
        raise error(
            "ResourceNotFoundException",
            "Query does not have result. Please check query status with DescribeStatement.",
        )
    return {
        "Records": [list(record) for record in sub["records"]],
        "ColumnMetadata": [dict(column) for column in sub["columns"]],
        "TotalNumRows": len(sub["records"]),
    }


# moto's RedshiftDataAPIServiceResponse methods these replace (moto: statements never finish), and the one added.
OVERRIDDEN = {
    "execute_statement": execute_statement,
    "describe_statement": describe_statement,
    "get_statement_result": get_statement_result,
}
ADDED = {"batch_execute_statement": batch_execute_statement}
