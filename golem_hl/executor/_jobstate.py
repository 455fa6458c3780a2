"""`JobState`: what the parts of one job share, and nothing that runs.

The job's lifecycle (`_job`), its task accounting (`_ledger`), its workers
(`_worker`) and the workforce that starts them (`_workforce`) each hold this
record rather than each other: state flows through it, and `changes` wakes
whoever waits for it to move. No part reaches into another's internals.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal
from typing import Any

from golem_core.exceptions import GolemError
from golem_core.node import GolemNode
from golem_hl import events
from golem_hl._engine.budget import BudgetGate
from golem_hl._engine.engine import Engine
from golem_hl._engine.job import Job
from golem_hl._engine.market import Market
from golem_hl.executor._pacing import Pace
from golem_hl.executor._queue import TaskQueue
from golem_hl.executor._signals import Changes
from golem_hl.executor._task import Task

__all__ = ["JobState"]

logger = logging.getLogger(__name__)


class JobState:
    def __init__(
        self,
        engine: Engine,
        job: Job,
        *,
        max_workers: int,
        timeout: timedelta,
        implicit_init: bool,
        stream_output: bool,
    ) -> None:
        self.engine = engine
        self.emitter = engine.emitter
        self.job = job
        self.max_workers = max_workers
        self.timeout = timeout
        self.implicit_init = implicit_init
        self.stream_output = stream_output
        # event loop time when the job must end (set when it starts)
        self.deadline = 0.0
        self.budget = BudgetGate(engine.settings.budget)
        self.changes = Changes()
        self.queue: TaskQueue[Task[Any, Any]] = TaskQueue()
        self.market_or_none: Market | None = None
        # what ended the job from a background task (first one wins)
        self.failure: BaseException | None = None
        self.budget_stopped = False
        self.stopping = False
        # workers that have not asked for a task yet (negotiating, creating the activity,
        # deploying): each will take a waiting task soon
        self.fresh_workers = 0
        # workers waiting for a task
        self.idle_workers = 0
        # workers past their start (have asked for a task) and not ended; of them, those
        # let go because they brought no work forward (they take no more tasks)
        self.ready_workers = 0
        self.retiring_workers = 0
        # how many tasks the application's input holds, when it can tell (a list, say)
        self.input_size: int | None = None
        # how long workers take to start and tasks to run, so far (for pacing new workers)
        self.pace = Pace()

    @property
    def market(self) -> Market:
        if self.market_or_none is None:
            raise GolemError(f"job {self.job.id} has no market yet")
        return self.market_or_none

    @property
    def node(self) -> GolemNode:
        return self.engine.node

    def emit(self, event: events.Event) -> None:
        self.emitter.emit(event)

    def fail(self, error: BaseException) -> None:
        """End the job with `error` (unless something ended it first)."""
        if self.failure is None:
            self.failure = error
        self.changes.notify()

    def committed(self) -> Decimal:
        return self.engine.committed()

    def stop_for_budget(self) -> None:
        """The budget cannot pay for more: no new tasks or workers from now on."""
        if not self.budget_stopped:
            logger.warning(
                "job %s: the budget (%s left) cannot pay for more tasks; not starting new ones",
                self.job.id,
                self.budget.remaining(self.committed()),
            )
            self.budget_stopped = True
            self.changes.notify()

    @property
    def tasks_left(self) -> int | None:
        """Tasks not yet decided; None while the input may still bring an unknown number."""
        queue = self.queue
        in_queue = queue.waiting + queue.running
        if queue.input_closed:
            return in_queue
        if self.input_size is None:
            return None
        return max(0, self.input_size - queue.added) + in_queue

    @property
    def no_more_tasks(self) -> bool:
        return self.queue.finished or self.stopping or self.budget_stopped or bool(self.failure)

    @property
    def winding_down(self) -> bool:
        """No agreement is worth keeping for another worker."""
        return self.queue.finished or self.stopping or self.budget_stopped
