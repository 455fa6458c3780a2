"""Our exe-unit as a process against the real daemon's GSB router (session `yagna` fixture).

The activity ids are made up, so most tests point the exe-unit's reports at a
sink served by the test (`--report-url`), which also lets them wait for state
changes instead of polling. One test keeps the daemon's own `/local/activity`,
which refuses state reports for unknown activities: the exe-unit must carry on.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest

from golem_core.flexbuffers import Flex, FlexValue, err
from golem_core.gsb import (
    GsbCallError,
    GsbConnection,
    HandlerResult,
    IncomingCall,
    ok,
    unwrap_result,
)
from golem_localnet.daemon import YagnaDaemon
from golem_localnet.exeunit.app import DIED_EXIT_CODE, READY_MARKER
from golem_localnet.exeunit.counters import UsageCounters
from golem_localnet.exeunit.paths import ActivityDirs
from golem_localnet.exeunit.runner import Outcome, ProcessRunner, build_spawn
from golem_localnet.exeunit.script import Run
from golem_localnet.exeunit.transfer import GFTP_DOWNLOAD_CHUNK
from golem_localnet.identities import REQUESTOR_NODE_ID

pytestmark = pytest.mark.live

TIMEOUT = 10.0
START_TIMEOUT = 20.0


class ReportSink:
    """Serves a stand-in for `/local/activity`, recording what the exe-unit reports."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.states: list[FlexValue] = []
        self.usage: list[FlexValue] = []
        self.messages: list[str] = []  # both kinds, in the order they came
        self._changed = asyncio.Condition()

    async def handle(self, call: IncomingCall) -> HandlerResult:
        message = call.address.rsplit("/", 1)[-1]
        body = call.body
        assert isinstance(body, dict)
        async with self._changed:
            self.messages.append(message)
            if message == "SetActivityState":
                self.states.append(body["state"])
            elif message == "SetActivityUsage":
                self.usage.append(body["usage"])
            else:
                return err({"badRequest": message})
            self._changed.notify_all()
        return ok(None)

    def pairs(self) -> list[FlexValue]:
        return [s["state"] for s in self.states if isinstance(s, dict)]

    async def wait_state(self, pair: list[str | None]) -> dict[str, FlexValue]:
        """The first reported state whose pair is `pair` (waiting for it if needed)."""

        def found() -> dict[str, FlexValue] | None:
            for state in self.states:
                if isinstance(state, dict) and state["state"] == pair:
                    return state
            return None

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: found() is not None), TIMEOUT)
        result = found()
        assert result is not None
        return result

    async def wait_usage(self, count: int) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.usage) >= count), 5)


class ExeUnit:
    """`python -m golem_localnet.exeunit` as a child process."""

    def __init__(self, process: asyncio.subprocess.Process, activity_id: str, work: Path) -> None:
        self.process = process
        self.activity_id = activity_id
        self.work = work
        self.log: list[str] = []
        self.ready = asyncio.Event()
        assert process.stderr is not None
        self._reader = asyncio.create_task(self._read(process.stderr))

    @property
    def prefix(self) -> str:
        return f"/public/exeunit/{self.activity_id}"

    async def _read(self, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            text = line.decode(errors="replace").rstrip()
            self.log.append(text)
            if READY_MARKER in text:
                self.ready.set()
        self.ready.set()  # exited: wake the waiter, which checks why

    async def wait_ready(self) -> None:
        await asyncio.wait_for(self.ready.wait(), START_TIMEOUT)
        assert self.process.returncode is None, "exe-unit exited:\n" + "\n".join(self.log)

    async def wait_exit(self) -> int:
        code = await asyncio.wait_for(self.process.wait(), TIMEOUT)
        await self._reader
        return code

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), TIMEOUT)
            except asyncio.TimeoutError:
                self.process.kill()
                await self.process.wait()
        await self._reader


async def start_exeunit(
    yagna: YagnaDaemon, work: Path, *extra: str, activity_id: str | None = None
) -> ExeUnit:
    activity_id = activity_id or f"test-activity-{uuid.uuid4().hex}"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "golem_localnet.exeunit",
        "--activity-id",
        activity_id,
        "--gsb-url",
        yagna.config.gsb_url,
        "--work-dir",
        str(work),
        *extra,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    unit = ExeUnit(process, activity_id, work)
    try:
        await unit.wait_ready()
    except BaseException:
        await unit.stop()
        raise
    return unit


@pytest.fixture
async def bus(yagna: YagnaDaemon) -> AsyncIterator[GsbConnection]:
    async with await GsbConnection.connect(yagna.config.gsb_url) as connection:
        yield connection


@pytest.fixture
async def sink(bus: GsbConnection) -> ReportSink:
    reports = ReportSink(f"/test/activity-{uuid.uuid4().hex}")
    await bus.register(reports.prefix, reports.handle)
    return reports


@pytest.fixture
async def unit(yagna: YagnaDaemon, sink: ReportSink, tmp_path: Path) -> AsyncIterator[ExeUnit]:
    started = await start_exeunit(yagna, tmp_path / "activity", "--report-url", sink.prefix)
    try:
        yield started
    finally:
        await started.stop()


async def exec_batch(
    bus: GsbConnection, unit: ExeUnit, script: Sequence[Flex], timeout: float | None = None
) -> str:
    batch_id = uuid.uuid4().hex
    body = {
        "activityId": unit.activity_id,
        "batchId": batch_id,
        "exeScript": list(script),
        "timeout": timeout,
    }
    assert unwrap_result(await bus.call(f"{unit.prefix}/Exec", body, timeout=TIMEOUT)) == batch_id
    return batch_id


async def batch_results(
    bus: GsbConnection,
    unit: ExeUnit,
    batch_id: str,
    *,
    wait: float = TIMEOUT,
    command_index: int | None = None,
) -> list[dict[str, FlexValue]]:
    body: dict[str, Flex] = {
        "activityId": unit.activity_id,
        "batchId": batch_id,
        "timeout": wait,
        "commandIndex": command_index,
    }
    address = f"{unit.prefix}/GetExecBatchResults"
    results = unwrap_result(await bus.call(address, body, timeout=wait + TIMEOUT))
    assert isinstance(results, list)
    return [r for r in results if isinstance(r, dict)]


async def activity_call(bus: GsbConnection, unit: ExeUnit, message: str) -> FlexValue:
    body = {"activityId": unit.activity_id, "timeout": None}
    return unwrap_result(await bus.call(f"{unit.prefix}/{message}", body, timeout=TIMEOUT))


def run(*argv: str, capture: Flex = None) -> dict[str, Flex]:
    body: dict[str, Flex] = {"entry_point": argv[0], "args": list(argv[1:])}
    if capture is not None:
        body["capture"] = capture
    return {"run": body}


DEPLOY_START: list[Flex] = [{"deploy": {}}, {"start": {}}]
AT_END: Flex = {"stdout": {"atEnd": {}}, "stderr": {"atEnd": {}}}


async def test_batch_results_state_reports_and_usage(
    bus: GsbConnection, unit: ExeUnit, sink: ReportSink
) -> None:
    script = [
        *DEPLOY_START,
        run("/bin/echo", "hello", capture=AT_END),
        run("/bin/sh", "-c", "echo oops >&2; exit 3", capture=AT_END),
    ]
    batch_id = await exec_batch(bus, unit, script)
    results = await batch_results(bus, unit, batch_id)

    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert [r["result"] for r in results] == ["Ok", "Ok", "Ok", "Error"]
    assert [r["isBatchFinished"] for r in results] == [False, False, False, True]
    assert results[2]["stdout"] == "hello\n" and results[2]["stderr"] is None
    assert results[3]["stderr"] == "oops\n"
    assert results[3]["message"] == "ExeScript command exited with code 3"
    assert isinstance(results[0]["stdout"], str) and '"/golem/output"' in results[0]["stdout"]
    for result in results:
        assert isinstance(result["eventDate"], str) and result["eventDate"].endswith("Z")

    assert sink.pairs() == [
        ["Initialized", None],
        ["Initialized", "Deployed"],
        ["Deployed", None],
        ["Deployed", "Ready"],
        ["Ready", None],
        ["Ready", "Ready"],
        ["Ready", None],
        ["Ready", "Ready"],
        ["Ready", None],
    ]
    assert await activity_call(bus, unit, "GetActivityState") == {"state": ["Ready", None]}

    # wrong state: a second deploy is refused as a result, not as a call error
    again = await batch_results(bus, unit, await exec_batch(bus, unit, [{"deploy": {}}]))
    assert again[0]["result"] == "Error"
    assert again[0]["message"] == (
        "Local service error: State error: Cannot send command after a successful start()"
    )

    await sink.wait_usage(2)
    usage = sink.usage[-1]
    assert isinstance(usage, dict)
    current = usage["currentUsage"]
    assert isinstance(current, list) and len(current) == 2
    assert isinstance(usage["timestamp"], int) and abs(usage["timestamp"] - time.time()) < 60
    served = await activity_call(bus, unit, "GetActivityUsage")
    assert isinstance(served, dict) and isinstance(served["currentUsage"], list)
    duration, cpu = served["currentUsage"]
    assert isinstance(duration, float) and isinstance(cpu, float)
    assert duration > 0 and cpu >= 0

    # an unknown batch and a foreign activity id are Err replies, as in yagna
    body: dict[str, Flex] = {"activityId": unit.activity_id, "batchId": "nope", "timeout": 0.0}
    reply = await bus.call(f"{unit.prefix}/GetExecBatchResults", body, timeout=TIMEOUT)
    assert reply == err({"notFound": "batch_id = nope"})
    body = {"activityId": "other", "timeout": None}
    reply = await bus.call(f"{unit.prefix}/GetActivityState", body, timeout=TIMEOUT)
    assert reply == err({"service": "Forbidden! Invalid activity id: other"})


async def test_stream_exec_batch_results(
    bus: GsbConnection, unit: ExeUnit, sink: ReportSink
) -> None:
    await batch_results(bus, unit, await exec_batch(bus, unit, DEPLOY_START))
    fifo = unit.work / "work" / "go"
    os.mkfifo(fifo)
    streamed: Flex = {"stdout": {"stream": {}}}
    script = [
        run("/bin/sh", "-c", "cat /golem/work/go", capture=streamed),
        run("/bin/sh", "-c", "exit 3"),
    ]
    batch_id = await exec_batch(bus, unit, script)

    events: asyncio.Queue[FlexValue] = asyncio.Queue()
    body = {"activity_id": unit.activity_id, "batch_id": batch_id}

    async def consume() -> None:
        async for item in bus.call_stream(
            f"{unit.prefix}/StreamExecBatchResults", body, timeout=60
        ):
            await events.put(unwrap_result(item))

    consumer = asyncio.create_task(consume())
    # a call sent after the stream request is answered after the exe-unit subscribed
    barrier = asyncio.create_task(activity_call(bus, unit, "GetActivityState"))
    try:
        await barrier
        await asyncio.to_thread(fifo.write_bytes, b"go\n")
        seen: list[dict[str, FlexValue]] = []
        while not any(
            e["index"] == 1 and isinstance(e["kind"], dict) and "finished" in e["kind"]
            for e in seen
        ):
            event = await asyncio.wait_for(events.get(), TIMEOUT)
            assert isinstance(event, dict)
            seen.append(event)
    finally:
        consumer.cancel()
        await asyncio.gather(consumer, return_exceptions=True)

    assert all(e["batch_id"] == batch_id for e in seen)
    kinds = [(e["index"], e["kind"]) for e in seen]
    assert (0, {"stdout": "go\n"}) in kinds
    assert (0, {"finished": {"return_code": 0, "message": None}}) in kinds
    started = [k for i, k in kinds if i == 1 and isinstance(k, dict) and "started" in k]
    assert started == [
        {"started": {"command": {"run": {"entry_point": "/bin/sh", "args": ["-c", "exit 3"]}}}}
    ]
    assert kinds[-1] == (
        1,
        {"finished": {"return_code": 3, "message": "ExeScript command exited with code 3"}},
    )
    timestamp = seen[-1]["timestamp"]
    assert isinstance(timestamp, str) and "+" not in timestamp and not timestamp.endswith("Z")


class Publisher:
    """Serves one file at `/public/gftp/<name>`, like `gftp publish`."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.chunk_calls = 0

    async def handle(self, call: IncomingCall) -> HandlerResult:
        message = call.address.rsplit("/", 1)[-1]
        if message == "GetMetadata":
            return ok({"fileSize": len(self.data)})
        body = call.body
        assert message == "GetChunk" and isinstance(body, dict)
        offset, size = body["offset"], body["size"]
        assert isinstance(offset, int) and isinstance(size, int)
        self.chunk_calls += 1
        return ok({"offset": offset, "content": self.data[offset : offset + size]})


class Receiver:
    """Takes an upload at `/public/gftp/<name>`, like `gftp receive`."""

    def __init__(self) -> None:
        self.parts: dict[int, bytes] = {}
        self.finished: asyncio.Future[FlexValue] = asyncio.get_running_loop().create_future()

    async def handle(self, call: IncomingCall) -> HandlerResult:
        message = call.address.rsplit("/", 1)[-1]
        body = call.body
        assert isinstance(body, dict)
        if message == "UploadChunk":
            chunk = body["chunk"]
            assert isinstance(chunk, dict)
            offset, content = chunk["offset"], chunk["content"]
            assert isinstance(offset, int) and isinstance(content, bytes)
            self.parts[offset] = content
            return ok(None)
        assert message == "UploadFinished"
        self.finished.set_result(body["hash"])
        return ok(None)

    def data(self) -> bytes:
        return b"".join(self.parts[offset] for offset in sorted(self.parts))


@pytest.mark.parametrize("sandbox", ["auto", "never"])
async def test_transfers_over_gftp(
    yagna: YagnaDaemon, bus: GsbConnection, sink: ReportSink, tmp_path: Path, sandbox: str
) -> None:
    unit = await start_exeunit(
        yagna, tmp_path / "act", "--report-url", sink.prefix, "--sandbox", sandbox
    )
    try:
        await check_transfers(bus, unit)
        if any("commands run in bwrap" in line for line in unit.log):
            assert sandbox == "auto"
            script = [run("/bin/sh", "-c", "touch /usr/golem-sandbox-test")]
            results = await batch_results(bus, unit, await exec_batch(bus, unit, script))
            assert results[0]["result"] == "Error"  # the host is read-only in the sandbox
        else:
            assert any("commands run on the host" in line for line in unit.log)
    finally:
        await unit.stop()


async def check_transfers(bus: GsbConnection, unit: ExeUnit) -> None:
    data = os.urandom(400_000)  # one chunk: this publisher answers any size
    publisher, name = Publisher(data), uuid.uuid4().hex
    await bus.register(f"/public/gftp/{name}", publisher.handle)
    receiver, upload_name = Receiver(), uuid.uuid4().hex
    await bus.register(f"/public/gftp/{upload_name}", receiver.handle)

    script = [
        *DEPLOY_START,
        {
            "transfer": {
                "from": f"gftp://{REQUESTOR_NODE_ID}/{name}",
                "to": "container:/golem/input/f",
            }
        },
        run("/bin/sh", "-c", "cp /golem/input/f /golem/output/g && echo copied >> /golem/output/g"),
        {
            "transfer": {
                "from": "container:/golem/output/g",
                "to": f"gftp://{REQUESTOR_NODE_ID}/{upload_name}",
            }
        },
    ]
    results = await batch_results(bus, unit, await exec_batch(bus, unit, script))
    assert [r["result"] for r in results] == ["Ok"] * 5, results

    assert (unit.work / "input" / "f").read_bytes() == data
    assert publisher.chunk_calls == -(-len(data) // GFTP_DOWNLOAD_CHUNK) == 1
    expected = data + b"copied\n"
    assert (
        await asyncio.wait_for(receiver.finished, TIMEOUT) == hashlib.sha3_256(expected).hexdigest()
    )
    assert receiver.data() == expected

    refused = [{"transfer": {"from": "file:///etc/hostname", "to": "container:/golem/input/h"}}]
    results = await batch_results(bus, unit, await exec_batch(bus, unit, refused))
    assert results[0]["message"] == "Local service error: Transfer error: Unsupported scheme: file"


async def test_terminate_stops_a_hanging_command(
    yagna: YagnaDaemon, bus: GsbConnection, sink: ReportSink, tmp_path: Path
) -> None:
    unit = await start_exeunit(
        yagna, tmp_path / "act", "--report-url", sink.prefix, "--fault", "hang-command"
    )
    try:
        hanging = await exec_batch(bus, unit, [*DEPLOY_START, run("/bin/echo", "never")])
        await sink.wait_state(["Ready", "Ready"])
        running = await activity_call(bus, unit, "GetRunningCommand")
        assert running == [{"command": "Run", "params": ["/bin/echo", "never"]}]

        stopper = await exec_batch(bus, unit, [{"terminate": {}}])
        assert (await batch_results(bus, unit, stopper))[0]["result"] == "Ok"
        results = await batch_results(bus, unit, hanging)
        assert results[2]["result"] == "Error" and results[2]["isBatchFinished"] is True
        assert await activity_call(bus, unit, "GetActivityState") == {
            "state": ["Initialized", None]
        }

        # a timeout given with Exec is the call's, not a deadline for the commands
        # (the real exe-unit never reads it): the Run outlives it
        await batch_results(bus, unit, await exec_batch(bus, unit, DEPLOY_START))
        limited = await exec_batch(bus, unit, [run("/bin/true")], timeout=0.2)
        body: dict[str, Flex] = {
            "activityId": unit.activity_id,
            "batchId": limited,
            "timeout": 1.0,
            "commandIndex": 0,
        }
        address = f"{unit.prefix}/GetExecBatchResults"
        assert await bus.call(address, body, timeout=TIMEOUT) == err("timeout")
        assert await activity_call(bus, unit, "GetRunningCommand") == [
            {"command": "Run", "params": ["/bin/true"]}
        ]
    finally:
        await unit.stop()


async def test_sigterm_reports_terminated_and_unregisters(
    bus: GsbConnection, unit: ExeUnit, sink: ReportSink
) -> None:
    await batch_results(bus, unit, await exec_batch(bus, unit, DEPLOY_START))
    unit.process.send_signal(signal.SIGTERM)
    assert await unit.wait_exit() == 0
    assert sink.pairs()[-2:] == [["Ready", "Terminated"], ["Terminated", None]]
    assert sink.messages[-1] == "SetActivityState"  # no usage reported after the end
    last = sink.states[-1]
    reason = last.get("reason") if isinstance(last, dict) else None
    assert isinstance(reason, str) and reason.startswith("Interrupted by signal: 15: {")
    with pytest.raises(GsbCallError) as caught:
        await activity_call(bus, unit, "GetActivityState")
    assert caught.value.code == 400


async def test_dies_during_a_batch(
    yagna: YagnaDaemon, bus: GsbConnection, sink: ReportSink, tmp_path: Path
) -> None:
    unit = await start_exeunit(
        yagna, tmp_path / "act", "--report-url", sink.prefix, "--fault", "die-during-batch=2"
    )
    try:
        await exec_batch(bus, unit, [*DEPLOY_START, run("/bin/echo", "x")])
        assert await unit.wait_exit() == DIED_EXIT_CODE
        assert ["Terminated", None] not in sink.pairs()
    finally:
        await unit.stop()


async def test_made_up_activity_against_the_real_local_activity(
    yagna: YagnaDaemon, bus: GsbConnection, tmp_path: Path
) -> None:
    """yagna refuses state reports for unknown activities; the exe-unit logs that and serves."""
    unit = await start_exeunit(yagna, tmp_path / "act", "--fault", "exit-nonzero")
    try:
        assert any("not reported" in line for line in unit.log)
        assert await activity_call(bus, unit, "GetActivityState") == {
            "state": ["Initialized", None]
        }
        script = [*DEPLOY_START, run("/bin/true")]
        results = await batch_results(bus, unit, await exec_batch(bus, unit, script))
        assert results[2]["message"] == "ExeScript command exited with code 1"
    finally:
        await unit.stop()
    assert unit.process.returncode == 0


async def test_runner_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    dirs = ActivityDirs(tmp_path)
    dirs.create()
    runner = ProcessRunner(UsageCounters(), kill_grace=1.0)
    script = "sleep 60 & echo $! > /golem/work/bg; echo started; wait"
    spawn = build_spawn(Run("/bin/sh", ("-c", script)), dirs, {}, None)
    chunks: list[bytes] = []
    outcome = await runner.run(spawn, lambda _, chunk: chunks.append(chunk), 0.5)
    assert outcome == Outcome(exit_code=-1, timed_out=True)
    assert b"".join(chunks) == b"started\n"
    background = int((dirs.work / "bg").read_text())
    await wait_terminated(background)  # killed with the group, though it left sh behind


async def wait_terminated(pid: int) -> None:
    """Returns once `pid` has exited (a pidfd turns readable), even if nobody reaps it."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    loop = asyncio.get_running_loop()
    exited: asyncio.Future[None] = loop.create_future()

    def readable() -> None:
        if not exited.done():
            exited.set_result(None)

    loop.add_reader(fd, readable)
    try:
        await asyncio.wait_for(exited, TIMEOUT)
    finally:
        loop.remove_reader(fd)
        os.close(fd)


async def test_cpu_of_running_and_finished_commands_is_counted(tmp_path: Path) -> None:
    dirs = ActivityDirs(tmp_path)
    dirs.create()
    counters = UsageCounters()
    runner = ProcessRunner(counters, kill_grace=1.0)
    busy = (
        "import time\n"
        "end = time.process_time() + 0.3\n"
        "while time.process_time() < end: pass\n"
        "print('busy done', flush=True)\n"
        "time.sleep(60)\n"
    )
    spawn = build_spawn(Run(sys.executable, ("-c", busy)), dirs, {}, None)
    printed = asyncio.Event()
    running = asyncio.create_task(runner.run(spawn, lambda _, __: printed.set(), 30))
    await asyncio.wait_for(printed.wait(), TIMEOUT)
    assert counters.cpu() >= 0.25  # read from /proc while the command still runs
    await runner.stop_all()
    assert (await running).exit_code == -1
    assert counters.cpu() >= 0.25  # and from the reaped child's rusage afterwards
    assert counters.groups == set()


async def test_no_initialized_fault_leaves_the_activity_new(
    yagna: YagnaDaemon, bus: GsbConnection, sink: ReportSink, tmp_path: Path
) -> None:
    unit = await start_exeunit(
        yagna, tmp_path / "act", "--report-url", sink.prefix, "--fault", "no-initialized"
    )
    try:
        assert await activity_call(bus, unit, "GetActivityState") == {"state": ["New", None]}
        await sink.wait_usage(1)  # alive and reporting usage, but never Initialized
        assert sink.pairs() == []
    finally:
        await unit.stop()
    assert sink.pairs() == [["New", "Terminated"], ["Terminated", None]]
