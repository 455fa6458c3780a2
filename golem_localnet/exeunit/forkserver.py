"""`python -m golem_localnet.exeunit.forkserver`: exe-units forked from a process with them loaded.

Starting `python -m golem_localnet.exeunit` costs ~0.2 s of CPU in imports,
and the requestor's create call waits for that: yagna's provider checks for
the exe-unit's Initialized when the activity is created and then only every
750 ms, so a start slower than that costs 0.75 s more. A provider agent keeps
one of these servers: it imports the exe-unit once, and for each activity
forks a child that runs the exe-unit's `main` with the activity's arguments,
its output in the activity's log and its working directory the activity's,
as a freshly started one would. Only its parent differs, so the server reaps
it and reports how it ended.

Protocol, one JSON object per line. The server says `{"ready": pid}` once
its imports are done. The agent writes
`{"argv": [...], "log_file": "...", "cwd": "..."}` (argv without the
interpreter and `-m`); the server answers `{"started": pid}` in the same
order, and `{"exited": pid, "code": code}` when a child ends (code as
asyncio gives it: negative for a signal). End of input stops the server;
its children live on.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import sys
import traceback
from typing import Any, BinaryIO

from golem_localnet.exeunit.__main__ import main as exeunit_main

__all__ = ["serve"]


def serve(requests: BinaryIO, replies: BinaryIO) -> int:
    wake_read, wake_write = os.pipe()
    for fd in (wake_read, wake_write):
        os.set_blocking(fd, False)
    previous_fd = signal.set_wakeup_fd(wake_write)
    previous_handler = signal.signal(signal.SIGCHLD, lambda *_: None)
    selector = selectors.DefaultSelector()
    selector.register(requests.fileno(), selectors.EVENT_READ)
    selector.register(wake_read, selectors.EVENT_READ)
    pending = b""

    def reply(message: dict[str, Any]) -> None:
        replies.write(json.dumps(message).encode() + b"\n")
        replies.flush()

    try:
        reply({"ready": os.getpid()})
        while True:
            for key, _ in selector.select():
                if key.fd == wake_read:
                    while _drain(wake_read):
                        pass
                    for pid, code in _reaped():
                        reply({"exited": pid, "code": code})
                    continue
                data = os.read(requests.fileno(), 65536)
                if not data:
                    return 0
                pending += data
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    request = json.loads(line)
                    pid = os.fork()
                    if pid == 0:
                        os._exit(_child(request, [requests, replies], [wake_read, wake_write]))
                    reply({"started": pid})
    finally:
        signal.set_wakeup_fd(previous_fd)
        signal.signal(signal.SIGCHLD, previous_handler)
        selector.close()
        os.close(wake_read)
        os.close(wake_write)


def _drain(fd: int) -> bool:
    try:
        return bool(os.read(fd, 512))
    except BlockingIOError:
        return False


def _reaped() -> list[tuple[int, int]]:
    ended = []
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
        ended.append((pid, os.waitstatus_to_exitcode(status)))
    return ended


def _child(request: dict[str, Any], streams: list[BinaryIO], fds: list[int]) -> int:
    """In the forked child: become the activity's exe-unit; returns its exit status."""
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for fd in fds:
            os.close(fd)
        log = os.open(request["log_file"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        null = os.open(os.devnull, os.O_RDONLY)
        for stream in streams:  # the pipes to the agent: fds 0 and 1 are replaced below
            if stream.fileno() > 2:
                os.close(stream.fileno())
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(null)
        os.close(log)
        os.chdir(request["cwd"])
        sys.argv = ["golem_localnet.exeunit", *request["argv"]]
        code = exeunit_main(request["argv"])
    except SystemExit as stop:  # argparse's errors
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        for output in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                output.flush()
    return code


if __name__ == "__main__":
    sys.exit(serve(sys.stdin.buffer, sys.stdout.buffer))
