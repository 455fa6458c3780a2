"""The activity's sandbox guest (guest.py): real processes, with and without bwrap."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from golem_core.flexbuffers import FlexValue
from golem_core.ids import ActivityId, BatchId
from golem_localnet.exeunit.batches import Batch, Stdio
from golem_localnet.exeunit.config import ExeUnitConfig, Faults
from golem_localnet.exeunit.counters import UsageCounters
from golem_localnet.exeunit.executor import Executor
from golem_localnet.exeunit.guest import GUEST_SOURCE, Guest, GuestError
from golem_localnet.exeunit.runner import ProcessRunner, Spawn
from golem_localnet.exeunit.sandbox import find_bwrap
from golem_localnet.exeunit.script import parse_script
from golem_localnet.exeunit.state import INITIALIZED, StatePair
from golem_localnet.exeunit.transfer import Transfers

_FD = "{fd}"


def host_guest() -> Guest:
    """The guest program straight on the host (no sandbox): the protocol alone."""
    return Guest.start([sys.executable, "-I", "-S", "-c", GUEST_SOURCE, _FD], _FD)


def collect() -> tuple[dict[Stdio, bytes], Callable[[Stdio, bytes], None]]:
    out: dict[Stdio, bytes] = {Stdio.STDOUT: b"", Stdio.STDERR: b""}

    def sink(which: Stdio, chunk: bytes) -> None:
        out[which] += chunk

    return out, sink


async def test_the_guest_runs_commands_in_sessions_of_their_own(tmp_path: Path) -> None:
    guest = host_guest()
    runner = ProcessRunner(UsageCounters(), kill_grace=1.0)
    env = {"GREETING": "hi", "PATH": "/bin:/usr/bin"}
    try:
        out, sink = collect()
        script = 'echo "$GREETING $(pwd)"; echo oops >&2; ps -o sid= -p $$; exit 3'
        spawn = Spawn(("/bin/sh", "-c", script), env, tmp_path)
        outcome = await runner.run(spawn, sink, 10.0, guest=guest)
        assert outcome.exit_code == 3
        greeting, sid = out[Stdio.STDOUT].decode().splitlines()
        assert greeting == f"hi {tmp_path}"
        assert out[Stdio.STDERR] == b"oops\n"
        assert int(sid) != os.getsid(0)  # its own session: the runner can kill its group
        # a program that cannot start ends as bwrap ended it: exit 1, bwrap's message
        out, sink = collect()
        missing = Spawn(("/no/such/program",), env, tmp_path)
        outcome = await runner.run(missing, sink, 10.0, guest=guest)
        assert outcome.exit_code == 1
        assert out[Stdio.STDERR].startswith(b"bwrap: execvp /no/such/program: ")
        # a timeout kills the command's group, as for a process of our own
        out, sink = collect()
        hang = Spawn(("/bin/sh", "-c", "sleep 30 & sleep 30"), env, tmp_path)
        outcome = await runner.run(hang, sink, 0.2, guest=guest)
        assert outcome.timed_out
    finally:
        guest.close()


async def test_a_gone_guest_starts_nothing_and_says_so(tmp_path: Path) -> None:
    guest = host_guest()
    guest.close()
    with pytest.raises(GuestError):
        await guest.spawn(["/bin/true"], {}, str(tmp_path))


def run(*argv: str) -> FlexValue:
    capture: FlexValue = {"stdout": {"atEnd": {}}, "stderr": {"atEnd": {}}}
    return {"run": {"entry_point": argv[0], "args": list(argv[1:]), "capture": capture}}


async def run_batch(executor: Executor, script: list[FlexValue], batch_id: str) -> Batch:
    batch = Batch(BatchId(batch_id), parse_script(script))
    executor.start(batch)
    await asyncio.wait_for(batch.over.wait(), 30.0)
    return batch


async def test_the_commands_of_an_activity_share_one_sandbox(tmp_path: Path) -> None:
    """Like a VM: up after Start; what one command leaves in /tmp the next one sees (a
    bwrap per command gave each a fresh /tmp); the image's tree is what it was."""
    config = ExeUnitConfig(ActivityId("act-1"), "tcp://127.0.0.1:1", tmp_path, faults=Faults())
    config.dirs.create()
    bwrap = find_bwrap(config.dirs)
    if bwrap is None:
        pytest.skip("no usable bwrap here")

    async def report(pair: StatePair, reason: str | None) -> None:
        pass

    runner = ProcessRunner(UsageCounters(), kill_grace=1.0)
    transfers = Transfers.__new__(Transfers)  # no transfers in these scripts
    executor = Executor(config, runner, transfers, bwrap, report, lambda: None)
    await executor.set_state(INITIALIZED)
    await run_batch(executor, [{"deploy": {}}, {"start": {}}], "b0")
    booted = executor._guest  # up in Start, as a VM boots there: the first Run waits for nothing
    assert booted is not None and booted.alive
    first = await run_batch(executor, [run("/bin/sh", "-c", "echo $$ > /tmp/left")], "b1")
    second = await run_batch(executor, [run("/bin/cat", "/tmp/left"), run("/bin/ls", "/")], "b2")
    try:
        assert [r["result"] for r in first.results()] == ["Ok"]
        results = second.results()
        assert [r["result"] for r in results] == ["Ok", "Ok"], results
        assert str(results[0]["stdout"]).strip().isdigit()
        assert executor._guest is booted and booted.alive
        assert "golem" in str(results[1]["stdout"]).split()
    finally:
        executor.close_guest()


_DYING_EXE_UNIT = """
import asyncio, os, sys
from golem_localnet.exeunit.guest import GUEST_SOURCE, Guest
async def main():
    guest = Guest.start([sys.executable, "-I", "-S", "-c", GUEST_SOURCE, "{fd}"], "{fd}")
    process = await guest.spawn(["sleep", "60"], {"PATH": "/bin:/usr/bin"}, "/")
    print(process.pid, flush=True)
    os._exit(9)  # no clean-up, as if killed
asyncio.run(main())
"""


async def test_commands_die_with_the_exe_unit() -> None:
    exe_unit = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _DYING_EXE_UNIT, stdout=asyncio.subprocess.PIPE
    )
    assert exe_unit.stdout is not None
    pid = int(await exe_unit.stdout.readline())
    assert await exe_unit.wait() == 9
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        return  # gone already
    loop = asyncio.get_running_loop()
    gone: asyncio.Future[None] = loop.create_future()

    def exited() -> None:
        if not gone.done():
            gone.set_result(None)

    loop.add_reader(pidfd, exited)
    try:
        await asyncio.wait_for(gone, 30.0)  # readable once the process has exited
    finally:
        loop.remove_reader(pidfd)
        os.close(pidfd)
