"""Seeing an activity end while a batch is waited for, without a task per wait."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from golem_core.activity._timing import cancel as _cancel
from golem_core.activity._timing import loop_now as _now
from golem_core.activity.data import ActivityState

if TYPE_CHECKING:
    from golem_core.activity.activity import Activity

__all__ = ["StateWatch"]


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
