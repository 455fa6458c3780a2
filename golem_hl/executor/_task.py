"""`Task`: one unit of work, with yapapi's names (`data`, `result`, `accept_result`, ...).

The application makes tasks and the worker accepts or rejects them; the
engine hands each task to one worker at a time. While a task runs it is bound
to that worker (`_TaskOwner`), which turns `accept_result` / `reject_result`
into events and queue moves.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import ClassVar, Generic, Protocol, TypeVar

from golem_core.events import now
from golem_core.exceptions import GolemError

__all__ = ["Task", "TaskStatus"]

D = TypeVar("D")
R = TypeVar("R")

_ids = itertools.count(1)


class TaskStatus(enum.Enum):
    WAITING = "waiting"
    RUNNING = "running"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class _TaskOwner(Protocol):
    """The worker a running task belongs to."""

    def task_accepted(self, task: Task[object, object]) -> None: ...

    def task_rejected(
        self, task: Task[object, object], reason: str | None, retry: bool
    ) -> None: ...


class Task(Generic[D, R]):
    """One computation unit; `data` says what to compute, `result` holds what came out."""

    # where task ids come from (yapapi's `Task.ids`): one counter for the process
    ids: ClassVar[Iterator[int]] = _ids

    def __init__(self, data: D) -> None:
        self.id = str(next(Task.ids))
        self._data = data
        self._result: R | None = None
        self._status = TaskStatus.WAITING
        self._started: datetime | None = None
        self._finished: datetime | None = None
        self._owner: _TaskOwner | None = None
        # failures that were the task's own (not its provider's), for the retry limit
        self._faults = 0

    def __repr__(self) -> str:
        return f"Task(id={self.id}, data={self.data})"  # yapapi's form (data by str)

    @property
    def data(self) -> D:
        """What the task is about, as the application gave it."""
        return self._data

    @property
    def status(self) -> TaskStatus:
        return self._status

    @property
    def result(self) -> R | None:
        return self._result

    @property
    def running_time(self) -> timedelta | None:
        """Since the task first started: until now while it runs, else until it finished."""
        if self._started is None:
            return None
        return (self._finished or now()) - self._started

    def accept_result(self, result: R | None = None) -> None:
        """Mark the task computed, with its result; the job yields it."""
        owner = self._running_owner("accept")
        self._result = result
        self._status = TaskStatus.ACCEPTED
        self._finished = now()
        self._owner = None
        owner.task_accepted(self)  # type: ignore[arg-type]

    def reject_result(self, reason: str | None = None, retry: bool = False) -> None:
        """The result is wrong: compute the task again (`retry`), or give it up."""
        owner = self._running_owner("reject")
        self._owner = None
        if retry:
            self._status = TaskStatus.WAITING
        else:
            self._status = TaskStatus.REJECTED
            self._finished = now()
        owner.task_rejected(self, reason, retry)  # type: ignore[arg-type]

    def _running_owner(self, action: str) -> _TaskOwner:
        if self._status is not TaskStatus.RUNNING or self._owner is None:
            raise GolemError(f"cannot {action} {self!r}: it is {self._status.value}, not running")
        return self._owner

    # --- the engine's side ------------------------------------------------------------

    def _start(self, owner: _TaskOwner, when: datetime) -> None:
        self._owner = owner
        self._status = TaskStatus.RUNNING
        if self._started is None:
            self._started = when

    def _return(self) -> None:
        """Back to the queue: its worker stopped before deciding on it."""
        self._owner = None
        self._status = TaskStatus.WAITING

    def _give_up(self) -> None:
        self._owner = None
        self._status = TaskStatus.REJECTED
        self._finished = now()
