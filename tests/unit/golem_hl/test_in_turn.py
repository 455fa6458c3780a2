"""`InTurn`: work of different keys runs at once, one key's work in order, failures surface."""

from __future__ import annotations

import asyncio
import gc
import warnings

import pytest

from golem_hl._engine.in_turn import InTurn


async def test_other_keys_do_not_wait_for_a_stuck_one() -> None:
    turns = InTurn()
    stuck, done = asyncio.Event(), asyncio.Event()
    turns.spawn("a", stuck.wait())  # type: ignore[arg-type]
    turns.spawn("b", _set(done))
    await done.wait()  # would never return if "b" waited for "a"
    await turns.cancel_all()
    assert len(turns) == 0


async def test_one_keys_work_runs_in_the_order_given() -> None:
    turns = InTurn()
    order: list[str] = []
    gate, finished = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        await gate.wait()
        order.append("first")

    async def second() -> None:
        order.append("second")
        finished.set()

    turns.spawn("a", first())
    turns.spawn("a", second())
    for _ in range(5):
        await asyncio.sleep(0)
    assert order == []  # the second waits for the first
    gate.set()
    await finished.wait()
    assert order == ["first", "second"]


async def test_the_first_failure_is_reported_and_later_work_of_its_key_still_runs() -> None:
    turns = InTurn()
    ran = asyncio.Event()

    async def fails() -> None:
        raise ValueError("strategy broke")

    turns.spawn("a", fails())
    turns.spawn("a", _set(ran))
    with pytest.raises(ValueError, match="strategy broke"):
        await turns.failed
    await ran.wait()
    await turns.cancel_all()


async def test_cancelling_closes_work_that_never_started() -> None:
    turns = InTurn()
    turns.spawn("a", asyncio.Event().wait())  # type: ignore[arg-type]
    turns.spawn("a", _set(asyncio.Event()))  # waits behind the first, then is cancelled
    await asyncio.sleep(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "coroutine ... was never awaited" would fail
        await turns.cancel_all()
        gc.collect()
    assert turns.failed.cancelled()


async def _set(event: asyncio.Event) -> None:
    event.set()
