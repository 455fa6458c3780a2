"""Run a coroutine until an event is set: the feeds and watches that rest while unwanted."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

__all__ = ["until_set"]


async def until_set(work: Coroutine[Any, Any, None], stop: asyncio.Event) -> None:
    """Run `work` until it returns or `stop` is set, whichever comes first.

    The other is cancelled and awaited, so nothing is left running; an error of
    `work` is not raised (a follower reports its own).
    """
    running = asyncio.ensure_future(work)
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({running, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        running.cancel()
        stopped.cancel()
        await asyncio.gather(running, stopped, return_exceptions=True)
