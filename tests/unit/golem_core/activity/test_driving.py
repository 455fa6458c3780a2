"""The async drivers (Activity, Batch, provider feed) on scripted yagna replies (no daemon).

The happy paths run against real daemons in tests/live/test_core_activity.py;
here the daemon is an `httpx.MockTransport` that answers from a script, so the
loops' reactions to 408s, odd answers and the event stream can be pinned down.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from golem_core.activity import (
    Activity,
    CreateActivity,
    DestroyActivity,
    ProviderActivityEvent,
    Run,
    RuntimeFinished,
    RuntimeStdout,
    State,
    Terminate,
    command_from_json,
)
from golem_core.activity import provider as provider_side
from golem_core.events import CommandOutput, Event
from golem_core.exceptions import (
    BatchError,
    BatchTimeoutError,
    RemoteProtocolError,
    ServerError,
)
from golem_core.ids import ActivityId, AgreementId
from golem_core.node import GolemNode

ME = {"identity": "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "name": "n", "role": "manager"}
ACTIVITY = ActivityId("act-1")
AGREEMENT = AgreementId("agr-1")
PREFIX = "/activity-api/v1"
Handler = Callable[[httpx.Request], "httpx.Response | Awaitable[httpx.Response]"]


def result(index: int, ok: bool = True, **extra: Any) -> dict[str, Any]:
    return {
        "index": index,
        "result": "Ok" if ok else "Error",
        "isBatchFinished": False,
        "eventDate": "2026-01-01T00:00:00Z",
        **extra,
    }


def timeout_408() -> httpx.Response:
    return httpx.Response(408, json={"message": "Timeout"})


async def nothing_finishes(request: httpx.Request) -> httpx.Response:
    """A long poll on a command that never ends: the daemon waits out `timeout`, then 408."""
    never = asyncio.Event()
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(never.wait(), float(request.url.params["timeout"]))
    return timeout_408()


class Daemon:
    """Answers /me itself and everything else from `answer`, recording the requests."""

    def __init__(self, answer: Handler) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/me":
            return httpx.Response(200, json=ME)
        self.requests.append(request)
        answer = self.answer(request)
        return await answer if inspect.isawaitable(answer) else answer

    def polls(self) -> list[dict[str, str]]:
        return [dict(r.url.params) for r in self.requests if r.method == "GET"]

    def exec_bodies(self) -> list[list[Any]]:
        return [
            json.loads(json.loads(r.content)["text"])
            for r in self.requests
            if r.method == "POST" and r.url.path.endswith("/exec")
        ]


@contextlib.asynccontextmanager
async def running(daemon: Daemon) -> AsyncIterator[tuple[GolemNode, list[Event]]]:
    """A node on the scripted daemon; `events` is complete once the block has ended."""
    events: list[Event] = []
    async with GolemNode("key", "http://yagna.test", transport=httpx.MockTransport(daemon)) as node:
        node.events.subscribe(events.append)
        yield node, events


def on_exec(batch_id: str, then: Handler) -> Handler:
    def answer(request: httpx.Request) -> httpx.Response | Awaitable[httpx.Response]:
        if request.method == "POST" and request.url.path == f"{PREFIX}/activity/{ACTIVITY}/exec":
            return httpx.Response(200, json=batch_id)
        return then(request)

    return answer


async def test_results_are_long_polled_per_command_and_408_means_ask_again() -> None:
    answers = iter([timeout_408(), httpx.Response(200, json=[result(0, stdout="a")])])

    def script(request: httpx.Request) -> httpx.Response:
        if request.url.params["commandIndex"] == "0":
            return next(answers)
        # the exe-unit returns everything up to the asked command; output only for it
        return httpx.Response(200, json=[result(0), result(1, stdout="b", isBatchFinished=True)])

    daemon = Daemon(on_exec("b-1", script))
    async with running(daemon) as (node, events):
        batch = await Activity(node, ACTIVITY, AGREEMENT).exec([Run("/bin/a"), Run("/bin/b")])
        results = await batch.wait()
    assert [(r.index, r.stdout) for r in results] == [(0, "a"), (1, "b")]
    assert daemon.polls() == [
        {"commandIndex": "0", "timeout": "10.0"},
        {"commandIndex": "0", "timeout": "10.0"},
        {"commandIndex": "1", "timeout": "10.0"},
    ]
    assert daemon.exec_bodies() == [
        [
            {"run": {"entry_point": "/bin/a", "args": []}},
            {"run": {"entry_point": "/bin/b", "args": []}},
        ]
    ]
    assert [type(e).__name__ for e in events][:-1] == [
        "BatchSent",
        "CommandFinished",
        "CommandFinished",
        "BatchFinished",
    ]


async def test_a_failed_command_stops_reading_and_raises_batch_error() -> None:
    failed = result(0, ok=False, message="no such file", stderr=[110, 111])
    daemon = Daemon(on_exec("b-2", lambda _: httpx.Response(200, json=[failed])))
    async with running(daemon) as (node, events):
        batch = await Activity(node, ACTIVITY, AGREEMENT).exec([Run("/bin/x"), Run("/bin/y")])
        with pytest.raises(BatchError) as error:
            async for _ in batch:
                pass
    assert (error.value.index, error.value.message, error.value.stderr) == (
        0,
        "no such file",
        b"no",
    )
    assert len(daemon.polls()) == 1  # nothing asked about command 1
    assert "BatchFailed" in [type(e).__name__ for e in events]


async def test_an_answer_without_the_awaited_command_is_a_protocol_error() -> None:
    daemon = Daemon(on_exec("b-3", lambda _: httpx.Response(200, json=[])))
    async with running(daemon) as (node, _):
        batch = await Activity(node, ACTIVITY, AGREEMENT).exec([Run("/bin/x")])
        with pytest.raises(RemoteProtocolError, match="do not include it"):
            await batch.wait()


async def test_a_deadline_stops_the_batch_with_terminate_and_raises() -> None:
    daemon = Daemon(on_exec("b-4", nothing_finishes))
    async with running(daemon) as (node, events):
        batch = await Activity(node, ACTIVITY, AGREEMENT).exec([Run("/bin/sleep")])
        with pytest.raises(BatchTimeoutError) as error:
            await batch.wait(timeout=0.05)
        with pytest.raises(BatchTimeoutError):  # the outcome stays
            await batch.wait()
    assert (error.value.batch_id, error.value.timeout) == ("b-4", 0.05)
    # the poll asked the daemon to wait no longer than the time left, so one or two were enough
    timeouts = [float(p["timeout"]) for p in daemon.polls()]
    assert 1 <= len(timeouts) <= 2 and all(t <= 0.05 for t in timeouts)
    assert [[command_from_json(c) for c in body] for body in daemon.exec_bodies()] == [
        [Run("/bin/sleep")],
        [Terminate()],
    ]
    assert "BatchTimedOut" in [type(e).__name__ for e in events]


SSE = (
    ":ping\n"
    'event: runtime\ndata: {"batch_id":"b-5","index":0,"timestamp":"2026-01-01T00:00:00",'
    '"kind":{"stdout":"hi"}}\nid: 0\n\n'
    'event: runtime\ndata: {"batch_id":"b-5","index":0,"timestamp":"2026-01-01T00:00:01",'
    '"kind":{"finished":{"return_code":0,"message":null}}}\nid: 1\n\n'
    'event: runtime\ndata: {"batch_id":"b-5","index":0,"timestamp":"2026-01-01T00:00:02",'
    '"kind":{"stdout":"never read"}}\nid: 2\n\n'
)


async def test_the_event_stream_is_read_until_the_last_command_finishes() -> None:
    def stream(request: httpx.Request) -> httpx.Response:
        assert request.headers["accept"] == "text/event-stream"
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, text=SSE)

    daemon = Daemon(on_exec("b-5", stream))
    async with running(daemon) as (node, events):
        batch = await Activity(node, ACTIVITY, AGREEMENT).exec([Run("/bin/hi")])
        seen = [event async for event in batch.stream_events()]
    assert [type(e) for e in seen] == [RuntimeStdout, RuntimeFinished]
    assert seen[1].timestamp == datetime(2026, 1, 1, 0, 0, 1, tzinfo=timezone.utc)
    outputs = [(e.stream, e.text) for e in events if isinstance(e, CommandOutput)]
    assert outputs == [("stdout", "hi")]
    assert daemon.requests[-1].url.path == f"{PREFIX}/activity/{ACTIVITY}/exec/b-5"


async def test_a_json_answer_where_a_stream_was_asked_is_a_protocol_error() -> None:
    daemon = Daemon(on_exec("b-6", lambda _: httpx.Response(200, json=[])))
    async with running(daemon) as (node, _):
        batch = await Activity(node, ACTIVITY, AGREEMENT).exec([Run("/bin/x")])
        with pytest.raises(RemoteProtocolError, match="expected an event stream"):
            async for _ in batch.stream_events():
                pass


async def test_destroy_counts_an_unknown_activity_as_gone_but_not_a_server_error() -> None:
    statuses = iter([404, 500])
    daemon = Daemon(lambda _: httpx.Response(next(statuses), json={"message": "nope"}))
    async with running(daemon) as (node, events):
        gone = Activity(node, ACTIVITY, AGREEMENT)
        await gone.destroy()
        assert gone.destroyed
        broken = Activity(node, ActivityId("act-2"), AGREEMENT)
        with pytest.raises(ServerError):
            await broken.destroy()
        assert not broken.destroyed
    assert [r.method for r in daemon.requests] == ["DELETE", "DELETE"]
    assert [type(e).__name__ for e in events][:1] == ["ActivityDestroyed"]


async def test_a_creation_cancelled_in_flight_is_finished_and_destroyed() -> None:
    # yagna records an activity only when the create call completes; a dropped call
    # leaves the provider running an activity it can never invoice
    asked, answer_now = asyncio.Event(), asyncio.Event()

    async def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            asked.set()
            await answer_now.wait()
            return httpx.Response(200, json={"activityId": ACTIVITY})
        return httpx.Response(200, json=None)

    daemon = Daemon(answer)
    async with running(daemon) as (node, events):
        creating = asyncio.ensure_future(Activity.create(node, AGREEMENT))
        await asked.wait()
        creating.cancel()
        answer_now.set()
        with pytest.raises(asyncio.CancelledError):
            await creating
        calls = [(r.method, r.url.path) for r in daemon.requests]
        assert calls == [
            ("POST", f"{PREFIX}/activity"),
            ("DELETE", f"{PREFIX}/activity/{ACTIVITY}"),
        ]
    kinds = [type(e).__name__ for e in events if type(e).__name__.startswith("Activity")]
    assert kinds == ["ActivityCreated", "ActivityDestroyed"]


async def test_the_provider_feed_polls_on_from_the_last_event() -> None:
    def event(kind: dict[str, Any], date: str) -> dict[str, Any]:
        return {
            "activityId": ACTIVITY,
            "agreementId": AGREEMENT,
            "eventType": kind,
            "eventDate": date,
        }

    answers = iter(
        [
            timeout_408(),
            httpx.Response(
                200,
                json=[
                    event({"CreateActivity": {"requestorPubKey": "ab"}}, "2026-01-01T00:00:01.5Z"),
                    event({"DestroyActivity": {}}, "2026-01-01T00:00:02Z"),
                ],
            ),
            httpx.Response(200, json=[event({"Hibernate": {}}, "2026-01-01T00:00:03Z")]),
        ]
    )
    daemon = Daemon(lambda _: next(answers))
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    seen: list[ProviderActivityEvent] = []
    async with running(daemon) as (node, _):
        async for item in provider_side.activity_events(node, after=start, poll_timeout=1.0):
            seen.append(item)
            if len(seen) == 3:
                break
    assert isinstance(seen[0], CreateActivity) and seen[0].requestor_pub_key == "ab"
    assert isinstance(seen[1], DestroyActivity)
    assert type(seen[2]) is ProviderActivityEvent and seen[2].kind == "Hibernate"
    afters = [p["afterTimestamp"] for p in daemon.polls()]
    assert afters == [
        "2026-01-01T00:00:00+00:00",
        "2026-01-01T00:00:00+00:00",
        "2026-01-01T00:00:02+00:00",
    ]


async def test_one_short_poll_of_the_feed_answers_empty_when_nothing_came() -> None:
    created = {
        "activityId": ACTIVITY,
        "agreementId": AGREEMENT,
        "eventType": {"CreateActivity": {}},
        "eventDate": "2026-01-01T00:00:01Z",
    }
    answers = iter([timeout_408(), httpx.Response(200, json=[created])])
    daemon = Daemon(lambda _: next(answers))
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    async with running(daemon) as (node, _):
        assert await provider_side.poll_activity_events(node, after=start, timeout=0.05) == []
        [event] = await provider_side.poll_activity_events(node, after=start, timeout=0.1)
    assert isinstance(event, CreateActivity)
    assert [p["timeout"] for p in daemon.polls()] == ["0.05", "0.1"]


async def test_set_state_sends_the_pair_and_only_the_explanations_given() -> None:
    daemon = Daemon(lambda _: httpx.Response(200, json=None))
    async with running(daemon) as (node, _):
        await provider_side.set_state(node, ACTIVITY, State.READY)
        await provider_side.set_state(
            node,
            ACTIVITY,
            State.READY,
            State.TERMINATED,
            reason="done",
            error_message="it broke",
        )
    assert [r.method for r in daemon.requests] == ["PUT", "PUT"]
    assert [json.loads(r.content) for r in daemon.requests] == [
        {"state": ["Ready", None]},
        {"state": ["Ready", "Terminated"], "reason": "done", "errorMessage": "it broke"},
    ]


async def test_batch_events_are_built_only_when_someone_listens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from golem_core.activity import activity as activity_module
    from golem_core.activity import batch as batch_module
    from golem_core.events import BatchFinished, BatchSent, CommandFinished, PaymentEvent

    built: list[str] = []

    def counting(kind: type[Event]) -> type[Event]:
        class Counting(kind):  # type: ignore[valid-type,misc]
            def __init__(self, **fields: Any) -> None:
                built.append(kind.__name__)
                super().__init__(**fields)

        return Counting

    monkeypatch.setattr(activity_module, "BatchSent", counting(BatchSent))
    monkeypatch.setattr(batch_module, "CommandFinished", counting(CommandFinished))
    monkeypatch.setattr(batch_module, "BatchFinished", counting(BatchFinished))

    def script(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[result(0, isBatchFinished=True)])

    transport = httpx.MockTransport(Daemon(on_exec("b-1", script)))
    async with GolemNode("key", "http://yagna.test", transport=transport) as node:
        payments: list[Event] = []
        node.events.subscribe(payments.append, (PaymentEvent,))
        activity = Activity(node, ACTIVITY, AGREEMENT)
        await (await activity.exec([Run("/bin/a")])).wait()
        assert built == []  # nobody listens to batch events: none was built

        everything: list[Event] = []
        node.events.subscribe(everything.append)
        await (await activity.exec([Run("/bin/a")])).wait()
    assert built == ["BatchSent", "CommandFinished", "BatchFinished"]
    assert [type(e).__name__ for e in everything][:3] == ["Counting"] * 3
    assert payments == []


async def test_a_result_before_the_first_state_reading_starts_no_state_watch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names: list[str] = []
    create_task = asyncio.create_task

    def recording(coro: Any, *, name: str | None = None, **kwargs: Any) -> asyncio.Task[Any]:
        names.append(name or "")
        return create_task(coro, name=name, **kwargs)

    monkeypatch.setattr(asyncio, "create_task", recording)

    def script(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/state"):
            return httpx.Response(200, json={"state": ["Ready", None]})
        return httpx.Response(200, json=[result(0, isBatchFinished=True)])

    daemon = Daemon(on_exec("b-1", script))
    async with running(daemon) as (node, _):
        batch = await Activity(node, ACTIVITY, AGREEMENT).exec([Run("/bin/a")])
        await batch.wait()
    # a task per wait that was only ever cancelled cost a tenth of a batch's CPU
    assert [n for n in names if n.startswith("state of")] == []
    assert not [r for r in daemon.requests if r.url.path.endswith("/state")]
