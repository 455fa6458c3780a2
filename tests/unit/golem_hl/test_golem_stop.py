"""Stopping `Golem` runs to its end: ending agreements and paying for them is its point."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from golem_hl import Golem


class SlowEngine:
    """Stands in for the engine: its stop waits for invoices until told they came."""

    def __init__(self) -> None:
        self.stopping = asyncio.Event()
        self.invoices_came = asyncio.Event()
        self.stopped = False

    async def stop(self) -> None:
        self.stopping.set()
        await self.invoices_came.wait()
        self.stopped = True


async def test_a_cancellation_while_stopping_is_raised_once_stopping_is_done() -> None:
    """Found by the chaos run: Ctrl-C as a finished app waited for its last invoice cut
    the wait short; the invoice came to an app that had gone (and the budget stayed
    reserved). Stopping goes on to its end, then the cancellation is raised."""
    golem = Golem(budget=Decimal(1), app_key="key", api_url="http://127.0.0.1:1")
    engine = SlowEngine()
    golem._engine = engine  # type: ignore[assignment]  # as start() leaves it
    stopping = asyncio.create_task(golem.stop())
    await engine.stopping.wait()
    stopping.cancel()  # Ctrl-C
    engine.invoices_came.set()
    with pytest.raises(asyncio.CancelledError):
        await stopping
    assert engine.stopped
