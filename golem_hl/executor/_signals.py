"""`Changes`: wake whoever waits for the job's state to change. No polling.

Each waiter has its own listener (an asyncio.Event): it clears it, looks at
the state, and waits on it. `notify` sets every listener, so a change made
while a waiter was busy is still seen on its next look.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable
from typing import Any, TypeVar

from golem_core.until import wait_event

__all__ = ["Alarm", "Changes", "Preempted", "unless_news", "wait_event"]

T = TypeVar("T")


class Alarm:
    """Sets `event` when the loop's clock reaches `when`: one timer for all of a loop's waits.

    (`wait_event` with a timeout makes, schedules and cancels a timer per wait.)
    `rang` stays true once it has rung, also when `event` was cleared since.
    """

    def __init__(self, event: asyncio.Event, when: float) -> None:
        self.rang = False
        self._event = event
        self._timer = asyncio.get_running_loop().call_at(when, self._ring)

    def _ring(self) -> None:
        self.rang = True
        self._event.set()

    def cancel(self) -> None:
        self._timer.cancel()


class Preempted(Exception):
    """`news` came before `work` ended (see `unless_news`)."""


async def unless_news(work: Awaitable[T], news: asyncio.Future[Any]) -> T:
    """What `work` gives, unless `news` comes first: then `work` is cancelled, Preempted raised.

    `work` is awaited in the caller's own task (from 3.11): the news cancels
    that task, as `asyncio.timeout` does, and tells its own cancellation from
    the caller's by `uncancel`. A task per call (and `asyncio.wait`) was most
    of what guarding a one-command script cost. `news` is only listened to.
    """
    if news.done():
        _discard(work)
        raise Preempted
    if sys.version_info < (3, 11):
        return await _unless_news_in_a_task(work, news)
    task = asyncio.current_task()
    assert task is not None
    listening, fired = True, False

    def on_news(_: asyncio.Future[Any]) -> None:
        nonlocal fired
        if listening:  # a callback already queued when `work` ended must not cancel anything
            fired = True
            task.cancel()

    news.add_done_callback(on_news)
    try:
        result = await work
    except asyncio.CancelledError:
        if fired and task.uncancel() == 0:
            raise Preempted from None
        raise
    finally:
        listening = False
        news.remove_done_callback(on_news)
    if fired:  # `work` ended anyway (it did not let the cancellation through): its answer counts
        task.uncancel()
    return result


def _discard(work: Awaitable[Any]) -> None:
    if asyncio.iscoroutine(work):
        work.close()
    elif isinstance(work, asyncio.Future):
        work.cancel()


async def _unless_news_in_a_task(work: Awaitable[T], news: asyncio.Future[Any]) -> T:
    running = asyncio.ensure_future(work)
    try:
        await asyncio.wait({running, news}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not running.done():
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)
    if not running.cancelled():
        return running.result()
    raise Preempted


class Changes:
    def __init__(self) -> None:
        # dicts, not sets: listeners wake in the order they began to wait, so
        # which worker gets a provider first repeats from run to run (and in replays)
        self._first: dict[asyncio.Event, None] = {}
        self._listeners: dict[asyncio.Event, None] = {}

    def notify(self) -> None:
        for listener in self._first:
            listener.set()
        for listener in self._listeners:
            listener.set()

    def listener(self, *, first: bool = False) -> _Listening:
        """`with changes.listener() as changed:` an Event set at every change while inside.

        A `first` listener wakes before all others (the job's input feed): what
        it changes on waking is then seen by the others in the same wake, their
        events not yet cleared, instead of waking them all once more (a loop
        iteration and two task steps a task).
        """
        return _Listening(self._first if first else self._listeners)


class _Listening:
    """The `listener` context (a class: `contextlib.contextmanager` cost ~6 calls a use)."""

    __slots__ = ("_event", "_listeners")

    def __init__(self, listeners: dict[asyncio.Event, None]) -> None:
        self._listeners = listeners
        self._event = asyncio.Event()

    def __enter__(self) -> asyncio.Event:
        self._listeners[self._event] = None
        return self._event

    def __exit__(self, *exc_info: object) -> None:
        self._listeners.pop(self._event, None)
