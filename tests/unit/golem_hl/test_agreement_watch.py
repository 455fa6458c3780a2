"""The engine's agreement watch: it polls only while an agreement may end under us.

The daemon's event log is stood in for by a fake `agreement_events` that
records each stream opened and hands out changes the test puts in.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, cast

import attrs
import pytest

from golem_core.events import now
from golem_core.market import AgreementEventKind, AgreementStateChange, Reason
from golem_hl._engine import engine as engine_module
from golem_hl._engine.agreements import Lease
from golem_hl._engine.emitter import EventEmitter
from golem_hl._engine.engine import WATCH_DELAY_S, Engine, watch_delay_left
from golem_hl._engine.job import Job
from golem_hl._engine.settings import EVENT_POLL_S, Settings
from golem_hl.strategy import LeastExpensiveLinearPayuMS


@attrs.define
class FakeLog:
    """The daemon's agreement event log, as the watch sees it."""

    opened: list[tuple[datetime | None, float]] = attrs.field(factory=list)
    changes: asyncio.Queue[AgreementStateChange] = attrs.field(factory=asyncio.Queue)
    streams: int = 0
    stream_opened: asyncio.Event = attrs.field(factory=asyncio.Event)
    stream_closed: asyncio.Event = attrs.field(factory=asyncio.Event)

    async def events(
        self, node: object, *, after: datetime | None = None, poll_timeout: float = 5.0
    ) -> AsyncIterator[AgreementStateChange]:
        self.opened.append((after, poll_timeout))
        self.streams += 1
        self.stream_opened.set()
        try:
            while True:
                yield await self.changes.get()
        finally:
            self.streams -= 1
            self.stream_closed.set()


@pytest.fixture
def log(monkeypatch: pytest.MonkeyPatch) -> FakeLog:
    fake = FakeLog()
    monkeypatch.setattr(engine_module, "agreement_events", fake.events)
    return fake


def engine(watch_delay: float = 0.0, clock: Callable[[], datetime] = now) -> Engine:
    settings = Settings(
        budget=Decimal(1),
        subnet_tag="test",
        payment_driver="erc20",
        payment_network="holesky",
        app_key="key",
        api_url="http://127.0.0.1:1",
    )
    made = Engine(
        settings, LeastExpensiveLinearPayuMS(), EventEmitter(), watch_delay=watch_delay, clock=clock
    )
    made._node = cast(Any, object())  # the fake log never reaches a daemon
    return made


@contextlib.asynccontextmanager
async def watching(watched: Engine) -> AsyncIterator[None]:
    """The engine's agreement watch running for the block, cancelled after it."""
    watcher = asyncio.create_task(watched._watch_agreements())
    try:
        yield
    finally:
        watcher.cancel()
        await asyncio.gather(watcher, return_exceptions=True)


def lease(agreement_id: str) -> Lease:
    info = cast(Any, attrs.make_class("Info", ["id", "provider_id"])(agreement_id, "0xprovider"))
    return Lease(cast(Any, None), info, cast(Any, None))  # approved now


JOB = Job(id="1", expiration_time=datetime(2100, 1, 1, tzinfo=timezone.utc))


async def test_the_watch_follows_live_leases_from_their_approval_and_stops_after(
    log: FakeLog,
) -> None:
    watched = engine()
    async with watching(watched):
        held = lease("a1")
        watched.adopt(JOB, held)
        await log.stream_opened.wait()
        # from the approval on (not the engine's start: our own approval is no news)
        assert log.opened == [(held.approved_at, EVENT_POLL_S)]
        # we end the agreement: nothing of ours is left to watch, the poll stops
        held.terminated = True
        held.ended()
        await log.stream_closed.wait()
        assert log.streams == 0
        assert len(log.opened) == 1


async def test_a_provider_ending_a_lease_marks_it_lost(log: FakeLog) -> None:
    watched = engine()
    async with watching(watched):
        held = lease("a1")
        watched.adopt(JOB, held)
        await log.stream_opened.wait()
        ended = held.approved_at + timedelta(seconds=3)
        log.changes.put_nowait(
            AgreementStateChange(
                kind=AgreementEventKind.TERMINATED,
                agreement_id=cast(Any, "a1"),
                event_date=ended,
                reason=Reason("going away"),
                terminator="Provider",
            )
        )
        await held.lost.wait()
        assert held.lost_reason == "the provider terminated the agreement: going away"
        await log.stream_closed.wait()  # the only lease is gone: so is the poll
        assert watched._cursor == ended


async def test_a_lease_we_begin_to_end_is_no_longer_watched(log: FakeLog) -> None:
    # ending destroys the activity first: that wait must not keep a poll open, which our
    # own terminations (and the other leases' ones) would then wake, one request each
    watched = engine()
    async with watching(watched):
        first, second = lease("a1"), lease("a2")
        watched.adopt(JOB, first)
        watched.adopt(JOB, second)
        await log.stream_opened.wait()
        first.end_begins()
        assert not log.stream_closed.is_set()  # the second still needs watching
        second.end_begins()
        await log.stream_closed.wait()
        assert not first.terminated and not second.terminated
        assert len(log.opened) == 1


@attrs.define
class Delays:
    """Stands in for the engine's wait before its first poll: each is asked, then let go."""

    engine: Engine
    asked: list[float] = attrs.field(factory=list)
    was_asked: asyncio.Event = attrs.field(factory=asyncio.Event)
    over: asyncio.Event = attrs.field(factory=asyncio.Event)
    returned: asyncio.Event = attrs.field(factory=asyncio.Event)

    async def quiet_within(self, timeout: float) -> bool:
        self.asked.append(timeout)
        self.was_asked.set()
        quiet = asyncio.ensure_future(self.engine._quiet.wait())
        over = asyncio.ensure_future(self.over.wait())
        await asyncio.wait({quiet, over}, return_when=asyncio.FIRST_COMPLETED)
        quiet.cancel()
        over.cancel()
        self.over.clear()
        self.returned.set()
        return self.engine._quiet.is_set()


def test_the_watch_waits_for_the_oldest_live_agreement_to_be_live_a_while() -> None:
    t0 = datetime(2026, 12, 7, tzinfo=timezone.utc)
    delay = timedelta(seconds=10)
    assert watch_delay_left([], t0, delay) is None
    assert watch_delay_left([t0], t0, delay) == 10.0
    assert watch_delay_left([t0 + timedelta(seconds=5), t0], t0 + timedelta(seconds=4), delay) == 6
    assert watch_delay_left([t0], t0 + timedelta(seconds=30), delay) == 0.0
    assert WATCH_DELAY_S > 0


async def test_a_lease_ended_before_the_watch_delay_costs_no_poll(log: FakeLog) -> None:
    # a short job: its agreements end before anyone asked the daemon about them
    t0 = now()
    watched = engine(watch_delay=10.0, clock=lambda: t0)
    delays = Delays(watched)
    watched._quiet_within = delays.quiet_within  # type: ignore[method-assign]
    async with watching(watched):
        held = lease("a1")
        held.approved_at = t0
        watched.adopt(JOB, held)
        await delays.was_asked.wait()
        assert delays.asked == [10.0]
        delays.was_asked.clear()
        held.end_begins()
        await delays.returned.wait()
        # a second lease, adopted after the first ended: the watch waits for it afresh
        second = lease("a2")
        second.approved_at = t0
        watched.adopt(JOB, second)
        await delays.was_asked.wait()
        assert log.opened == []


async def test_a_provider_ending_a_lease_during_the_watch_delay_is_seen_after_it(
    log: FakeLog,
) -> None:
    watched = engine(watch_delay=10.0, clock=lambda: clock[0])
    t0 = now()  # (after the engine's start, as any approval)
    clock = [t0]
    delays = Delays(watched)
    watched._quiet_within = delays.quiet_within  # type: ignore[method-assign]
    async with watching(watched):
        held = lease("a1")
        held.approved_at = t0
        watched.adopt(JOB, held)
        await delays.was_asked.wait()
        assert log.opened == []
        clock[0] = t0 + timedelta(seconds=10)
        delays.over.set()
        await log.stream_opened.wait()
        # from the approval: a termination during the delay is in the daemon's log still
        assert log.opened == [(t0, EVENT_POLL_S)]
        log.changes.put_nowait(
            AgreementStateChange(
                kind=AgreementEventKind.TERMINATED,
                agreement_id=cast(Any, "a1"),
                event_date=t0 + timedelta(seconds=3),
                reason=Reason("going away"),
                terminator="Provider",
            )
        )
        await held.lost.wait()
        assert delays.asked == [10.0]


@attrs.define
class Payments:
    ended: list[str] = attrs.field(factory=list)

    def agreement_ended(self, agreement_id: str) -> None:
        self.ended.append(agreement_id)


def test_an_agreement_done_with_is_left_to_its_invoice() -> None:
    watched = engine()
    payments = Payments()
    watched._payments = cast(Any, payments)
    watched.agreement_done(cast(Any, "a1"))
    assert payments.ended == ["a1"]
