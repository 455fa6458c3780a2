"""Batches through the executor and the GSB handlers, with fake processes and transfers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from golem_core.flexbuffers import Flex, FlexValue, encode, err, ok
from golem_core.gsb.calls import HandlerResult, IncomingCall, RequestId, ServiceError
from golem_core.ids import ActivityId, BatchId
from golem_localnet.exeunit.batches import Batch, Stdio
from golem_localnet.exeunit.config import ExeUnitConfig, Faults
from golem_localnet.exeunit.counters import UsageCounters
from golem_localnet.exeunit.executor import Executor
from golem_localnet.exeunit.guest import Guest
from golem_localnet.exeunit.runner import Outcome, OutputSink, ProcessRunner, Spawn
from golem_localnet.exeunit.script import Transfer, parse_script
from golem_localnet.exeunit.service import ExeUnitService
from golem_localnet.exeunit.state import INITIALIZED, StatePair
from golem_localnet.exeunit.transfer import TransferError, Transfers

ACTIVITY = ActivityId("act-1")


class FakeRunner(ProcessRunner):
    """Runs nothing: each Run prints its argv and exits with the next scripted code."""

    def __init__(self, codes: list[int], gate: asyncio.Event | None = None) -> None:
        super().__init__(UsageCounters(), kill_grace=0.1)
        self.codes = codes
        self.gate = gate
        self.spawned: list[Spawn] = []
        self.stopped = 0

    async def run(
        self, spawn: Spawn, sink: OutputSink, timeout: float, *, guest: Guest | None = None
    ) -> Outcome:
        self.spawned.append(spawn)
        sink(Stdio.STDOUT, " ".join(spawn.argv).encode())
        if self.gate is not None:
            await self.gate.wait()
        return Outcome(self.codes.pop(0))

    async def stop_all(self) -> None:
        self.stopped += 1
        if self.gate is not None:
            self.gate.set()


class FakeTransfers(Transfers):
    def __init__(self) -> None:
        self.done: list[Transfer] = []

    async def run(self, command: Transfer) -> None:
        if "missing" in command.from_:
            raise TransferError("IO error: No such file: /golem/input/missing")
        self.done.append(command)


class Harness:
    def __init__(self, tmp_path: Path, runner: FakeRunner) -> None:
        self.config = ExeUnitConfig(ACTIVITY, "tcp://127.0.0.1:1", tmp_path, faults=Faults())
        self.reports: list[tuple[list[str | None], str | None]] = []
        self.runner = runner
        self.executor = Executor(self.config, runner, FakeTransfers(), None, self.report, self.die)
        self.service = ExeUnitService(self.config, self.executor, UsageCounters())

    async def report(self, pair: StatePair, reason: str | None) -> None:
        self.reports.append((pair.to_wire(), reason))

    def die(self) -> None:
        raise AssertionError("no fault configured")

    async def run_batch(self, script: list[FlexValue], batch_id: str = "b") -> Batch:
        batch = Batch(BatchId(batch_id), parse_script(script))
        self.executor.start(batch)
        await asyncio.wait_for(batch.over.wait(), 2.0)
        return batch


def run(*argv: str) -> FlexValue:
    return {"run": {"entry_point": argv[0], "args": list(argv[1:])}}


@pytest.fixture
async def harness(tmp_path: Path) -> Harness:
    h = Harness(tmp_path, FakeRunner([0, 3]))
    await h.executor.set_state(INITIALIZED)
    return h


async def test_a_batch_runs_in_order_and_stops_at_the_first_failure(harness: Harness) -> None:
    script: list[FlexValue] = [
        {"deploy": {"env": {"OUT": "/golem/output"}}},
        {"start": {}},
        {"transfer": {"from": "gftp://0xab/x", "to": "/golem/input/x"}},
        run("/bin/echo", "/golem/output/a"),
        run("/bin/false"),
        run("/bin/never"),
    ]
    batch = await harness.run_batch(script)
    results = batch.results(4)
    assert [r["result"] for r in results] == ["Ok", "Ok", "Ok", "Ok", "Error"]
    assert results[4]["message"] == "ExeScript command exited with code 3"
    assert len(batch.records) == 5  # the last command never started
    first = harness.runner.spawned[0]
    assert first.argv == ("/bin/echo", f"{harness.config.work_dir}/output/a")
    assert first.env["OUT"] == f"{harness.config.work_dir}/output"
    assert [pair for pair, _ in harness.reports] == [
        ["Initialized", None],
        ["Initialized", "Deployed"],
        ["Deployed", None],
        ["Deployed", "Ready"],
        ["Ready", None],
        *[["Ready", "Ready"], ["Ready", None]] * 3,
    ]


async def test_state_errors_and_sign_are_command_results(harness: Harness) -> None:
    batch = await harness.run_batch([run("/bin/echo")], "early")
    assert batch.results()[0]["message"] == (
        "Local service error: State error: Activity is initialized - deploy() command is "
        "expected now"
    )
    batch = await harness.run_batch([{"sign": {}}], "sign")
    assert batch.results()[0]["message"] == (
        "signing not supported: binary built without the 'sgx' feature"
    )
    await harness.run_batch([{"deploy": {}}, {"start": {}}], "up")
    batch = await harness.run_batch(
        [{"transfer": {"from": "/golem/input/missing", "to": "/golem/work/x"}}], "t"
    )
    assert batch.results()[0]["message"] == (
        "Local service error: Transfer error: IO error: No such file: /golem/input/missing"
    )
    assert harness.executor.state.to_wire() == ["Ready", None]


async def test_busy_and_terminate(tmp_path: Path) -> None:
    gate = asyncio.Event()
    h = Harness(tmp_path, FakeRunner([0, 0], gate))
    await h.executor.set_state(INITIALIZED)
    await h.run_batch([{"deploy": {}}, {"start": {}}], "up")
    long = Batch(BatchId("long"), parse_script([run("/bin/sleep", "9")]))
    h.executor.start(long)
    second = await h.run_batch([run("/bin/echo")], "second")
    assert second.results()[0]["message"] == (
        "Local service error: State error: Busy: StatePair(Ready, Some(Ready))"
    )
    assert h.executor.running_commands() == [{"command": "Run", "params": ["/bin/sleep", "9"]}]
    stop = await h.run_batch([{"terminate": {}}], "stop")
    assert stop.results()[0]["result"] == "Ok"
    assert await long.wait_finished(0, 2.0)
    assert long.results()[0]["message"] == (
        "Local service error: State error: Unexpected state: StatePair(Initialized, None), "
        "expected StatePair(Ready, Some(Ready))"
    )
    assert h.executor.state.to_wire() == ["Initialized", None]


async def test_shutdown_reports_pending_then_terminated_with_a_summary(harness: Harness) -> None:
    await harness.run_batch([{"deploy": {}}, {"start": {}}])
    await harness.executor.shutdown("Interrupted by signal: 15")
    assert harness.reports[-2:] == [
        (["Ready", "Terminated"], None),
        (
            ["Terminated", None],
            'Interrupted by signal: 15: {"batches_done":1,"batches_pending":0,'
            '"cmds_done":2,"cmds_pending":0}',
        ),
    ]
    await harness.executor.shutdown("again")  # no second report
    assert len(harness.reports) == 7


def call(message: str, body: Flex) -> IncomingCall:
    address = f"/public/exeunit/{ACTIVITY}/{message}"
    return IncomingCall("0xabc", address, RequestId("1"), encode(body), False, address)


async def ask(service: ExeUnitService, message: str, body: FlexValue) -> HandlerResult:
    """One non-streaming message through the service's GSB handler."""
    reply = service.handle(call(message, body))
    assert not isinstance(reply, AsyncIterator)
    return await reply


async def test_handlers_answer_like_yagna(harness: Harness) -> None:
    service = harness.service
    exec_body: FlexValue = {"activityId": ACTIVITY, "batchId": "x", "exeScript": []}
    assert await ask(service, "Exec", exec_body) == ok("x")
    assert await ask(service, "Exec", exec_body) == err({"badRequest": "Batch x already exists"})
    results: FlexValue = {"activityId": ACTIVITY, "batchId": "x", "timeout": 1.0}
    assert await ask(service, "GetExecBatchResults", results) == ok([])
    foreign: FlexValue = {"activityId": "other", "batchId": "y", "exeScript": []}
    assert await ask(service, "Exec", foreign) == err(
        {"service": "Forbidden! Invalid activity id: other"}
    )
    state: FlexValue = {"activityId": ACTIVITY, "timeout": None}
    assert await ask(service, "GetActivityState", state) == ok({"state": ["Initialized", None]})
    assert await ask(service, "GetRunningCommand", state) == err(
        {"notFound": f"No running command within activity: {ACTIVITY}"}
    )

    bad: list[tuple[str, FlexValue, str]] = [
        ("Exec", {"activityId": ACTIVITY, "batchId": "z"}, "missing field `exeScript`"),
        (
            "Exec",
            {"activityId": ACTIVITY, "batchId": "z", "exeScript": [{"fly": {}}]},
            "unknown command .fly.",
        ),
        ("GetActivityState", None, "invalid type"),
    ]
    for message, body, text in bad:
        with pytest.raises(ServiceError, match=text) as caught:
            await ask(service, message, body)
        assert caught.value.code == 500
        assert caught.value.message.startswith("Bad content: ")

    pending: FlexValue = {
        "activityId": ACTIVITY,
        "batchId": "slow",
        "exeScript": [{"deploy": {}}, {"start": {}}, run("/bin/x")],
    }
    harness.runner.gate = asyncio.Event()
    await ask(service, "Exec", pending)
    assert await harness.executor.batches[BatchId("slow")].wait_finished(1, 2.0)
    waited: FlexValue = {
        "activityId": ACTIVITY,
        "batchId": "slow",
        "timeout": 0.05,
        "commandIndex": 2,
    }
    assert await ask(service, "GetExecBatchResults", waited) == err("timeout")
    no_index: FlexValue = {"activityId": ACTIVITY, "batchId": "slow", "timeout": 0.05}
    partial = await ask(service, "GetExecBatchResults", no_index)
    assert isinstance(partial, dict) and [r["index"] for r in partial["Ok"]] == [0, 1]
    harness.runner.gate.set()


async def test_streams_refuse_unknown_batches_with_gsb_400(harness: Harness) -> None:
    stream = harness.service.handle(
        call("StreamExecBatchResults", {"activity_id": ACTIVITY, "batch_id": "nope"})
    )
    assert isinstance(stream, AsyncIterator)
    with pytest.raises(ServiceError) as caught:
        await stream.__anext__()
    assert (caught.value.code, caught.value.message) == (400, "Unknown batch: nope")
