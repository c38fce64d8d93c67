"""The warm AWS CLI: AWS CLI v1's modules imported once, every call a fork that runs the CLI from there.

Started by local/cloud/warm-aws-cli/launcher.ts as `python server.py <socket>`; `client.py` (what
local/cloud/bin/aws runs) connects to <socket> and sends its arguments, environment, working
folder and its stdin, stdout and stderr (the descriptors themselves, SCM_RIGHTS).

Why: a cold `aws` spends about 0.9 s of CPU before its first request, mostly importing awscli and
its vendored botocore (0.6 s); the local cloud's deploy steps make a hundred calls or more. A call
here costs what the CLI does after its imports (about 0.25 s): a fork of this process, in which
`awscli.clidriver.main()` runs exactly as the `aws` entry point runs it, with a new session, the
caller's environment, arguments and descriptors. Nothing but imported code is shared: this process
never runs a command itself.

Per call, two processes: a supervisor, which reports the call's exit status (or the signal that
ended it) to the client and relays the client's signals, and the runner, in a process group of its
own, so that a terminal's Ctrl-C reaches it once, through the client, as it would reach a cold CLI.
A client that goes away without a status ends its runner (SIGTERM).

A call runs warm only when a cold CLI would have started the same way: its locale, HOME,
AWS_DATA_PATH and PYTHON* variables equal this process's; otherwise the client runs the cold CLI.

This process ends when its stdin closes (its owner is gone) or on SIGTERM; it ignores SIGINT, which
a terminal sends to the whole process group: its owner stops it.
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import random
import select
import shutil
import signal
import socket
import struct
import sys
import time

# What interpreter_settings says of awscli's own start was read from this version.
PINNED_AWSCLI = "1.46.3"
HEADER = struct.Struct("!I")
MAX_REQUEST_BYTES = 16 * 1024 * 1024
FORWARDED_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT}


def interpreter_settings(env: dict[str, str]) -> dict[str, str]:
    """The variables that shape how a new `aws` process starts before its command runs.

    Python's start reads the locale (and may rewrite LC_CTYPE, PEP 538) and every PYTHON* variable;
    `.venv/bin/aws` rewrites LC_CTYPE=UTF-8 (the console script of awscli 1.46.3); importing
    `awscli` appends its data folder to AWS_DATA_PATH, expanding `~` with HOME (awscli/__init__.py).
    """
    return {name: value for name, value in env.items() if name in INTERPRETER_VARIABLES or name.startswith("PYTHON")}


INTERPRETER_VARIABLES = {"LANG", "LC_ALL", "LC_CTYPE", "HOME", "AWS_DATA_PATH"}
# What this process's own start made of those variables; a call that brings the same values gets them.
STARTED_WITH = ("LANG", "LC_ALL", "LC_CTYPE", "AWS_DATA_PATH")


def call_environment(caller: dict[str, str]) -> dict[str, str]:
    """The environment a cold `aws` would run the command with, for a caller whose interpreter
    settings equal this process's (else the call runs cold): the caller's, with what this process's
    start made of the locale and AWS_DATA_PATH."""
    env = dict(caller)
    for name in STARTED_WITH:
        env.pop(name, None)
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def read_request(connection: socket.socket) -> tuple[dict, list[int]]:
    """The client's request: a length-prefixed JSON object, its three descriptors with the first bytes."""
    data, fds, _flags, _address = socket.recv_fds(connection, 65536, 3)
    if len(fds) != 3:
        for fd in fds:
            os.close(fd)
        raise ValueError(f"expected stdin, stdout and stderr, got {len(fds)} descriptors")
    while len(data) < HEADER.size:
        chunk = connection.recv(65536)
        if not chunk:
            raise ValueError("the client closed the connection mid-request")
        data += chunk
    (length,) = HEADER.unpack_from(data)
    if length > MAX_REQUEST_BYTES:
        raise ValueError(f"a request of {length} bytes")
    data = data[HEADER.size :]
    while len(data) < length:
        chunk = connection.recv(65536)
        if not chunk:
            raise ValueError("the client closed the connection mid-request")
        data += chunk
    return json.loads(data[:length]), fds


def run_cli(request: dict, fds: list[int]) -> None:
    """The runner: becomes the caller's `aws` process and runs the command. Never returns."""
    rc = 255
    try:
        os.setpgid(0, 0)
        for signum in FORWARDED_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.umask(request["umask"])
        import awscli.clidriver

        env = call_environment(request["env"])
        os.environ.clear()
        os.environ.update(env)
        time.tzset()  # local times in the caller's TZ, as a new process would read it
        sys.argv = ["aws", *request["args"]]
        # Forked children share the parent's random state: reseed, as a new interpreter would be.
        random.seed()
        try:
            result = awscli.clidriver.main()
        except SystemExit as exit_:
            result = exit_.code
        if result is None:
            rc = 0
        elif isinstance(result, int):
            rc = result
        else:
            print(result, file=sys.stderr)
            rc = 1
    except KeyboardInterrupt:
        rc = 130
    except BaseException:  # the CLI's own crash, reported where a cold CLI would report it
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(rc)


def command_words(args: list[str]) -> list[str]:
    """The service and operation of a call (what the log records), without the wrapper's --endpoint-url."""
    if args[:1] == ["--endpoint-url"]:
        args = args[2:]
    return args[:2]


def signal_runner(runner: int, signum: int) -> None:
    try:
        os.killpg(runner, signum)
    except ProcessLookupError:  # it has just ended: its status is on the way
        pass


def supervise(connection: socket.socket, log_path: str, startup: dict[str, str]) -> None:
    """The supervisor of one call. Never returns."""
    status = 255
    try:
        request, fds = read_request(connection)
        differing = sorted(
            name
            for name in set(interpreter_settings(request["env"])) | set(startup)
            if request["env"].get(name) != startup.get(name)
        )
        if differing:
            # A cold CLI would start differently: the client runs one.
            for fd in fds:
                os.close(fd)
            connection.sendall(f"cold {' '.join(differing)}\n".encode())
            os._exit(0)
        started = time.monotonic()
        runner = os.fork()
        if runner == 0:
            connection.close()
            run_cli(request, fds)
        # Both sides set the runner's group (the job-control idiom): a signal relayed at once finds it.
        try:
            os.setpgid(runner, runner)
        except OSError:  # it already ran setpgid itself, or already ended
            pass
        for fd in fds:
            # The caller's pipes must close when the runner is done, not when this process is.
            os.close(fd)
        try:
            pidfd: int | None = os.pidfd_open(runner)
        except (AttributeError, OSError):  # Linux before 5.3: poll instead
            pidfd = None
        buffered = b""
        client_gone = False
        while True:
            watched = ([] if client_gone else [connection]) + ([] if pidfd is None else [pidfd])
            readable, _, _ = select.select(watched, [], [], None if pidfd is not None else 0.05)
            if pidfd is None or pidfd in readable:
                pid, wait_status, usage = os.wait4(runner, os.WNOHANG if pidfd is None else 0)
                if pid == runner:
                    break
            if connection not in readable:
                continue
            chunk = connection.recv(4096)
            if not chunk:
                client_gone = True
                signal_runner(runner, signal.SIGTERM)
                continue
            buffered += chunk
            while b"\n" in buffered:
                line, buffered = buffered.split(b"\n", 1)
                kind, _, value = line.decode().partition(" ")
                if kind == "signal" and int(value) in FORWARDED_SIGNALS:
                    signal_runner(runner, int(value))
        if os.WIFSIGNALED(wait_status):
            answer, status = f"signal {os.WTERMSIG(wait_status)}", 128 + os.WTERMSIG(wait_status)
        else:
            answer, status = f"exit {os.WEXITSTATUS(wait_status)}", os.WEXITSTATUS(wait_status)
        # Logged before the status is sent: a caller that reads the log once its call returned finds it.
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(
                json.dumps(
                    {
                        "args": command_words(request["args"]),
                        "status": answer,
                        "seconds": round(time.monotonic() - started, 3),
                        "cpuSeconds": round(usage.ru_utime + usage.ru_stime, 3),
                    }
                )
                + "\n"
            )
        if not client_gone:
            connection.sendall(f"{answer}\n".encode())
        status = 0
    except BaseException as error:  # noqa: BLE001 - reported to the client, this process ends anyway
        try:
            connection.sendall(f"error {error}\n".encode())
        except OSError:
            pass
    finally:
        os._exit(status)


def serve(socket_path: str, log_path: str) -> None:
    # The first line on stdin: the environment this process was started with, as its owner passed it
    # (Python's start may already have rewritten LC_CTYPE here).
    stdin = sys.stdin.buffer.raw
    line = b""
    while not line.endswith(b"\n"):
        chunk = stdin.read(1)
        if not chunk:
            return
        line += chunk
    startup = interpreter_settings(json.loads(line))
    # What `.venv/bin/aws` does before it imports awscli.
    if os.environ.get("LC_CTYPE", "") == "UTF-8":
        os.environ["LC_CTYPE"] = "en_US.UTF-8"
    # As Python's gc documentation advises for a process that forks without exec: no collection while
    # the modules load (each pass would walk every object loaded so far), and everything frozen before
    # the first fork, so a call's collections never walk (nor copy, by touching them) what it inherits.
    gc.disable()
    import awscli

    if awscli.__version__ != PINNED_AWSCLI:
        sys.exit(
            f"warm AWS CLI: it mirrors what awscli {PINNED_AWSCLI} does when it starts (interpreter_settings in "
            f"local/cloud/warm-aws-cli/server.py), but awscli {awscli.__version__} is installed: re-check it, "
            "then update PINNED_AWSCLI."
        )
    import awscli.clidriver

    # Imports the CLI's customizations and builds its command table once, in a throwaway driver:
    # what a call inherits is the imported modules, never this driver or its session.
    driver = awscli.clidriver.create_clidriver()
    driver._get_command_table()
    driver._get_argument_table()
    del driver
    gc.collect()  # the driver and its session, which refer to each other, before the rest is frozen
    gc.freeze()

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(64)
    print("ready", flush=True)
    while True:
        readable, _, _ = select.select([listener, stdin], [], [], 5)
        while True:  # reap finished supervisors
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
        if stdin in readable and not stdin.read(4096):
            return
        if listener in readable:
            connection, _ = listener.accept()
            if os.fork() == 0:
                gc.enable()
                listener.close()
                supervise(connection, log_path, startup)
            connection.close()


def remove_folder_on_exit(socket_path: str) -> None:
    """The socket's folder (its owner's temporary folder) goes with this process, also when the owner
    was killed outright and only the closed stdin ended it, or on SIGTERM."""
    folder = os.path.dirname(os.path.abspath(socket_path))
    server = os.getpid()

    def remove() -> None:
        if os.getpid() == server:  # not in a forked supervisor or runner
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: server.py <socket> <log file>")
    remove_folder_on_exit(sys.argv[1])
    serve(sys.argv[1], sys.argv[2])
