"""Small asyncio helpers for waiting on a batch: the loop's clock, deadlines, cancelling."""

from __future__ import annotations

import asyncio
from typing import TypeVar

__all__ = ["cancel", "deadline", "loop_now"]

T = TypeVar("T")


async def cancel(task: asyncio.Future[T] | None) -> None:
    """Cancel `task` if it still runs, and wait until it has stopped."""
    if task is None or task.done():
        return
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


def loop_now() -> float:
    return asyncio.get_running_loop().time()


def deadline(timeout: float | None) -> float | None:
    return None if timeout is None else loop_now() + timeout
