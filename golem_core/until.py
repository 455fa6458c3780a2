"""Waiting on an asyncio.Event: with a timeout, or while a coroutine runs."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any

__all__ = ["until_set", "wait_event"]


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


async def wait_event(event: asyncio.Event, timeout: float | None) -> bool:
    """Wait until `event` is set (True) or `timeout` seconds pass (False).

    Not `asyncio.wait_for`: before Python 3.12 it can swallow a cancellation
    of the caller that arrives just as the event is set, so a Ctrl-C could be
    lost. `asyncio.timeout` (3.11+) tells its own cancellation from the
    caller's, and needs no task per wait (the job's loops wait once per task).
    """
    if event.is_set():
        return True
    if timeout is None:
        await event.wait()
        return True
    if sys.version_info >= (3, 11):
        try:
            async with asyncio.timeout(timeout):
                await event.wait()
        except TimeoutError:
            return False
        return True
    waiter = asyncio.ensure_future(event.wait())
    try:
        done, _ = await asyncio.wait({waiter}, timeout=timeout)
    finally:
        waiter.cancel()
    return bool(done)
