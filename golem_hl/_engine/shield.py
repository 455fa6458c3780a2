"""Cleanups that a cancellation must not cut short halfway."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["run_to_end"]

T = TypeVar("T")


async def run_to_end(work: Coroutine[Any, Any, T]) -> T:
    """Await `work` to its end though the caller is cancelled meanwhile, then raise that.

    For what must not stop halfway (ending agreements, waiting for their invoices,
    releasing the budget): a Ctrl-C as the app finishes would otherwise leave an
    invoice unanswered. `work` is bounded by its own timeouts.
    """
    task = asyncio.ensure_future(work)
    cancelled: asyncio.CancelledError | None = None
    while True:
        try:
            result = await asyncio.shield(task)
        except asyncio.CancelledError as error:
            if task.done():  # the work itself was cancelled (the loop is closing)
                raise
            cancelled = error
            continue
        if cancelled is not None:
            raise cancelled
        return result
