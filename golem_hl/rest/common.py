"""Retrying calls that failed for passing reasons (yapapi's `rest.common`), over golem_core's
errors: a dropped connection (`TransportError`), our deadline (`CallTimeoutError`) or the
daemon's (`ApiTimeoutError`, HTTP 408/504) count as passing; any other error does not.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Coroutine
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from golem_core.exceptions import ApiTimeoutError, CallTimeoutError, TransportError

__all__ = ["SuppressedExceptions", "is_intermittent_error", "repeat_on_error"]

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


def is_intermittent_error(e: BaseException) -> bool:
    """Whether `e` says the call may work when tried again (a timeout, a dropped connection)."""
    return isinstance(e, (asyncio.TimeoutError, TransportError, CallTimeoutError, ApiTimeoutError))


class SuppressedExceptions:
    """`async with` that swallows, and keeps in `exception`, errors `condition` accepts."""

    def __init__(
        self, condition: Callable[[Exception], bool], report_exceptions: bool = True
    ) -> None:
        self._condition = condition
        self._report_exceptions = report_exceptions
        self.exception: Exception | None = None

    async def __aenter__(self) -> SuppressedExceptions:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        if isinstance(exc, Exception) and self._condition(exc):
            self.exception = exc
            if self._report_exceptions:
                logger.debug("suppressed %r", exc, exc_info=(exc_type, exc, tb))  # type: ignore[arg-type]
            return True
        return False


def repeat_on_error(
    max_tries: int,
    condition: Callable[[Exception], bool] = is_intermittent_error,
    interval: float = 1.0,
) -> Callable[[Callable[P, Coroutine[Any, Any, T]]], Callable[P, Coroutine[Any, Any, T]]]:
    """Make an async function try again, `interval` s apart and at most `max_tries` times in
    all, when it fails with an error `condition` accepts; the last such error is raised."""

    def decorator(func: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, Coroutine[Any, Any, T]]:
        @functools.wraps(func)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            for attempt in range(1, max_tries + 1):
                try:
                    return await func(*args, **kwargs)
                except Exception as error:
                    if not condition(error) or attempt == max_tries:
                        raise
                    logger.debug("attempt %d/%d failed: %r", attempt, max_tries, error)
                # the caller's chosen pause between attempts (yapapi's contract)
                await asyncio.sleep(interval)
            raise ValueError(f"max_tries must be at least 1, got {max_tries}")

        return wrapper

    return decorator
