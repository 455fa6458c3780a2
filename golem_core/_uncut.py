"""Awaiting a call that a cancellation must not cut short."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from contextlib import suppress
from typing import Any, TypeVar

T = TypeVar("T")


async def not_cut_short(call: Coroutine[Any, Any, T], if_cut: Callable[[T], None]) -> T:
    """`await call`; a cancellation first lets it finish, then goes on.

    For a call whose effect the daemon records only at its end: cut short, the effect
    may happen on one side and not the other. `if_cut` gets the result of a call that
    succeeded under a cancellation (its caller hears only the cancellation); a second
    cancellation gives the call up.
    """
    task = asyncio.ensure_future(call)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        if not task.done():
            with suppress(Exception):  # only the cancellation is the caller's answer
                await task
        if task.done() and not task.cancelled() and task.exception() is None:
            if_cut(task.result())
        raise
