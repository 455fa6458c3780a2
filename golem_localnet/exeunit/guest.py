"""One sandbox per activity, started once, that starts its commands: like a VM's guest agent.

A fresh bwrap per command built a mount and a network namespace each time:
~4 ms of CPU and 3-8 ms of wall time per command on the bench's machine, where a
real provider's VM runs a command as a plain fork and exec inside a machine that
is already up (and keeps its /tmp between commands). So the activity's Start
(where a VM boots) starts bwrap once with a small guest program in it (the
exe-unit's own interpreter, bound read-only at `GUEST_PYTHON_DIR`), and each
command is a plain process the guest starts there.

Protocol over an AF_UNIX SOCK_SEQPACKET pair (one JSON message per packet):
- request `{"id", "argv", "env", "cwd"}` with two fds (the command's stdout and
  stderr); the guest starts it with posix_spawn (no copy of the guest: ~1 ms of CPU
  a command less than a fork), in a session of its own (the exe-unit signals its
  group, as before), the program found on the request's PATH as bwrap's execvp did.
- `{"ready": true}` once the guest is up (the exe-unit waits for it in Start, as a
  VM boots there);
- answers `{"id", "pid"}` (or `{"id", "error"}` when it could not start) at once,
  then `{"id", "exit": code}` (negative: the signal) when the command ended.
A program that cannot be executed exits 1 with bwrap's message, as it did when
bwrap ran every command itself. When the exe-unit's end of the socket closes (it
exited or was killed) the guest kills every command's group and exits: what
`--die-with-parent` did for a bwrap per command.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from golem_localnet.exeunit.images import ImageTree
from golem_localnet.exeunit.paths import ActivityDirs
from golem_localnet.exeunit.sandbox import bwrap_argv, host_base_entries

log = logging.getLogger(__name__)

# where the interpreter's installation is seen inside the sandbox
GUEST_PYTHON_DIR = "/.localnet/python"
_MAX_MESSAGE = 1 << 20

GUEST_SOURCE = r"""
import json, os, signal, socket, sys, threading
sock = socket.socket(fileno=int(sys.argv[1]))
os.set_inheritable(sock.fileno(), False)
lock = threading.Lock()  # held while a command starts: its pid goes out before its exit
children = {}
have_children = threading.Event()
def send(message):
    sock.send(json.dumps(message).encode())
def reap():
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            have_children.wait()
            have_children.clear()
            continue
        with lock:
            ident = children.pop(pid, None)
            if ident is not None:
                send({"id": ident, "exit": os.waitstatus_to_exitcode(status)})
def find(program, env):
    if "/" in program:
        return program
    for folder in env.get("PATH", os.defpath).split(":"):
        path = os.path.join(folder or ".", program)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None
def start(argv, env, cwd, fds):
    program = find(argv[0], env)
    if program is not None:
        if os.getcwd() != cwd:
            os.chdir(cwd)
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, fds[0], 1),
            (os.POSIX_SPAWN_DUP2, fds[1], 2),
        ]
        try:
            return os.posix_spawn(program, argv, env, file_actions=actions, setsid=True)
        except OSError:
            pass
    pid = os.fork()  # the exec fails: this child tells why, as bwrap did
    if pid == 0:
        try:
            os.setsid()
            os.dup2(os.open("/dev/null", os.O_RDONLY), 0)
            os.dup2(fds[0], 1)
            os.dup2(fds[1], 2)
            os.chdir(cwd)
            os.execvpe(argv[0], argv, env)
        except OSError as exc:
            os.write(2, f"bwrap: execvp {argv[0]}: {exc.strerror}\n".encode())
        finally:
            os._exit(1)
    return pid
threading.Thread(target=reap, daemon=True).start()
send({"ready": True})
while True:
    data, fds, _, _ = socket.recv_fds(sock, 1 << 20, 2)
    if not data:  # the exe-unit is gone: so is everything it started
        for pid in list(children):
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        os._exit(0)
    request = json.loads(data)
    for fd in fds:
        os.set_inheritable(fd, False)
    with lock:
        try:
            pid = start(request["argv"], request["env"], request["cwd"], fds)
        except OSError as exc:
            send({"id": request["id"], "error": str(exc)})
        else:
            children[pid] = request["id"]
            send({"id": request["id"], "pid": pid})
            have_children.set()
    for fd in fds:
        os.close(fd)
"""


class GuestError(OSError):
    """The guest could not start a command (it is gone, or the fork failed): nothing ran."""


def guest_python() -> tuple[str, str]:
    """(host dir to bind at GUEST_PYTHON_DIR, the interpreter's path inside the sandbox)."""
    prefix = Path(sys.base_prefix).resolve()
    executable = Path(os.path.realpath(sys.executable))
    if prefix not in executable.parents:
        raise GuestError(f"interpreter {executable} is not under {prefix}")
    return str(prefix), f"{GUEST_PYTHON_DIR}/{executable.relative_to(prefix)}"


_FD = "{guest-socket-fd}"


def guest_sandbox_argv(bwrap: str, dirs: ActivityDirs, tree: ImageTree) -> list[str]:
    """bwrap running the guest, in the sandbox a per-command bwrap would build (own network)."""
    host_dir, python = guest_python()
    return bwrap_argv(
        bwrap,
        dirs,
        [python, "-I", "-S", "-c", GUEST_SOURCE, _FD],
        host_base_entries(),
        tree,
        isolate_network=True,
        extra_ro=[(host_dir, GUEST_PYTHON_DIR)],
        die_with_parent=False,  # the guest kills its commands when the exe-unit is gone
    )


@attrs.define
class GuestProcess:
    """A command the guest started: what `asyncio.subprocess.Process` gives the runner."""

    pid: int
    stdout: asyncio.StreamReader
    stderr: asyncio.StreamReader
    _exit: asyncio.Future[int]
    returncode: int | None = None

    async def wait(self) -> int:
        code = await asyncio.shield(self._exit)
        self.returncode = code
        return code


class Guest:
    """The exe-unit's end of one running guest."""

    def __init__(self, process: subprocess.Popen[bytes], sock: socket.socket) -> None:
        self._process = process
        self._sock = sock
        self._next = 0
        self._started: dict[int, asyncio.Future[int]] = {}
        self._exits: dict[int, asyncio.Future[int]] = {}
        self._loop = asyncio.get_running_loop()
        self._ready: asyncio.Future[int] = self._loop.create_future()
        self._loop.add_reader(sock.fileno(), self._on_readable)
        self.alive = True

    @classmethod
    def start(cls, sandbox_argv: Sequence[str], fd_placeholder: str = _FD) -> Guest:
        """Start bwrap (`sandbox_argv`, whose `fd_placeholder` becomes the guest's socket fd)."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            argv = [str(theirs.fileno()) if a == fd_placeholder else a for a in sandbox_argv]
            process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                env={"PATH": "/usr/bin:/bin"},
                start_new_session=True,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        ours.setblocking(False)
        return cls(process, ours)

    async def ready(self) -> None:
        """Return once the guest is up (GuestError if it never came up)."""
        await asyncio.shield(self._ready)

    async def spawn(self, argv: Sequence[str], env: dict[str, str], cwd: str) -> GuestProcess:
        """Start one command in the guest; GuestError when the guest cannot."""
        if not self.alive:
            raise GuestError("the sandbox's guest is gone")
        loop = self._loop
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        ident = self._next = self._next + 1
        started: asyncio.Future[int] = loop.create_future()
        self._started[ident] = started
        ended = self._exits[ident] = loop.create_future()  # may settle before we read the pid
        message = json.dumps({"id": ident, "argv": list(argv), "env": env, "cwd": cwd}).encode()
        try:
            try:
                socket.send_fds(self._sock, [message], [out_w, err_w])
            except OSError as exc:
                self._gone(exc)
            finally:
                os.close(out_w)
                os.close(err_w)
            pid = await started
        except BaseException:
            os.close(out_r)
            os.close(err_r)
            self._exits.pop(ident, None)
            raise
        stdout = await _reader(loop, out_r)
        stderr = await _reader(loop, err_r)
        return GuestProcess(pid, stdout, stderr, ended)

    def close(self) -> None:
        """Stop the guest (commands it started die with it)."""
        if self.alive:
            self._gone(GuestError("closed"))
        with contextlib.suppress(ProcessLookupError):
            self._process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(timeout=5)

    def _on_readable(self) -> None:
        try:
            data = self._sock.recv(_MAX_MESSAGE)
        except BlockingIOError:
            return
        except OSError as exc:
            self._gone(exc)
            return
        if not data:
            self._gone(GuestError("the sandbox's guest exited"))
            return
        answer: dict[str, Any] = json.loads(data)
        if "ready" in answer:
            _settle(self._ready, 1)
            return
        ident = answer["id"]
        if "pid" in answer:
            _settle(self._started.pop(ident, None), answer["pid"])
        elif "error" in answer:
            _fail(self._started.pop(ident, None), GuestError(answer["error"]))
            self._exits.pop(ident, None)
        else:
            _settle(self._exits.pop(ident, None), answer["exit"])

    def _gone(self, why: BaseException) -> None:
        if not self.alive:
            return
        self.alive = False
        log.warning("sandbox guest gone: %s", why)
        self._loop.remove_reader(self._sock.fileno())
        self._sock.close()
        for future in [self._ready, *self._started.values()]:
            _fail(future, GuestError(f"the sandbox's guest is gone: {why}"))
        for future in self._exits.values():  # these commands ran: not to be started again
            _fail(future, RuntimeError(f"the sandbox's guest is gone: {why}"))
        self._started.clear()
        self._exits.clear()


def _settle(future: asyncio.Future[int] | None, value: int) -> None:
    if future is not None and not future.done():
        future.set_result(value)


def _fail(future: asyncio.Future[int] | None, error: BaseException) -> None:
    if future is not None and not future.done():
        future.set_exception(error)
        future.add_done_callback(lambda f: f.exception())  # no "never retrieved" noise


async def _reader(loop: asyncio.AbstractEventLoop, fd: int) -> asyncio.StreamReader:
    reader = asyncio.StreamReader(limit=2**30, loop=loop)
    await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader, loop=loop), os.fdopen(fd, "rb", 0)
    )
    return reader
