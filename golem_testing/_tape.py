"""The replay keeps to the recorded order, and pace, of everything the daemon said.

A recording's answers arrived in some order: the debit note came after the
activity was created, the WebSocket closed after the unbind. A replay hands
out each answer only when every answer recorded before it has been handed out,
so a program that reacts to answers meets them in the same order and takes the
same decisions. Only answers are ordered, never requests: a request waits just
for its own answer's turn.

On a loop under TimeWarp the tape also keeps the recorded pace: an answer that
came `at` seconds into the recording is handed out no earlier than `at`
(virtual) seconds into the replay. Waiting costs nothing there, and the
program's own timers (an offer window, a deadline) run out at the same points
between the answers as they did when recording, so it takes the same turns.

An answer nobody asks for (the program changed, or a recorded exchange is not
repeated) would stop the tape. When it has been due for `patience` seconds and
nothing moved, the answers after it go ahead anyway; it no longer holds
anything up, but can still be asked for.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Sequence

__all__ = ["DEFAULT_PATIENCE", "Tape"]

DEFAULT_PATIENCE = 5.0


def _monotonic() -> float:
    try:
        return asyncio.get_running_loop().time()
    except RuntimeError:
        return time.monotonic()


class Tape:
    """Recorded answers by index, and which of them the replay has handed out."""

    def __init__(self, times: Sequence[float], *, patience: float = DEFAULT_PATIENCE) -> None:
        self.times = list(times)
        self.patience = patience
        self._settled = [False] * len(self.times)  # handed out, or no longer holding others up
        self._handed_out = [False] * len(self.times)
        self._head = 0  # the first index not settled
        self._progress = 0
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []
        self._reached = 0.0  # the latest recorded time handed out
        self._reached_mark = _monotonic()
        self.skipped = 0
        self.handed_out = 0
        # loops that keep the recorded pace, and the loop time when the recording started
        self._origins: dict[asyncio.AbstractEventLoop, float] = {}

    def keep_pace(self, loop: asyncio.AbstractEventLoop) -> None:
        """Hand answers out on `loop` no earlier than they came when recording (from now on)."""
        if loop not in self._origins:
            self._origins[loop] = loop.time() - self._reached

    def __repr__(self) -> str:
        done = f"{self.handed_out}/{len(self.times)} handed out"
        return f"Tape({done}, head={self._head}, skipped={self.skipped})"

    def ready(self, index: int) -> bool:
        return self._head >= index

    async def turn(self, index: int) -> None:
        """Return once every answer before `index` is settled (or patience ran out),
        and, on a paced loop, once the answer is due."""
        loop = asyncio.get_running_loop()
        origin = self._origins.get(loop)
        while not self.ready(index):
            seen = self._progress
            if origin is None:
                limit = self.patience
            else:
                limit = origin + self.times[self._head] + self.patience - loop.time()
            waiter: asyncio.Future[None] = loop.create_future()
            entry = (index, waiter)
            self._waiters.append(entry)
            try:
                # asyncio.wait, not wait_for: before 3.12 wait_for can swallow a cancellation
                done, _ = await asyncio.wait({waiter}, timeout=max(limit, 0.0))
            finally:
                if entry in self._waiters:
                    self._waiters.remove(entry)
            if not done and self._progress == seen:
                self._give_up_before(index)
        if origin is not None and (early := origin + self.times[index] - loop.time()) > 0:
            await asyncio.sleep(early)

    def hand_out(self, index: int) -> None:
        """Answer `index` has been given to the program."""
        if self._handed_out[index]:
            return
        self._handed_out[index] = True
        self.handed_out += 1
        if self.times[index] > self._reached:
            self._reached = self.times[index]
            self._reached_mark = _monotonic()
        self._settle([index])

    def release(self, indices: Iterable[int]) -> None:
        """These answers will not be asked for (their stream was closed): stop waiting for them."""
        self._settle([i for i in indices if not self._settled[i]])

    def _give_up_before(self, index: int) -> None:
        stuck = [i for i in range(self._head, index) if not self._settled[i]]
        self.skipped += len(stuck)
        self._settle(stuck)

    def _settle(self, indices: Sequence[int]) -> None:
        for index in indices:
            self._settled[index] = True
        while self._head < len(self._settled) and self._settled[self._head]:
            self._head += 1
        self._progress += 1
        for index, waiter in list(self._waiters):
            if self.ready(index) and not waiter.done():
                waiter.set_result(None)

    def position(self) -> float:
        """Recorded seconds the replay has reached: the latest answer handed out, plus the
        time spent since, but never past the next answer still to come."""
        elapsed = max(0.0, _monotonic() - self._reached_mark)
        position = self._reached + elapsed
        if self._head < len(self.times):
            position = min(position, max(self._reached, self.times[self._head]))
        return position

    def unhanded(self) -> list[int]:
        return [i for i, out in enumerate(self._handed_out) if not out]
