"""The agent's history: facts recorded in order, and waiting for one without polling."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from golem_localnet.provider.history import AgentEvent, AgentEventKind, History


async def test_wait_for_returns_a_fact_recorded_before_or_after() -> None:
    history = History("p")
    sent = AgentEvent(kind=AgentEventKind.DEBIT_NOTE_SENT, activity_id="a1", amount=Decimal(1))
    await history.record(sent)
    assert await history.wait_for(AgentEventKind.DEBIT_NOTE_SENT, timeout=1) is sent

    waiting = asyncio.create_task(
        history.wait_for(AgentEventKind.ACTIVITY_ENDED, activity_id="a2", timeout=5)
    )
    await history.record(AgentEvent(kind=AgentEventKind.ACTIVITY_ENDED, activity_id="a1"))
    ended = AgentEvent(kind=AgentEventKind.ACTIVITY_ENDED, activity_id="a2", exit_code=101)
    await history.record(ended)
    assert await waiting is ended
    assert [e.activity_id for e in history.of(AgentEventKind.ACTIVITY_ENDED)] == ["a1", "a2"]
    assert history.events[0] is sent


async def test_waiting_in_vain_names_what_happened_instead() -> None:
    history = History("p")
    await history.record(AgentEvent(kind=AgentEventKind.PROPOSAL_REFUSED))
    with pytest.raises(TimeoutError, match=r"no invoice-sent .* saw: proposal-refused"):
        await history.wait_for(AgentEventKind.INVOICE_SENT, timeout=0.05)
