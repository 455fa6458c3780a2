"""The wall clock and fresh names golem_core sends to the daemon, behind one seam.

golem_core reads the time (event stamps, allocation expiry, event cursors) and
invents names (published files) only through `now()` and `new_id()`. Normally
they are the system clock and random UUIDs. golem_testing installs its
own clock while it records or replays a session: a replay then sees the time
of the recorded session (so checks comparing the daemon's dates with ours
judge as they did), and the names we invent repeat from one recording to the
next. An installed clock serves only the thread that installed it: a local
network running in another thread keeps the real one.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Protocol

__all__ = ["Clock", "SystemClock", "installed", "new_id", "now"]


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...

    def new_id(self) -> str:
        """A name nobody else uses (32 lowercase hex digits)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def new_id(self) -> str:
        return uuid.uuid4().hex


_SYSTEM = SystemClock()
_installed: tuple[int, Clock] | None = None


def _current() -> Clock:
    installed_now = _installed
    if installed_now is not None and installed_now[0] == threading.get_ident():
        return installed_now[1]
    return _SYSTEM


def now() -> datetime:
    installed_now = _installed
    if installed_now is None:  # the system clock, in one call (every event is stamped)
        return datetime.now(timezone.utc)
    return _current().now()


def new_id() -> str:
    return _current().new_id()


@contextlib.contextmanager
def installed(clock: Clock) -> Iterator[None]:
    """Serve `now()` and `new_id()` from `clock` in this thread until the block ends."""
    global _installed
    if _installed is not None:
        raise RuntimeError("a clock is already installed (recordings cannot nest)")
    _installed = (threading.get_ident(), clock)
    try:
        yield
    finally:
        _installed = None
