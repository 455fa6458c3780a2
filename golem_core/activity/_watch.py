"""Seeing an activity end while a batch is waited for, without a task per wait."""

from __future__ import annotations

import asyncio
import sys
import time
import weakref
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, TypeVar

from golem_core.activity._timing import cancel as _cancel
from golem_core.activity._timing import loop_now as _now
from golem_core.activity.data import ActivityState

if TYPE_CHECKING:
    from golem_core.activity.activity import Activity

__all__ = ["Ended", "StateWatch"]

T = TypeVar("T")


class Ended(Exception):
    """The watch saw the activity dead before the work it guarded ended."""

    def __init__(self, state: ActivityState) -> None:
        super().__init__(state)
        self.state = state


class StateWatch:
    """Reads an activity's state `interval` s after it was made, then each time the wait
    has doubled (2, 4, 8 intervals...), at most `longest` s apart.

    Each reading costs both daemons a call over the network to the provider's (read
    every second, a long command cost the requestor's daemon ~8 ms of CPU a second;
    yapapi reads none). A wait that has lasted long ends soon after its result poll
    anyway (a dead exe-unit's address is gone, so the next poll fails): readings
    matter most early on.

    The reading task starts only when the first reading is due: most waits (a short
    command's result) end before, and a task per wait that is only ever cancelled
    cost about a tenth of a batch's CPU. When that is, one timer of the loop's
    (`_FirstReadings`) tells all of them.
    """

    def __init__(
        self,
        activity: Activity,
        interval: float,
        read_timeout: float,
        longest: float | None = None,
    ) -> None:
        self._activity = activity
        self._interval = interval
        self._longest = interval if longest is None else max(interval, longest)
        self._read_timeout = read_timeout
        self._made = _now()
        self._due = self._made + interval
        self.task: asyncio.Task[ActivityState] | None = None
        # the task waiting in `unless_ended` (None: no wait), and whether news cancelled it
        self._waiter: asyncio.Task[Any] | None = None
        self._fired = False

    def until_due(self) -> float:
        return max(self._due - _now(), 0.0)

    def start(self) -> asyncio.Task[ActivityState]:
        """The reading task (started now if it was not): it ends once the activity is dead."""
        if self.task is None:
            self.task = asyncio.create_task(
                self._until_ended(), name=f"state of activity {self._activity.id}"
            )
        return self.task

    async def unless_ended(self, work: Awaitable[T]) -> T:
        """What `work` gives, unless the activity is seen dead first (then Ended).

        From 3.11 `work` is awaited in the caller's own task, the reading task
        started when due, and its news cancels the caller's task as
        `asyncio.timeout` does (told apart by `uncancel`): no task and no
        `asyncio.wait` per wait, and no timer of its own. An answer that came
        with the news still counts.
        """
        if sys.version_info < (3, 11):
            return await self._unless_ended_in_a_task(work)
        if self.task is not None and self.task.done():  # seen dead before: `work` never starts
            if asyncio.iscoroutine(work):
                work.close()
            raise Ended(self.task.result())
        task = asyncio.current_task()
        assert task is not None
        self._waiter, self._fired = task, False
        if self.task is None:
            _first_readings().add(self)
        else:
            self.task.add_done_callback(self._on_news)
        try:
            result = await work
        except asyncio.CancelledError:
            if self._fired and task.uncancel() == 0:
                assert self.task is not None
                raise Ended(self.task.result()) from None  # (or the reading's own error)
            raise
        finally:
            self._waiter = None
            if self.task is None:
                _first_readings().discard(self)
            else:
                self.task.remove_done_callback(self._on_news)
        if self._fired:
            task.uncancel()
        return result

    def _first_reading_due(self) -> None:
        """The first reading is due while a wait goes on: start reading, listen for the end."""
        if self._waiter is not None:
            self.start().add_done_callback(self._on_news)

    def _on_news(self, _: asyncio.Future[Any]) -> None:
        waiter = self._waiter
        if waiter is not None and not self._fired:  # (one queued as the wait ended: nothing)
            self._fired = True
            waiter.cancel()

    async def _unless_ended_in_a_task(self, work: Awaitable[T]) -> T:
        task = asyncio.ensure_future(work)
        try:
            if self.task is None:  # most answers come before the first reading is due
                await asyncio.wait({task}, timeout=self.until_due())
                if task.done():
                    return task.result()
            ended = self.start()
            await asyncio.wait({task, ended}, return_when=asyncio.FIRST_COMPLETED)
            if task.done():  # an answer that came with the news still counts
                return task.result()
            raise Ended(ended.result())
        finally:
            await _cancel(task)

    async def _until_ended(self) -> ActivityState:
        await asyncio.sleep(self.until_due())
        while True:
            state = await self._activity.read_state(self._read_timeout)
            if state is not None and state.dead:
                return state
            # the state has no long poll: there is nothing to wait on but time
            await asyncio.sleep(self.next_gap())

    def next_gap(self) -> float:
        """How long after a reading the next one comes: as long as the wait has lasted."""
        return min(max(_now() - self._made, self._interval), self._longest)

    async def aclose(self) -> None:
        await _cancel(self.task)


class _FirstReadings:
    """When the waiting watches of a loop are due for their first reading: one timer for all.

    A timer made at every wait and cancelled when it ended (a command's result
    comes long before) stayed in the loop's heap, each push and pop comparing
    timers in Python. Here a wait is a dict entry; a timer is set only when a
    wait is due sooner than every timer already set (at most one a second while
    tasks follow each other). The timers are the loop's alone (none is kept
    here), so a loop that is dropped takes them along.
    """

    def __init__(self) -> None:
        self._pending: dict[StateWatch, None] = {}
        self._armed: list[float] = []  # when the timers set will ring

    def add(self, watch: StateWatch) -> None:
        self._pending[watch] = None
        armed = self._armed
        if not armed or min(armed) > watch._due:
            self._arm(watch._due)

    def discard(self, watch: StateWatch) -> None:
        self._pending.pop(watch, None)

    def _arm(self, when: float) -> None:
        self._armed.append(when)
        asyncio.get_running_loop().call_at(when, self._ring, when)

    def _ring(self, when: float) -> None:
        self._armed.remove(when)
        now = _now() + _RESOLUTION  # (the loop runs a timer this much before its time)
        for watch in [w for w in self._pending if w._due <= now]:
            del self._pending[watch]
            watch._first_reading_due()
        if self._pending:
            first = min(w._due for w in self._pending)
            if not self._armed or min(self._armed) > first:
                self._arm(first)


_RESOLUTION = time.get_clock_info("monotonic").resolution
_READINGS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _FirstReadings] = (
    weakref.WeakKeyDictionary()
)
_last: tuple[weakref.ReferenceType[asyncio.AbstractEventLoop], _FirstReadings] | None = None


def _first_readings() -> _FirstReadings:
    """The running loop's `_FirstReadings` (the last one asked for at once)."""
    global _last
    loop = asyncio.get_running_loop()
    last = _last
    if last is not None and last[0]() is loop:
        return last[1]
    readings = _READINGS.get(loop)
    if readings is None:
        readings = _READINGS[loop] = _FirstReadings()
    _last = (weakref.ref(loop), readings)
    return readings
