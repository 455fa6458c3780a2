"""What to do when a worker fails, and how many workers to start. No I/O.

Whose fault a failure is decides what follows:

* the **provider's** (its activity died or was terminated, the agreement was
  ended, the daemon could not reach the exe-unit, a script ran past its
  timeout): the tasks it held go back to the queue as they are, to be computed
  elsewhere, and the provider gets no more work in this job;
* the **task's** own (a command exited non-zero and the worker let the error
  through, the worker code raised, a download was refused): the tasks go back
  too, but each such failure counts against the task, and after
  `MAX_TASK_ATTEMPTS` the task is rejected for good instead of retried forever.
  The provider stays usable.

A failure is the provider's when the activity is known to be gone, whatever
error showed it; errors that only the provider side can cause count as its
fault even while the activity still answers.
"""

from __future__ import annotations

import enum
from typing import Final

from golem_core import exceptions as core
from golem_core.transfer import TransferError
from golem_hl import exceptions as hl
from golem_hl.executor._errors import ProviderFailed

__all__ = [
    "MAX_TASK_ATTEMPTS",
    "Fault",
    "ProviderFailed",
    "classify_failure",
    "should_retry",
    "workers_to_start",
]

MAX_TASK_ATTEMPTS: Final = 3


class Fault(enum.Enum):
    PROVIDER = "provider"
    TASK = "task"


def classify_failure(error: BaseException, activity_alive: bool | None) -> Fault:
    """Whose fault `error` is; `activity_alive` is None when we could not tell."""
    if activity_alive is False or isinstance(error, ProviderFailed):
        return Fault.PROVIDER
    if isinstance(error, (hl.BatchTimeoutError, core.BatchTimeoutError)):
        return Fault.PROVIDER  # the provider is too slow: others get the work
    if isinstance(error, (hl.CommandExecutionError, core.BatchError, TransferError)):
        return Fault.TASK
    if isinstance(error, core.GolemError):
        # the daemon or the exe-unit failed us (transport, API errors, protocol errors)
        return Fault.PROVIDER
    return Fault.TASK


def should_retry(fault: Fault, task_faults: int) -> bool:
    """Retry a task after a failure? `task_faults` counts its own failures, this one included."""
    return fault is Fault.PROVIDER or task_faults < MAX_TASK_ATTEMPTS


def workers_to_start(
    *,
    max_workers: int,
    workers: int,
    starting: int,
    idle_workers: int,
    waiting_tasks: int,
    finished: bool,
    sources: bool = True,
) -> int:
    """How many more workers to start now.

    `workers` are running (busy or idle), `starting` are being set up (agreement,
    activity), `idle_workers` wait for a task. Each waiting task may get a
    worker, but no more are started than `max_workers` allows, and none for
    tasks that an idle or starting worker will take anyway. Without `sources`
    (no spare agreement, no offer kept) none can start: one that arrives is a
    change, and the supervisor asks again (with 10 providers and 2 agreements
    it asked the pacing at every task for workers it had nothing to start on).
    """
    if finished or not sources:
        return 0
    room = max_workers - workers - starting
    unserved = waiting_tasks - idle_workers - starting
    return max(0, min(room, unserved))
