"""Exe-unit processes: start one per activity, stop it (SIGTERM, then SIGKILL), see it exit.

The exe-unit is our `python -m golem_localnet.exeunit`. It speaks to the
provider's daemon over the GSB router itself (state, usage, the requestor's
scripts); the agent only starts and stops it. Commands it runs live in process
groups of their own, which it stops on SIGTERM; when it has to be killed, the
agent kills what it left behind too (every process descending from it), so no
process outlives its activity. An agent's `ExeUnitStarter` forks exe-units
from its fork server (`golem_localnet.exeunit.forkserver`: the imports done
once, not per activity), and starts them afresh when that server is not running.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import attrs

from golem_core.ids import ActivityId, AgreementId

__all__ = [
    "STOP_GRACE_S",
    "ExeUnitLaunch",
    "ExeUnitProcess",
    "ExeUnitStarter",
    "ForkServer",
    "descendants",
    "kill_all",
    "start_exeunit",
]

log = logging.getLogger(__name__)

# how long an exe-unit may take to shut down after SIGTERM before it is killed
STOP_GRACE_S = 5.0
# how long the fork server may take to import the exe-unit (on a loaded machine)
FORK_SERVER_READY_S = 60.0


@attrs.frozen
class ExeUnitLaunch:
    """How to start the exe-unit of one activity."""

    activity_id: ActivityId
    agreement_id: AgreementId
    gsb_url: str
    work_dir: Path
    agreement_file: Path
    faults: tuple[str, ...] = ()
    python: str = sys.executable

    def argv(self) -> list[str]:
        return [self.python, "-m", "golem_localnet.exeunit", *self.arguments()]

    def arguments(self) -> list[str]:
        """The exe-unit's own arguments (after `-m golem_localnet.exeunit`)."""
        argv = [
            "--activity-id",
            self.activity_id,
            "--gsb-url",
            self.gsb_url,
            "--work-dir",
            str(self.work_dir),
            "--agreement-file",
            str(self.agreement_file),
        ]
        for fault in self.faults:
            argv += ["--fault", fault]
        return argv

    @property
    def log_file(self) -> Path:
        return self.work_dir.parent / f"{self.activity_id}.log"


class ChildProcess(Protocol):
    """What we use of a process: asyncio's, or a child of the fork server."""

    @property
    def pid(self) -> int: ...

    @property
    def returncode(self) -> int | None: ...

    def send_signal(self, sig: int) -> None: ...

    def kill(self) -> None: ...

    async def wait(self) -> int: ...


class ExeUnitProcess:
    """One running exe-unit; `exited` resolves with its exit code however it ends."""

    def __init__(self, launch: ExeUnitLaunch, process: ChildProcess) -> None:
        self.launch = launch
        self._process = process
        self.stop_requested = False
        self.exited: asyncio.Task[int] = asyncio.create_task(
            process.wait(), name=f"exe-unit {launch.activity_id}"
        )

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def returncode(self) -> int | None:
        return self._process.returncode

    async def stop(self, grace: float = STOP_GRACE_S) -> int:
        """SIGTERM, wait `grace` seconds, then SIGKILL it and everything it started."""
        self.stop_requested = True
        if self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.send_signal(signal.SIGTERM)
            done, _ = await asyncio.wait({self.exited}, timeout=grace)
            if not done:
                log.warning("exe-unit %s ignored SIGTERM; killing it", self.launch.activity_id)
                orphans = descendants(self.pid)
                with contextlib.suppress(ProcessLookupError):
                    self._process.kill()
                kill_all(orphans)
        code = await self.exited
        return code


async def start_exeunit(launch: ExeUnitLaunch, env: dict[str, str] | None = None) -> ExeUnitProcess:
    """Start the exe-unit with its output in `launch.log_file`."""
    launch.work_dir.mkdir(parents=True, exist_ok=True)
    with launch.log_file.open("ab") as log_file:
        process = await asyncio.create_subprocess_exec(
            *launch.argv(),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=log_file,
            stderr=asyncio.subprocess.STDOUT,
            cwd=launch.work_dir,
            env=env,
        )
    log.info("exe-unit %s started as pid %d", launch.activity_id, process.pid)
    return ExeUnitProcess(launch, process)


class ForkedChild:
    """An exe-unit forked by the fork server, which reaps it and tells us its exit code."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._exited: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    async def wait(self) -> int:
        return await asyncio.shield(self._exited)

    def ended(self, code: int) -> None:
        if self.returncode is None:
            self.returncode = code
            self._exited.set_result(code)


class ForkServer:
    """One `golem_localnet.exeunit.forkserver` process: `fork(launch)` per activity.

    When the server ends, exe-units it forked and has not reported are killed:
    nothing else could tell us how they end.
    """

    def __init__(self, python: str = sys.executable) -> None:
        self._python = python
        self._process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._starting: deque[asyncio.Future[ForkedChild]] = deque()
        self._children: dict[int, ForkedChild] = {}
        self._ended = False  # its output ended: it answers nothing more, whatever waitpid says

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None and not self._ended

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def start(self, timeout: float = FORK_SERVER_READY_S) -> None:
        """Start the server and wait until its imports are done (else it is not used)."""
        process = await asyncio.create_subprocess_exec(
            self._python,
            "-m",
            "golem_localnet.exeunit.forkserver",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None
        try:
            ready = await asyncio.wait_for(process.stdout.readline(), timeout)
            if "ready" not in json.loads(ready or b"{}"):
                raise OSError(f"the exe-unit fork server said {ready!r}, not ready")
        except (OSError, ValueError, asyncio.TimeoutError) as error:
            log.warning("no exe-unit fork server (%s): exe-units start afresh", error)
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
            return
        self._process = process
        self._reader = asyncio.create_task(self._read(process), name="fork server")

    async def fork(self, launch: ExeUnitLaunch) -> ForkedChild:
        process = self._process
        if process is None or process.stdin is None or not self.running:
            raise OSError("the exe-unit fork server is not running")
        request = {
            "argv": launch.arguments(),
            "log_file": str(launch.log_file),
            "cwd": str(launch.work_dir),
        }
        started: asyncio.Future[ForkedChild] = asyncio.get_running_loop().create_future()
        self._starting.append(started)
        try:
            process.stdin.write(json.dumps(request).encode() + b"\n")
            await process.stdin.drain()
        except (ConnectionError, RuntimeError) as error:
            raise OSError(f"the exe-unit fork server is gone: {error}") from error
        return await started

    async def _read(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        try:
            while line := await process.stdout.readline():
                self._heard(json.loads(line))
        finally:
            self._gone()

    def _heard(self, message: dict[str, Any]) -> None:
        if "started" in message:
            child = ForkedChild(int(message["started"]))
            self._children[child.pid] = child
            started = self._starting.popleft()
            if not started.done():
                started.set_result(child)
        elif "exited" in message:
            ended = self._children.pop(int(message["exited"]), None)
            if ended is not None:
                ended.ended(int(message["code"]))

    def _gone(self) -> None:
        self._ended = True
        while self._starting:
            started = self._starting.popleft()
            if not started.done():
                started.set_exception(OSError("the exe-unit fork server ended"))
        children, self._children = list(self._children.values()), {}
        kill_all([*(c.pid for c in children), *(d for c in children for d in descendants(c.pid))])
        for child in children:
            child.ended(-signal.SIGKILL)

    async def close(self) -> None:
        """End the server (exe-units it forked and that still run are killed)."""
        process = self._process
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(process.wait(), STOP_GRACE_S)
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
        if self._reader is not None:
            await self._reader

    def kill(self) -> None:
        """Kill the server at once (fault injection: the agent dies)."""
        if self._process is not None and self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()


class ExeUnitStarter:
    """Starts exe-units: forked from the fork server once it runs, else afresh."""

    def __init__(self, fork: bool = True) -> None:
        self.server = ForkServer() if fork else None

    async def open(self) -> None:
        if self.server is not None:
            await self.server.start()

    async def start(self, launch: ExeUnitLaunch) -> ExeUnitProcess:
        if self.server is not None and self.server.running:
            launch.work_dir.mkdir(parents=True, exist_ok=True)
            try:
                child = await self.server.fork(launch)
            except OSError as error:
                log.warning(
                    "forking exe-unit %s: %s; starting it afresh", launch.activity_id, error
                )
            else:
                log.info("exe-unit %s forked as pid %d", launch.activity_id, child.pid)
                return ExeUnitProcess(launch, child)
        return await start_exeunit(launch)

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()

    def kill(self) -> None:
        if self.server is not None:
            self.server.kill()


def descendants(pid: int, proc: str = "/proc") -> list[int]:
    """Every live process below `pid` in the process tree (read from /proc)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir(proc):
        if not name.isdigit():
            continue
        try:
            with open(f"{proc}/{name}/stat", encoding="utf-8", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_all(pids: Sequence[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
