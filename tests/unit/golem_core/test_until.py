"""`until_set`: the work or the event, whichever first; nothing left running."""

from __future__ import annotations

import asyncio

from golem_core.until import until_set


async def test_setting_the_event_cancels_the_work() -> None:
    stop = asyncio.Event()
    started = asyncio.Event()
    cancelled: list[bool] = []

    async def forever() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    async def stop_when_started() -> None:
        await started.wait()
        stop.set()

    stopper = asyncio.ensure_future(stop_when_started())
    await until_set(forever(), stop)
    await stopper
    assert cancelled == [True]


async def test_work_that_ends_leaves_no_waiter_behind() -> None:
    before = len(asyncio.all_tasks())
    done: list[bool] = []

    async def quick() -> None:
        done.append(True)

    await until_set(quick(), asyncio.Event())
    assert done == [True]
    assert len(asyncio.all_tasks()) == before


async def test_an_error_of_the_work_is_not_raised() -> None:
    async def failing() -> None:
        raise RuntimeError("reported by the work itself")

    await until_set(failing(), asyncio.Event())
