"""The tasks of a job and who works on them. No I/O, no asyncio.

    waiting --take--> running --finish--> done (accepted, or rejected for good)
                         |
                         +--give_back--> waiting (at the front: retried first)

Input arrives over time (`put`) until `close_input`; the job is finished when
input is closed and nothing waits or runs. Each running task belongs to one
worker; when a worker stops, `give_back_all` returns whatever it had not
decided on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["TaskQueue"]

T = TypeVar("T", bound=Hashable)


class TaskQueue(Generic[T]):
    def __init__(self) -> None:
        self._waiting: deque[T] = deque()
        self._running: dict[T, Hashable] = {}
        self._input_closed = False
        self.added = 0
        self.done = 0

    def __repr__(self) -> str:
        state = "finished" if self.finished else ("open" if not self._input_closed else "closed")
        return (
            f"<TaskQueue {state}: {len(self._waiting)} waiting, "
            f"{len(self._running)} running, {self.done} done>"
        )

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def running(self) -> int:
        return len(self._running)

    @property
    def input_closed(self) -> bool:
        return self._input_closed

    @property
    def finished(self) -> bool:
        return self._input_closed and not self._waiting and not self._running

    def put(self, task: T) -> None:
        if self._input_closed:
            raise ValueError("the job's input is closed")
        self._waiting.append(task)
        self.added += 1

    def close_input(self) -> None:
        self._input_closed = True

    def take(self, worker: Hashable) -> T | None:
        """The next waiting task, now running for `worker`; None when nothing waits."""
        if not self._waiting:
            return None
        task = self._waiting.popleft()
        self._running[task] = worker
        return task

    def finish(self, task: T) -> None:
        """The task is decided for good (accepted, or rejected without retry)."""
        self._release(task)
        self.done += 1

    def give_back(self, task: T) -> None:
        """Compute the task again; it goes to the front of the queue."""
        self._release(task)
        self._waiting.appendleft(task)

    def tasks_of(self, worker: Hashable) -> list[T]:
        return [task for task, owner in self._running.items() if owner == worker]

    def _release(self, task: T) -> None:
        if task not in self._running:
            raise ValueError(f"{task!r} is not running")
        del self._running[task]
