"""`Changes`: wake whoever waits for the job's state to change. No polling.

Each waiter has its own listener (an asyncio.Event): it clears it, looks at
the state, and waits on it. `notify` sets every listener, so a change made
while a waiter was busy is still seen on its next look.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Iterator

__all__ = ["Changes", "wait_event"]


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


class Changes:
    def __init__(self) -> None:
        # a dict, not a set: listeners wake in the order they began to wait, so
        # which worker gets a provider first repeats from run to run (and in replays)
        self._listeners: dict[asyncio.Event, None] = {}

    def notify(self) -> None:
        for listener in self._listeners:
            listener.set()

    @contextlib.contextmanager
    def listener(self) -> Iterator[asyncio.Event]:
        event = asyncio.Event()
        self._listeners[event] = None
        try:
            yield event
        finally:
            self._listeners.pop(event, None)
