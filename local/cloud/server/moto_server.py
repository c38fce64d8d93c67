"""moto_server (getmoto/moto 5.2.5, from .venv/) with one fix to its SigV4 check, which local/cloud/server/launcher.ts starts.

With IAM enforced, moto recomputes each request's signature. For a request with neither a body
nor a query string (e.g. Lambda GetFunction: `GET /2015-03-31/functions/<name>`) it signs the
request *headers* as the payload: core/responses.py fills `data` from the headers when it has
nothing else, and iam/access_control.py signs `body or data`. Every such call then fails with
SignatureDoesNotMatch, so no stack with a Lambda function could be applied or planned under
enforcement. AWS signs the empty payload; so does this launcher, for GET, HEAD and DELETE without
a body. Everything else (the action, the policies, the signature of every other request) is moto's
own. test/local/cloud/server/launcher.test.ts shows the bug on unpatched moto, so this file goes when moto
fixes it; another moto version is refused until this fix is re-checked against it.

Usage: python moto_server.py [--exit-when-stdin-closes] [--unpatched] <moto_server arguments>
With --exit-when-stdin-closes the server ends when its stdin pipe closes, i.e. when the process that
started it is gone, even if that process was killed without a chance to stop it.
"""

import os
import sys
import threading

import moto
from moto.iam import access_control

FIXED_FOR = "5.2.5"


def sign_empty_payload_when_bodyless(original):
    def create_aws_request(self):
        if not self._body and self._method in ("GET", "HEAD", "DELETE"):
            data, self._data = self._data, b""
            try:
                return original(self)
            finally:
                self._data = data
        return original(self)

    return create_aws_request


def exit_when_stdin_closes():
    def watch():
        sys.stdin.buffer.read()
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main(argv):
    if argv[:1] == ["--exit-when-stdin-closes"]:
        argv = argv[1:]
        exit_when_stdin_closes()
    if argv[:1] == ["--unpatched"]:
        argv = argv[1:]
    else:
        if moto.__version__ != FIXED_FOR:
            sys.exit(
                f"local/cloud/server/moto_server.py fixes moto {FIXED_FOR}'s SigV4 check, but moto {moto.__version__} "
                "is installed: check whether the fix is still needed (test/local/cloud/server/launcher.test.ts), then "
                "update FIXED_FOR or remove the fix."
            )
        base = access_control.IAMRequestBase
        base._create_aws_request = sign_empty_payload_when_bodyless(base._create_aws_request)
    from moto.server import main as moto_main

    moto_main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
