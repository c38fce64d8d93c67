"""The HTTP client of the data plane's bridge (local/cloud/bridge/, contract in contract.ts).

The local cloud has a data plane only when it was started with one: the launcher starts the bridge
first and gives this process its URL in LOCAL_CLOUD_BRIDGE_URL. Without it `enabled()` is false and
no operation calls anything (the control plane alone, as before).

The bridge answers JSON, and errors as `{"error": {"code", "message"}}` with a 4xx/5xx status;
`BridgeError` carries that code (NotFound, Conflict, BadRequest, InvalidParameter, StartFailed,
Internal) so each operation maps it onto the error its AWS API declares.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

BRIDGE_URL_VARIABLE = "LOCAL_CLOUD_BRIDGE_URL"
API_VERSION = "v1"
# A cluster start runs mariadb-install-db and waits for the server: allow for a loaded machine.
TIMEOUT_SECONDS = 180


class BridgeError(Exception):
    def __init__(self, code: str, message: str, status: int):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def bridge_url() -> str | None:
    return os.environ.get(BRIDGE_URL_VARIABLE) or None


def enabled() -> bool:
    return bridge_url() is not None


def segment(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def call(method: str, path: str, body: dict[str, Any] | None = None, timeout: float = TIMEOUT_SECONDS) -> Any:
    """`path` below /v1 (e.g. `/clusters`); the parsed answer, None for 204; BridgeError otherwise."""
    base = bridge_url()
    if base is None:
        raise BridgeError("Internal", "the local cloud runs without a data plane (no LOCAL_CLOUD_BRIDGE_URL)", 500)
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        f"{base}/{API_VERSION}{path}",
        data=data,
        method=method,
        headers={"content-type": "application/json"} if data is not None else {},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode("utf-8")
            return json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace")
        try:
            detail = json.loads(text)["error"]
            raise BridgeError(str(detail["code"]), str(detail["message"]), error.code) from None
        except (ValueError, KeyError, TypeError):
            raise BridgeError("Internal", f"the bridge answered {error.code}: {text[:500]}", error.code) from None
    except (urllib.error.URLError, OSError) as error:
        raise BridgeError("Internal", f"the data plane's bridge at {base} did not answer: {error}", 500) from None
