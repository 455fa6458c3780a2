"""Waiting before trying again, in one place: `Backoff` (delays) and `follow` (a stream kept up).

Every loop that follows a daemon stream (long polls of events) and tries
again after a failure waits through `Backoff`: exponential, jittered (so many
loops that failed together do not ask again together), capped, and reset by
the first success. Its sleep and random source are injectable, so the delays
are tested without waiting. `follow` is the common loop itself: it opens a
stream, yields what it yields, and on a failure reports it, backs off and
opens it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable
from typing import TypeVar

import attrs

from golem_core.exceptions import GolemError

__all__ = ["Backoff", "follow"]

logger = logging.getLogger(__name__)

T = TypeVar("T")


def _positive(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} cannot be negative: {value}")


@attrs.define
class Backoff:
    """Delays of `initial * factor**n`, at most `cap`, each shortened by up to `jitter` of itself.

    `wait()` sleeps the next delay; `reset()` (after a success) starts over. `clock`
    (monotonic seconds) tells `follow` how long a stream lasted.
    """

    initial: float = attrs.field(default=1.0, validator=_positive)
    factor: float = attrs.field(default=2.0, validator=_positive)
    cap: float = attrs.field(default=30.0, validator=_positive)
    jitter: float = attrs.field(default=0.25, validator=_positive)
    random: Callable[[], float] = attrs.field(default=random.random, repr=False)
    sleep: Callable[[float], Awaitable[object]] = attrs.field(default=asyncio.sleep, repr=False)
    clock: Callable[[], float] = attrs.field(default=time.monotonic, repr=False)
    attempts: int = attrs.field(default=0, init=False)

    def delay(self, attempt: int) -> float:
        """The delay before retry number `attempt` (0 for the first), jitter applied."""
        try:
            full = min(self.cap, self.initial * self.factor**attempt)
        except OverflowError:
            full = self.cap
        return full * (1.0 - min(self.jitter, 1.0) * self.random())

    def next_delay(self) -> float:
        delay = self.delay(self.attempts)
        self.attempts += 1
        return delay

    async def wait(self) -> None:
        await self.sleep(self.next_delay())

    def reset(self) -> None:
        self.attempts = 0


async def follow(
    open_stream: Callable[[], AsyncIterable[T]],
    *,
    backoff: Backoff | None = None,
    retry_on: tuple[type[BaseException], ...] = (GolemError,),
    on_error: Callable[[BaseException], Awaitable[bool]] | None = None,
    what: str = "a stream",
) -> AsyncIterator[T]:
    """What the streams `open_stream()` opens yield, one after another, until one ends.

    A failure in `retry_on` opens the stream again: first `on_error(error)` is
    awaited (without one, the failure is logged); unless it returns False
    ("retry at once", e.g. after re-creating what was gone) the backoff is
    waited out. Every item received resets the backoff, and so does a stream
    that ran longer than the longest delay before it failed (the failures
    before it are history).
    """
    backoff = backoff if backoff is not None else Backoff()
    while True:
        opened = backoff.clock()
        stream = open_stream()
        try:
            async for item in stream:
                backoff.reset()
                yield item
            return
        except retry_on as error:
            wait = True
            if on_error is None:
                logger.warning("following %s failed, retrying: %s", what, error)
            else:
                wait = await on_error(error)
            if wait:
                if backoff.clock() - opened > backoff.cap:
                    backoff.reset()
                await backoff.wait()
        finally:
            close = getattr(stream, "aclose", None)
            if close is not None:
                with contextlib.suppress(Exception):
                    await close()
