"""The engine's agreement watch: it polls only while an agreement may end under us.

The daemon's event log is stood in for by a fake `agreement_events` that
records each stream opened and hands out changes the test puts in.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, cast

import attrs
import pytest

from golem_core.market import AgreementEventKind, AgreementStateChange, Reason
from golem_hl._engine import engine as engine_module
from golem_hl._engine.agreements import Lease
from golem_hl._engine.emitter import EventEmitter
from golem_hl._engine.engine import Engine
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


def engine() -> Engine:
    settings = Settings(
        budget=Decimal(1),
        subnet_tag="test",
        payment_driver="erc20",
        payment_network="holesky",
        app_key="key",
        api_url="http://127.0.0.1:1",
    )
    made = Engine(settings, LeastExpensiveLinearPayuMS(), EventEmitter())
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
