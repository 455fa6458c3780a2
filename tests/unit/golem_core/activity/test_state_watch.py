"""A batch's waits guarded by the activity's state: in the waiting task itself, from 3.11."""

from __future__ import annotations

import asyncio
import sys
from typing import Any, cast

import pytest

from golem_core.activity._watch import Ended, StateWatch
from golem_core.activity.activity import Activity
from golem_core.activity.data import ActivityState, State

READY = ActivityState(current=State.READY, pending=None)
GONE = ActivityState(current=State.TERMINATED, pending=None, reason="exit code 101")


class FakeActivity:
    """Reads `states` in turn (the last one for ever)."""

    id = "act-1"

    def __init__(self, *states: ActivityState) -> None:
        self.states = list(states)
        self.reads = 0

    async def read_state(self, timeout: float) -> ActivityState:
        self.reads += 1
        return self.states[min(self.reads, len(self.states)) - 1]


def watch(activity: FakeActivity, interval: float) -> StateWatch:
    return StateWatch(cast(Activity, activity), interval, 1.0)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="3.10 waits in a task")
async def test_an_answer_before_the_first_reading_costs_no_task() -> None:
    loop = asyncio.get_running_loop()
    made: list[object] = []
    factory = loop.get_task_factory()

    def counting(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> Any:
        made.append(coro)
        return asyncio.Task(coro, loop=loop, **kwargs)

    async def answer() -> str:
        await asyncio.sleep(0)
        return "result"

    activity = FakeActivity(READY)
    guard = watch(activity, 60.0)
    loop.set_task_factory(counting)
    try:
        assert await guard.unless_ended(answer()) == "result"
    finally:
        loop.set_task_factory(factory)
    assert made == [] and guard.task is None and activity.reads == 0
    current = asyncio.current_task()
    if sys.version_info >= (3, 11):
        assert current is not None and current.cancelling() == 0


async def test_an_activity_seen_dead_abandons_the_wait() -> None:
    cancelled = []

    async def never() -> None:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    guard = watch(FakeActivity(READY, GONE), 0.001)
    with pytest.raises(Ended) as raised:
        await guard.unless_ended(never())
    assert raised.value.state == GONE and cancelled == [True]
    # the watch knows already: the next wait is not even begun
    with pytest.raises(Ended):
        await guard.unless_ended(never())
    assert cancelled == [True]
    await guard.aclose()


async def test_the_caller_s_cancellation_stays_a_cancellation() -> None:
    started = asyncio.Event()

    async def never() -> None:
        started.set()
        await asyncio.sleep(60)

    guard = watch(FakeActivity(READY), 0.001)
    task = asyncio.create_task(guard.unless_ended(never()))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await guard.aclose()


@pytest.mark.skipif(sys.version_info < (3, 11), reason="3.10 waits in a task")
async def test_waits_that_end_before_their_first_reading_share_one_timer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loop = asyncio.get_running_loop()
    timers: list[float] = []
    call_at = loop.call_at

    def counted(when: float, callback: Any, *args: Any, **kwargs: Any) -> asyncio.TimerHandle:
        timers.append(when)
        return call_at(when, callback, *args, **kwargs)

    monkeypatch.setattr(loop, "call_at", counted)

    async def answer() -> str:
        await asyncio.sleep(0)
        return "result"

    activity = FakeActivity(READY)
    for _ in range(50):  # a command's result after another, each with a watch of its own
        assert await watch(activity, 60.0).unless_ended(answer()) == "result"
    assert len(timers) == 1  # the first wait's; every later one is due after it
    assert activity.reads == 0


async def test_a_watch_due_sooner_than_another_s_timer_is_not_held_back_by_it() -> None:
    started = asyncio.Event()

    async def never() -> None:
        started.set()
        await asyncio.sleep(60)

    slow = asyncio.create_task(watch(FakeActivity(READY), 60.0).unless_ended(never()))
    await started.wait()  # its wait, and its timer in 60 s, have begun
    guard = watch(FakeActivity(READY, GONE), 0.001)
    with pytest.raises(Ended):
        await asyncio.wait_for(guard.unless_ended(never()), 30)  # (a bound: not 60 s)
    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow
    await guard.aclose()


def test_readings_come_as_the_wait_doubles_then_at_most_longest_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a long command read every second cost the requestor's daemon ~10 ms of CPU a
    # second; now 1, 2, 4, 8 s into the wait, then every 10 s (the result poll's timeout)
    clock = [100.0]
    monkeypatch.setattr("golem_core.activity._watch._now", lambda: clock[0])
    guard = StateWatch(cast(Activity, FakeActivity(READY)), 1.0, 1.0, longest=10.0)
    assert guard.until_due() == 1.0
    readings = []
    at = 101.0  # the first reading
    while at < 100.0 + 60:
        readings.append(at - 100.0)
        clock[0] = at
        at += guard.next_gap()
    assert readings == [1.0, 2.0, 4.0, 8.0, 16.0, 26.0, 36.0, 46.0, 56.0]


def test_without_longest_readings_keep_the_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [0.0]
    monkeypatch.setattr("golem_core.activity._watch._now", lambda: clock[0])
    guard = StateWatch(cast(Activity, FakeActivity(READY)), 0.5, 1.0)
    clock[0] = 30.0
    assert guard.next_gap() == 0.5
