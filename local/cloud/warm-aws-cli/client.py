"""`aws` through the warm AWS CLI (server.py): what local/cloud/bin/aws runs when the local cloud has one.

Usage: python -I -S client.py <socket> <cold aws executable> <aws arguments...>

Sends the arguments, the environment, the working folder and this process's stdin, stdout and
stderr to the server, relays SIGINT, SIGTERM, SIGHUP and SIGQUIT to the call, and ends as the call
ended: its exit code, or killed by the same signal. Runs the cold CLI instead (exec, same arguments)
when the server is not there, when the server says a cold CLI would start differently (another
locale, HOME, AWS_DATA_PATH or PYTHON* variable), or when stdin, stdout or stderr is a terminal (interactive use: the call would run outside
the terminal's foreground process group). Standard library only, started with -I -S: it is on the
path of every call.
"""

import json
import os
import signal
import socket
import struct
import sys

HEADER = struct.Struct("!I")
FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


def run_cold(cold_cli: str, args: list[str]) -> None:
    os.execv(cold_cli, [cold_cli, *args])


def main(argv: list[str]) -> None:
    socket_path, cold_cli, args = argv[0], argv[1], argv[2:]
    if any(os.isatty(fd) for fd in (0, 1, 2)):
        run_cold(cold_cli, args)
    # The standard descriptors first: a closed one must not be reused by the socket below.
    fds = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
            fds.append(fd)
        except OSError:  # a closed standard descriptor: the call gets /dev/null, as the CLI would read nothing
            fds.append(os.open(os.devnull, os.O_RDWR))
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(socket_path)
    except OSError:
        connection.close()
        run_cold(cold_cli, args)

    umask = os.umask(0)
    os.umask(umask)
    request = json.dumps({"args": args, "env": dict(os.environ), "cwd": os.getcwd(), "umask": umask}).encode()
    payload = HEADER.pack(len(request)) + request
    sent = socket.send_fds(connection, [payload[:65536]], fds)
    connection.sendall(payload[sent:])

    def relay(signum: int, _frame: object) -> None:
        try:
            connection.sendall(f"signal {signum}\n".encode())
        except OSError:
            pass

    # Only once the request is sent, so a relayed signal never lands inside it.
    for signum in FORWARDED_SIGNALS:
        signal.signal(signum, relay)

    answer = b""
    while not answer.endswith(b"\n"):
        chunk = connection.recv(4096)
        if not chunk:
            sys.stderr.write("aws: the warm AWS CLI ended the call without an exit status\n")
            sys.exit(255)
        answer += chunk
    kind, _, value = answer.decode().strip().partition(" ")
    if kind == "exit":
        sys.exit(int(value))
    if kind == "signal":
        signum = int(value)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        sys.exit(128 + signum)
    if kind == "cold":  # the call's interpreter settings differ from the server's
        connection.close()
        run_cold(cold_cli, args)
    sys.stderr.write(f"aws: the warm AWS CLI could not run the call: {value}\n")
    sys.exit(255)


if __name__ == "__main__":
    main(sys.argv[1:])
