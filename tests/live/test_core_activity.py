"""golem_core.activity against two real daemons: requestor side and provider side together.

The test plays the provider with golem_core.activity.provider: it follows the
provider node's activity events, answers CreateActivity by serving a fake
exe-unit (tests/live/fake_exeunit.py) on the provider daemon's GSB router and
reporting Initialized, and answers DestroyActivity by reporting Terminated.
So the requestor's batches really cross both daemons: our exe-script JSON is
parsed by the requestor daemon and re-encoded to the exe-unit, and results and
the event stream come back the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta, timezone

import attrs
import pytest

from golem_core._api import YagnaApi
from golem_core._api import activity as activity_api
from golem_core.activity import (
    Activity,
    AtEnd,
    Capture,
    CaptureFormat,
    Command,
    CreateActivity,
    Deploy,
    DestroyActivity,
    FileSetObject,
    HostVolume,
    Network,
    ProgressArgs,
    ProviderActivityEvent,
    Run,
    RuntimeFinished,
    RuntimeStarted,
    RuntimeStderr,
    RuntimeStdout,
    Sign,
    Start,
    State,
    Stream,
    Terminate,
    Transfer,
    command_from_json,
)
from golem_core.activity import provider as provider_side
from golem_core.events import (
    ActivityCreated,
    ActivityEvent,
    BatchFailed,
    BatchFinished,
    BatchSent,
    BatchTimedOut,
    CommandFinished,
    CommandOutput,
    Event,
)
from golem_core.exceptions import BatchError, BatchTimeoutError
from golem_core.gsb import GsbConnection
from golem_core.ids import AgreementId
from golem_core.node import GolemNode
from golem_localnet.nodes import TwoNodes
from tests.live.fake_exeunit import FakeExeUnit
from tests.live.negotiation import approved_agreement

pytestmark = pytest.mark.live

# The provider is played in-process, so every server-side wait can be short.
CREATE_TIMEOUT = 10.0
BATCH_TIMEOUT = 10.0


@attrs.define
class PlayedProvider:
    """What the provider side saw while a test ran."""

    agreement_id: str
    seen: list[ProviderActivityEvent] = attrs.field(factory=list)
    exeunits: dict[str, FakeExeUnit] = attrs.field(factory=dict)


@contextlib.asynccontextmanager
async def provider_playing(
    node: GolemNode, gsb_url: str, agreement_id: str
) -> AsyncIterator[PlayedProvider]:
    """A provider agent in miniature for one agreement, running while the block runs."""
    played = PlayedProvider(agreement_id)
    async with await GsbConnection.connect(gsb_url) as bus:

        async def play() -> None:
            after = datetime.now(timezone.utc) - timedelta(seconds=1)
            async for event in provider_side.activity_events(node, after=after, poll_timeout=2.0):
                if event.agreement_id != agreement_id:
                    continue
                played.seen.append(event)
                if isinstance(event, CreateActivity):
                    unit = FakeExeUnit(event.activity_id)
                    await unit.serve(bus)  # serving before Initialized, as a real exe-unit does
                    played.exeunits[event.activity_id] = unit
                    await provider_side.set_state(node, event.activity_id, State.INITIALIZED)
                elif isinstance(event, DestroyActivity):
                    await provider_side.set_state(
                        node, event.activity_id, State.TERMINATED, reason="requestor destroyed it"
                    )

        player = asyncio.create_task(play())
        try:
            yield played
        finally:
            player.cancel()
            results = await asyncio.gather(player, return_exceptions=True)
            for unit in played.exeunits.values():
                await unit.aclose()
        failure = results[0]
        if isinstance(failure, Exception):
            raise AssertionError(f"the provider side failed: {failure!r}") from failure


@attrs.define
class Scene:
    node: GolemNode
    played: PlayedProvider
    events: list[Event]

    @property
    def agreement_id(self) -> AgreementId:
        return AgreementId(self.played.agreement_id)

    def exeunit(self, activity: Activity) -> FakeExeUnit:
        return self.played.exeunits[activity.id]


@contextlib.asynccontextmanager
async def scene(
    two_nodes: TwoNodes, requestor_api: YagnaApi, provider_node: GolemNode
) -> AsyncIterator[Scene]:
    """An approved agreement, the provider played, and a requestor GolemNode.

    The node closes first (running its closers while the provider still
    answers), so by the end of the block every event has been delivered.
    """
    config = two_nodes.requestor.config
    async with (
        approved_agreement(requestor_api, provider_node.api) as deal,
        provider_playing(
            provider_node, two_nodes.provider.config.gsb_url, deal.agreement_id
        ) as played,
    ):
        events: list[Event] = []
        async with GolemNode(app_key=config.app_key, api_url=config.api_url) as node:
            node.events.subscribe(events.append, (ActivityEvent,))
            yield Scene(node, played, events)


@pytest.fixture
async def provider_node(two_nodes: TwoNodes) -> AsyncIterator[GolemNode]:
    config = two_nodes.provider.config
    async with GolemNode(app_key=config.app_key, api_url=config.api_url) as node:
        yield node


def kinds(events: Sequence[Event]) -> list[str]:
    return [type(event).__name__ for event in events]


async def test_activity_lifecycle_with_the_provider_played(
    two_nodes: TwoNodes, requestor_api: YagnaApi, provider_node: GolemNode
) -> None:
    async with scene(two_nodes, requestor_api, provider_node) as s:
        activity = await Activity.create(s.node, s.agreement_id, timeout=CREATE_TIMEOUT)
        (created,) = s.played.seen
        assert isinstance(created, CreateActivity)
        assert (created.activity_id, created.agreement_id) == (activity.id, s.agreement_id)
        assert created.requestor_pub_key is None
        assert created.event_date.tzinfo is timezone.utc

        state = await activity.state()
        assert state.pair == (State.INITIALIZED, None)
        assert activity.latest_state == state and state.alive

        # a pending pair and its reason travel from the provider to the requestor
        await provider_side.set_state(
            provider_node,
            activity.id,
            State.INITIALIZED,
            State.DEPLOYED,
            reason="deploying",
            error_message="none yet",
        )
        state = await activity.state()
        assert state.pair == (State.INITIALIZED, State.DEPLOYED)
        assert (state.reason, state.error_message) == ("deploying", "none yet")

        usage = await activity.usage()
        assert usage.current_usage is None  # no exe-unit has reported usage
        assert usage.timestamp.tzinfo is timezone.utc

        await activity.destroy(timeout=CREATE_TIMEOUT)
        destroyed = s.played.seen[-1]
        assert isinstance(destroyed, DestroyActivity)
        assert destroyed.activity_id == activity.id
        assert destroyed.event_date >= created.event_date
        assert activity.destroyed
        assert (await activity.state()).pair == (State.TERMINATED, None)
        at_provider = await activity_api.get_state(provider_node.api, activity.id, 5.0)
        assert at_provider.current is State.TERMINATED
        assert at_provider.reason == "requestor destroyed it"

        await activity.destroy()  # ours: a no-op
        await activity_api.destroy(s.node.api, activity.id, 5.0)  # the daemon's: tolerated
    assert kinds(s.events) == ["ActivityCreated", "ActivityDestroyed"]
    assert all(e.activity_id == activity.id for e in s.events if isinstance(e, ActivityCreated))


async def test_node_close_destroys_a_forgotten_activity(
    two_nodes: TwoNodes, requestor_api: YagnaApi, provider_node: GolemNode
) -> None:
    async with scene(two_nodes, requestor_api, provider_node) as s:
        activity = await Activity.create(s.node, s.agreement_id, timeout=CREATE_TIMEOUT)
    # the node has closed: its closer destroyed the activity
    assert [type(e) for e in s.played.seen] == [CreateActivity, DestroyActivity]
    assert activity.destroyed
    assert kinds(s.events)[:2] == ["ActivityCreated", "ActivityDestroyed"]
    state = await activity_api.get_state(requestor_api, activity.id, 5.0)
    assert state.current is State.TERMINATED


async def test_batch_results_arrive_per_command_and_commands_survive_the_trip(
    two_nodes: TwoNodes, requestor_api: YagnaApi, provider_node: GolemNode
) -> None:
    script: list[Command] = [
        Deploy(
            net=[
                Network(id="net-1", ip="192.168.0.0", mask="255.255.255.0", node_ip="192.168.0.2")
            ],
            hosts={"db": "192.168.0.3"},
            env={"MODE": "test"},
            volumes={"/golem/work": HostVolume()},
            progress=ProgressArgs(update_interval=timedelta(milliseconds=300)),
        ),
        Start(),
        Transfer(
            "gftp://0x01/abc",
            "container:/golem/in.zip",
            format="zip",
            depth=1,
            fileset=[FileSetObject(includes=["*.txt"])],
        ),
        Run("/bin/echo", ["hello", "world"], capture=Capture.at_end(CaptureFormat.STR)),
        Sign(),
    ]
    async with scene(two_nodes, requestor_api, provider_node) as s:
        activity = await Activity.create(s.node, s.agreement_id, timeout=CREATE_TIMEOUT)
        batch = await activity.exec(script)
        seen = [result async for result in batch.iter_results(timeout=BATCH_TIMEOUT)]
        assert [r.index for r in seen] == [0, 1, 2, 3, 4]
        assert all(r.ok for r in seen) and batch.done
        assert seen[3].stdout == "hello world\n"
        assert seen[0].event_date.tzinfo is timezone.utc
        assert await batch.wait() == tuple(seen)  # cached: no new polls

        exeunit = s.exeunit(activity)
        (exec_body,) = [body for name, body in exeunit.received if name == "Exec"]
        assert exec_body["batchId"] == batch.id and exec_body["activityId"] == activity.id
        # the daemon re-encoded our JSON in its long form; it still means the same commands
        assert [command_from_json(c) for c in exec_body["exeScript"]] == script
        polled = [body["commandIndex"] for name, body in exeunit.received if name != "Exec"]
        assert polled == [0, 1, 2, 3, 4]
        await activity.destroy(timeout=CREATE_TIMEOUT)
    batch_events = [
        e for e in s.events if isinstance(e, (BatchSent, CommandFinished, BatchFinished))
    ]
    assert kinds(batch_events) == ["BatchSent"] + ["CommandFinished"] * 5 + ["BatchFinished"]
    assert all(e.batch_id == batch.id for e in batch_events)


async def test_a_failed_command_raises_batch_error_and_stops_the_batch(
    two_nodes: TwoNodes, requestor_api: YagnaApi, provider_node: GolemNode
) -> None:
    async with scene(two_nodes, requestor_api, provider_node) as s:
        activity = await Activity.create(s.node, s.agreement_id, timeout=CREATE_TIMEOUT)
        batch = await activity.exec(
            [Run("/bin/echo", ["one"]), Run("/bin/false"), Run("/bin/echo")]
        )
        with pytest.raises(BatchError) as failed:
            await batch.wait(timeout=BATCH_TIMEOUT)
        assert failed.value.index == 1
        assert failed.value.message == "process exited with code 1"
        assert failed.value.stderr == "boom\n"
        assert (failed.value.activity_id, failed.value.batch_id) == (activity.id, batch.id)
        assert [r.ok for r in batch.results] == [True, False]
        with pytest.raises(BatchError):  # the failure stays
            await batch.wait()
        await activity.destroy(timeout=CREATE_TIMEOUT)
    failures = [e for e in s.events if isinstance(e, BatchFailed)]
    assert [(e.index, e.message) for e in failures] == [(1, "process exited with code 1")]


async def test_one_poll_for_all_results_reads_every_output_and_a_failure(
    two_nodes: TwoNodes, requestor_api: YagnaApi, provider_node: GolemNode
) -> None:
    async with scene(two_nodes, requestor_api, provider_node) as s:
        activity = await Activity.create(s.node, s.agreement_id, timeout=CREATE_TIMEOUT)
        fine = await activity.exec(
            [Run("/bin/echo", ["one"]), Run("/bin/echo", ["two"])], per_command=False
        )
        assert [r.stdout for r in await fine.wait(timeout=BATCH_TIMEOUT)] == ["one\n", "two\n"]
        failing = await activity.exec(
            [Run("/bin/echo", ["one"]), Run("/bin/false"), Run("/bin/echo")], per_command=False
        )
        with pytest.raises(BatchError) as failed:
            await failing.wait(timeout=BATCH_TIMEOUT)
        assert (failed.value.index, failed.value.stderr) == (1, "boom\n")
        assert [(r.ok, r.stdout) for r in failing.results] == [(True, "one\n"), (False, None)]
        polls = [body for name, body in s.exeunit(activity).received if name != "Exec"]
        assert polls and all(body.get("commandIndex") is None for body in polls)
        assert len([p for p in polls if p["batchId"] == fine.id]) == 1
        await activity.destroy(timeout=CREATE_TIMEOUT)


async def test_wait_timeout_raises_and_stops_the_batch_with_terminate(
    two_nodes: TwoNodes, requestor_api: YagnaApi, provider_node: GolemNode
) -> None:
    async with scene(two_nodes, requestor_api, provider_node) as s:
        activity = await Activity.create(s.node, s.agreement_id, timeout=CREATE_TIMEOUT)
        batch = await activity.exec([Run("/bin/hang")])
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(BatchTimeoutError) as late:
            await batch.wait(timeout=1.0)
        elapsed = loop.time() - started
        assert 1.0 <= elapsed < 5.0  # our 1 s, not a result poll's 10 s
        assert (late.value.activity_id, late.value.batch_id, late.value.timeout) == (
            activity.id,
            batch.id,
            1.0,
        )
        assert activity.id in str(late.value) and batch.id in str(late.value)
        # the batch was stopped with a batch holding one terminate command
        execs = [body for name, body in s.exeunit(activity).received if name == "Exec"]
        assert [command_from_json(c) for c in execs[-1]["exeScript"]] == [Terminate()]
        await activity.destroy(timeout=CREATE_TIMEOUT)
    assert [e.timeout for e in s.events if isinstance(e, BatchTimedOut)] == [1.0]
    assert kinds([e for e in s.events if isinstance(e, BatchSent)]) == ["BatchSent"] * 2


async def test_stream_events_follow_the_batch_as_it_runs(
    two_nodes: TwoNodes, requestor_api: YagnaApi, provider_node: GolemNode
) -> None:
    streaming = Capture(stdout=Stream(limit=1024), stderr=Stream(format=CaptureFormat.BIN))
    script: list[Command] = [
        Run("/bin/echo", ["first"], capture=streaming),
        Run("/bin/echo", ["second"], capture=Capture(stdout=AtEnd(tail=100))),
    ]
    async with scene(two_nodes, requestor_api, provider_node) as s:
        activity = await Activity.create(s.node, s.agreement_id, timeout=CREATE_TIMEOUT)
        batch = await activity.exec(script)
        events = [event async for event in batch.stream_events(timeout=BATCH_TIMEOUT)]
        assert [(type(e), e.index) for e in events] == [
            (RuntimeStarted, 0),
            (RuntimeStdout, 0),
            (RuntimeFinished, 0),
            (RuntimeStarted, 1),
            (RuntimeStdout, 1),
            (RuntimeFinished, 1),
        ]
        assert all(e.batch_id == batch.id and e.timestamp.tzinfo for e in events)
        started = [e for e in events if isinstance(e, RuntimeStarted)]
        assert [e.command for e in started] == script
        assert [e.output for e in events if isinstance(e, RuntimeStdout)] == ["first\n", "second\n"]
        assert all(e.ok for e in events if isinstance(e, RuntimeFinished))
        assert not any(isinstance(e, RuntimeStderr) for e in events)

        # a failing command ends the stream too
        failing = await activity.exec([Run("/bin/false"), Run("/bin/echo")])
        tail = [event async for event in failing.stream_events(timeout=BATCH_TIMEOUT)]
        assert isinstance(tail[-1], RuntimeFinished)
        assert (tail[-1].index, tail[-1].return_code) == (0, 1)
        assert isinstance(tail[-2], RuntimeStderr) and tail[-2].output == "boom\n"
        await activity.destroy(timeout=CREATE_TIMEOUT)
    outputs = [(e.index, e.stream, e.text) for e in s.events if isinstance(e, CommandOutput)]
    assert outputs == [(0, "stdout", "first\n"), (1, "stdout", "second\n"), (0, "stderr", "boom\n")]
