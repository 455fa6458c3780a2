"""`ProcessRunner.stop_all` against a command that is still starting (no daemon, real processes)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest

from golem_localnet.exeunit.batches import Stdio
from golem_localnet.exeunit.counters import UsageCounters
from golem_localnet.exeunit.runner import ProcessRunner, Spawn

# a guard against a hang, not a measure: the command would otherwise sleep for an hour
GUARD_S = 30.0


async def test_a_command_starting_while_all_are_stopped_stops_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    spawning, release = asyncio.Event(), asyncio.Event()
    real_exec = asyncio.create_subprocess_exec

    async def slow_exec(*argv: Any, **kwargs: Any) -> asyncio.subprocess.Process:
        spawning.set()
        await release.wait()  # the process starts only after stop_all has run
        return await real_exec(*argv, **kwargs)

    monkeypatch.setattr(asyncio, "create_subprocess_exec", slow_exec)
    runner = ProcessRunner(UsageCounters(), kill_grace=1.0)
    output: list[tuple[Stdio, bytes]] = []
    spawn = Spawn((sys.executable, "-c", "import time; time.sleep(3600)"), {}, tmp_path)
    running = asyncio.create_task(
        runner.run(spawn, lambda which, chunk: output.append((which, chunk)), timeout=3600)
    )
    await spawning.wait()
    await runner.stop_all()
    release.set()
    outcome = await asyncio.wait_for(running, GUARD_S)
    assert outcome.exit_code == -1 and not outcome.timed_out
