"""Virtual time for an event loop running a replay: a wait the program cannot shorten costs nothing.

A replay answers at once what the daemon answered after seconds, but the
program still has its own timers: a negotiation window, a deadline around a
batch, a poll that outlived the recording and is only cancelled when the
program's timeout fires. Waiting them out for real would make replays as slow
as recordings. So while a replay runs, the loop's clock is virtual: whenever
the loop would sleep until its next timer with nothing else to watch (no
socket, pipe or worker thread of its own), the clock jumps to that timer
instead. Anything real (a subprocess, a socket, `asyncio.to_thread`) turns
the jumps off until it is done; the clock then follows the real time spent
waiting for it.

Computing takes no virtual time: the clock moves only by jumps and real waits.
So how fast the machine runs the program (a loaded CI runner) changes nothing
in which of its timers fire between which answers: with the tape keeping the
recorded pace (golem_testing._tape), a replay is a function of the
recording, not of the machine.

When the loop would sleep with no timer at all, nothing in the program can
ever move again; `on_stall` is told, so that the waits that outlived the
recording fail loudly instead of hanging the test.
"""

from __future__ import annotations

import asyncio
import selectors
import time
from collections.abc import Callable
from typing import Any

__all__ = ["STALL_GRACE", "TimeWarp"]

# Real seconds a loop with no timers may sit idle (a worker thread may still call in).
STALL_GRACE = 2.0


class TimeWarp:
    """Installed on one selector event loop; `uninstall` stops the jumps (time stays monotonic)."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        on_stall: Callable[[], bool],
        *,
        stall_grace: float = STALL_GRACE,
    ) -> None:
        self.loop = loop
        self.stall_grace = stall_grace
        self.offset = 0.0  # seconds jumped, in all
        self._virtual = 0.0
        self._released_at = 0.0
        self._on_stall = on_stall
        self._busy_workers = 0
        self._selector: selectors.BaseSelector | None = getattr(loop, "_selector", None)
        self._self_pipe: Any = getattr(loop, "_ssock", None)
        self._original_select: Callable[..., Any] | None = None
        self._original_executor: Callable[..., Any] | None = None
        self.installed = False

    def install(self) -> bool:
        """Warp this loop; False when it is not a selector loop (time then stays real)."""
        if self._selector is None or self._self_pipe is None or self.installed:
            return False
        self._original_select = self._selector.select
        self._original_executor = self.loop.run_in_executor
        self._virtual = self.loop.time()
        self.loop.time = self._time  # type: ignore[method-assign]
        self._selector.select = self._select  # type: ignore[method-assign]
        self.loop.run_in_executor = self._run_in_executor  # type: ignore[method-assign,assignment]
        self.installed = True
        return True

    def uninstall(self) -> None:
        """Stop jumping. The loop's clock runs on from the virtual time, so it never goes back."""
        if not self.installed:
            return
        assert self._selector is not None
        del self._selector.select  # the instance attribute; the class method shows again
        del self.loop.run_in_executor
        self._released_at = time.monotonic()
        self.installed = False

    def _time(self) -> float:
        if self.installed:
            return self._virtual
        return self._virtual + (time.monotonic() - self._released_at)

    def _real(self, select: Callable[..., Any], timeout: float | None) -> list[Any]:
        """A real wait (for a socket, a thread): the virtual clock moves with the real one."""
        began = time.monotonic()
        events = list(select(timeout))
        self._virtual += time.monotonic() - began
        return events

    def _run_in_executor(self, executor: Any, func: Callable[..., Any], *args: Any) -> Any:
        assert self._original_executor is not None
        future = self._original_executor(executor, func, *args)
        self._busy_workers += 1

        def done(_: object) -> None:
            self._busy_workers -= 1

        future.add_done_callback(done)
        return future

    def _only_self_pipe(self) -> bool:
        assert self._selector is not None
        pipe = self._self_pipe.fileno()
        return all(key.fd == pipe for key in self._selector.get_map().values())

    def _select(self, timeout: float | None = None) -> list[Any]:
        select = self._original_select
        assert select is not None
        if timeout == 0:
            return list(select(0))
        if self._busy_workers or not self._only_self_pipe():
            return self._real(select, timeout)
        events = list(select(0))
        if events:
            return events
        if timeout is not None:
            self._virtual += timeout
            self.offset += timeout
            return []
        events = self._real(select, self.stall_grace)
        if events or self._on_stall():
            return events
        return self._real(select, None)
