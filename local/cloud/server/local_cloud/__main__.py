"""The local cloud server: moto (getmoto/moto 5.2.5, from .venv/) with our extensions installed
(registry.py), started by local/cloud/server/launcher.ts as `python -m local_cloud`.

Usage: python -m local_cloud [--exit-when-stdin-closes] [--unpatched] <moto_server arguments>

--exit-when-stdin-closes  the server ends when its stdin pipe closes, i.e. when the process that
                          started it is gone, even if that process was killed without a chance to
                          stop it.
--unpatched               plain moto, without any extension or fix (to show what they change).
"""

import gc

# Importing moto and the service models allocates millions of long-lived objects, and each of the
# garbage collector's passes meanwhile walks all of them again. With it paused until they are loaded
# (then frozen, so later passes skip them), a start takes 0.7-0.9 CPU s instead of 1.3-1.4 (3 runs
# each); serving costs the same either way (the three-stack spec's local cloud: 17.7 vs 17.5 CPU s).
gc.disable()

import os
import sys
import threading

from .registry import RegistryError, install


def exit_when_stdin_closes() -> None:
    def watch() -> None:
        sys.stdin.buffer.read()
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main(argv: list[str]) -> None:
    if argv[:1] == ["--exit-when-stdin-closes"]:
        argv = argv[1:]
        exit_when_stdin_closes()
    if argv[:1] == ["--unpatched"]:
        argv = argv[1:]
    else:
        try:
            install()
        except RegistryError as error:
            sys.exit(f"local cloud: {error}")
    from moto.server import main as moto_main

    gc.freeze()
    gc.enable()
    moto_main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
