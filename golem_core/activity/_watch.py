"""Seeing an activity end while a batch is waited for, without a task per wait."""

from __future__ import annotations

import asyncio
import sys
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
    """Reads an activity's state every `interval` s, from one interval after it was made.

    The reading task starts only when the first reading is due: most waits (a short
    command's result) end before, and a task per wait that is only ever cancelled
    cost about a tenth of a batch's CPU.
    """

    def __init__(self, activity: Activity, interval: float, read_timeout: float) -> None:
        self._activity = activity
        self._interval = interval
        self._read_timeout = read_timeout
        self._due = _now() + interval
        self.task: asyncio.Task[ActivityState] | None = None

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
        started by a timer when due, and its news cancels the caller's task as
        `asyncio.timeout` does (told apart by `uncancel`): no task and no
        `asyncio.wait` per wait. An answer that came with the news still counts.
        """
        if sys.version_info < (3, 11):
            return await self._unless_ended_in_a_task(work)
        if self.task is not None and self.task.done():  # seen dead before: `work` never starts
            if asyncio.iscoroutine(work):
                work.close()
            raise Ended(self.task.result())
        task = asyncio.current_task()
        assert task is not None
        listening, fired = True, False

        def on_news(_: asyncio.Future[Any]) -> None:
            nonlocal fired
            if listening and not fired:
                fired = True
                task.cancel()

        def listen() -> None:
            if listening:
                self.start().add_done_callback(on_news)

        timer = None
        if self.task is None:
            timer = asyncio.get_running_loop().call_later(self.until_due(), listen)
        else:
            listen()
        try:
            result = await work
        except asyncio.CancelledError:
            if fired and task.uncancel() == 0:
                assert self.task is not None
                raise Ended(self.task.result()) from None  # (or the reading's own error)
            raise
        finally:
            listening = False
            if timer is not None:
                timer.cancel()
            if self.task is not None:
                self.task.remove_done_callback(on_news)
        if fired:
            task.uncancel()
        return result

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
        states = self._activity.watch_state(self._interval, self._read_timeout)
        try:
            state = await self._activity.read_state(self._read_timeout)
            while state is None or not state.dead:
                state = await states.__anext__()
        finally:
            await states.aclose()
        return state

    async def aclose(self) -> None:
        await _cancel(self.task)
