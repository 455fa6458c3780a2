"""A batch whose activity ended under it fails at once, on scripted yagna replies (no daemon).

yagna never fails the result polls a dead exe-unit was serving, so the batch
reads the activity's state while it waits. Here the result polls never answer
within the test (`nothing_finishes` waits out their 10 s), so a batch that did
not watch the state would hang: every wait is bounded by GENEROUS_S.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any

import httpx
import pytest

from golem_core.activity import Activity, Run, RuntimeEvent
from golem_core.events import BatchFailed
from golem_core.exceptions import (
    ActivityTerminatedError,
    BatchError,
    BatchTimeoutError,
    ServerError,
)
from tests.unit.golem_core.activity.test_driving import (
    ACTIVITY,
    AGREEMENT,
    PREFIX,
    Daemon,
    Handler,
    nothing_finishes,
    on_exec,
    running,
    timeout_408,
)

GENEROUS_S = 5.0  # far below a result poll's 10 s, far above what the batch needs
STATE_PATH = f"{PREFIX}/activity/{ACTIVITY}/state"
DIED = "exe-unit ended by itself, exit code 101"


def state(current: str, pending: str | None = None, reason: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"state": [current, pending]}
    if reason is not None:
        body["reason"] = body["errorMessage"] = reason
    return httpx.Response(200, json=body)


def unreadable() -> httpx.Response:
    return httpx.Response(500, json={"message": "provider unreachable"})


def scripted(states: Iterator[httpx.Response], results: Handler = nothing_finishes) -> Daemon:
    """State reads answered from `states` in order, result polls by `results`."""

    def answer(request: httpx.Request) -> httpx.Response | Awaitable[httpx.Response]:
        if request.url.path == STATE_PATH:
            return next(states)
        return results(request)

    return Daemon(on_exec("b-1", answer))


def reads(daemon: Daemon, path: str = STATE_PATH) -> int:
    return sum(1 for r in daemon.requests if r.url.path == path)


def result_polls(daemon: Daemon) -> int:
    return sum(1 for r in daemon.requests if r.url.path.endswith("/exec/b-1"))


@pytest.mark.parametrize(
    ("dead", "name", "reason"),
    [
        (state("Terminated", reason=DIED), "Terminated", DIED),
        (state("Ready", "Terminated"), "Terminated", None),
        (state("Unresponsive"), "Unresponsive", None),
    ],
)
async def test_a_pending_poll_is_abandoned_once_the_activity_is_seen_ended(
    dead: httpx.Response, name: str, reason: str | None
) -> None:
    daemon = scripted(iter([unreadable(), state("Ready"), dead]))
    async with running(daemon) as (node, events):
        batch = await Activity(node, ACTIVITY, AGREEMENT).exec([Run("/bin/a"), Run("/bin/b")])
        batch.state_check_interval = 0.01
        with pytest.raises(ActivityTerminatedError) as caught:
            await asyncio.wait_for(batch.wait(timeout=60), GENEROUS_S)
        with pytest.raises(ActivityTerminatedError) as again:  # the outcome stays
            await batch.wait()
    error = caught.value
    assert again.value is error
    assert not isinstance(error, (BatchError, BatchTimeoutError))
    assert (error.activity_id, error.batch_id, error.index) == (ACTIVITY, "b-1", 0)
    assert (error.state, error.reason) == (name, reason)
    assert f"the activity is {name}" in str(error)
    # a read that failed was skipped, not fatal; the one pending poll was given up
    assert reads(daemon) == 3
    assert result_polls(daemon) == 1
    [failed] = [e for e in events if isinstance(e, BatchFailed)]
    assert (failed.batch_id, failed.index, failed.message) == ("b-1", 0, str(error))


async def test_a_failed_poll_is_explained_by_the_state() -> None:
    gone = httpx.Response(500, json={"message": "GSB failure: endpoint address not found"})
    daemon = scripted(iter([state("Terminated", reason=DIED)]), lambda _: gone)
    async with running(daemon) as (node, _):
        batch = await Activity(node, ACTIVITY, AGREEMENT).exec([Run("/bin/a")])
        batch.state_check_interval = None
        with pytest.raises(ActivityTerminatedError) as caught:
            await asyncio.wait_for(batch.wait(), GENEROUS_S)
    assert isinstance(caught.value.__cause__, ServerError)
    assert (caught.value.state, caught.value.reason) == ("Terminated", DIED)


async def test_a_failed_poll_on_a_live_activity_stays_what_it_was() -> None:
    broken = httpx.Response(500, json={"message": "something else"})
    daemon = scripted(iter([state("Ready")]), lambda _: broken)
    async with running(daemon) as (node, _):
        batch = await Activity(node, ACTIVITY, AGREEMENT).exec([Run("/bin/a")])
        batch.state_check_interval = None
        with pytest.raises(ServerError, match="something else"):
            await asyncio.wait_for(batch.wait(), GENEROUS_S)
    assert reads(daemon) == 1


async def test_without_a_watcher_each_timed_out_poll_looks_at_the_state() -> None:
    daemon = scripted(iter([state("Ready"), state("Terminated")]), lambda _: timeout_408())
    async with running(daemon) as (node, _):
        batch = await Activity(node, ACTIVITY, AGREEMENT).exec([Run("/bin/a")])
        batch.state_check_interval = None
        with pytest.raises(ActivityTerminatedError):
            await asyncio.wait_for(batch.wait(), GENEROUS_S)
    assert [r.url.path.rsplit("/", 1)[-1] for r in daemon.requests if r.method == "GET"] == [
        "b-1",
        "state",
        "b-1",
        "state",
    ]


class Silence(httpx.AsyncByteStream):
    """An event stream that sends `head`, then stays open and quiet (pings aside)."""

    def __init__(self, head: str) -> None:
        self.head = head
        self.closed = asyncio.Event()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.head.encode()
        await asyncio.Event().wait()  # yagna would only send `:ping` from here on

    async def aclose(self) -> None:
        self.closed.set()


async def test_the_event_stream_ends_once_the_activity_is_seen_ended() -> None:
    first_done = (
        'event: runtime\ndata: {"batch_id":"b-1","index":0,"timestamp":"2026-01-01T00:00:00",'
        '"kind":{"finished":{"return_code":0,"message":null}}}\n\n'
    )
    stream = Silence(first_done)

    def events_then_silence(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "text/event-stream"}
        return httpx.Response(200, headers=headers, stream=stream)

    daemon = scripted(iter([state("Terminated", reason=DIED)]), events_then_silence)
    seen: list[RuntimeEvent] = []
    async with running(daemon) as (node, _):
        batch = await Activity(node, ACTIVITY, AGREEMENT).exec([Run("/bin/a"), Run("/bin/b")])
        batch.state_check_interval = 0.01

        async def follow() -> None:
            async for event in batch.stream_events():
                seen.append(event)

        with pytest.raises(ActivityTerminatedError) as caught:
            await asyncio.wait_for(follow(), GENEROUS_S)
        assert stream.closed.is_set()
    assert len(seen) == 1
    assert caught.value.index == 1  # command 0 was seen finished
