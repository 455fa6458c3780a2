"""Exe-unit processes: start one per activity, stop it (SIGTERM, then SIGKILL), see it exit.

The exe-unit is our `python -m golem_localnet.exeunit`. It speaks to the
provider's daemon over the GSB router itself (state, usage, the requestor's
scripts); the agent only starts and stops it. Commands it runs live in process
groups of their own, which it stops on SIGTERM; when it has to be killed, the
agent kills what it left behind too (every process descending from it), so no
process outlives its activity.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs

from golem_core.ids import ActivityId, AgreementId

__all__ = [
    "STOP_GRACE_S",
    "ExeUnitLaunch",
    "ExeUnitProcess",
    "descendants",
    "kill_all",
    "start_exeunit",
]

log = logging.getLogger(__name__)

# how long an exe-unit may take to shut down after SIGTERM before it is killed
STOP_GRACE_S = 5.0


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
        argv = [
            self.python,
            "-m",
            "golem_localnet.exeunit",
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


class ExeUnitProcess:
    """One running exe-unit; `exited` resolves with its exit code however it ends."""

    def __init__(self, launch: ExeUnitLaunch, process: asyncio.subprocess.Process) -> None:
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
