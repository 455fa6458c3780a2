"""Work run at once across keys, in turn within one key: proposals, one provider at a time.

A job's market handles each proposal in a task of its own (yapapi does too),
so a slow answer to one provider (a rejection or counter-proposal is a round
trip to that provider) does not hold up the next poll of the market, and the
first usable offer is confirmed without waiting for the others to be answered.
One provider's proposals still go through its negotiation chain in the order
they came.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Hashable
from typing import Any

__all__ = ["InTurn"]


class InTurn:
    """`spawn(key, coroutine)`; `failed` holds the first exception a piece of work raised."""

    def __init__(self) -> None:
        self._last: dict[Hashable, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.failed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def __len__(self) -> int:
        return len(self._tasks)

    def spawn(self, key: Hashable, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.create_task(self._after(self._last.get(key), work))
        self._last[key] = task
        self._tasks.add(task)
        task.add_done_callback(lambda done: self._done(key, done))
        return task

    async def _after(
        self, previous: asyncio.Task[None] | None, work: Coroutine[Any, Any, None]
    ) -> None:
        try:
            if previous is not None:
                await asyncio.wait({previous})
        except BaseException:
            work.close()  # never started: no "never awaited" warning
            raise
        await work

    def _done(self, key: Hashable, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if self._last.get(key) is task:
            del self._last[key]
        if task.cancelled() or self.failed.done():
            return
        if (error := task.exception()) is not None:
            self.failed.set_exception(error)

    async def cancel_all(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self.failed.done() and not self.failed.cancelled():
            self.failed.exception()  # retrieved: no "never retrieved" warning
        else:
            self.failed.cancel()
