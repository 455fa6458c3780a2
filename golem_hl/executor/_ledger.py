"""`TaskLedger`: the job's tasks as workers take and decide them, and what they cost.

Workers ask it for their next task (waiting until one is free, or the job has
no more work for them), and tell it each task's fate; a worker that stops
hands back what it left undecided. It also turns a worker's usage readings
into the cost the budget gate and payment checks see.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Hashable
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from golem_core.activity import Activity
from golem_core.events import now
from golem_core.exceptions import GolemError
from golem_core.payment import PricingError
from golem_core.payment.pricing import DURATION_SEC
from golem_hl import events
from golem_hl._engine.agreements import Lease
from golem_hl._engine.budget import usage_is_fresh, wind_down_cost
from golem_hl.executor._decisions import Fault, should_retry
from golem_hl.executor._errors import ProviderFailed
from golem_hl.executor._jobstate import JobState
from golem_hl.executor._pacing import retire_worker
from golem_hl.executor._task import Task
from golem_hl.records import ActivityInfo

__all__ = ["TaskHolder", "TaskLedger"]

logger = logging.getLogger(__name__)


class TaskHolder(Hashable, Protocol):
    """A worker, as the ledger sees it."""

    lease: Lease
    activity: Activity | None
    # not yet asked for a task (the workforce counts on it to take one soon)
    fresh: bool
    # when the workforce set out to start it (its agreement, activity, deploy)
    launched_at: datetime
    # when usage was last read, the activity's cost then, and tasks decided since
    measured_at: datetime | None
    last_cost: Decimal | None
    decided_since_measure: int
    # let go by the pacing (see `retire_worker`): no more tasks, its agreement ends
    retired: bool

    @property
    def activity_info(self) -> ActivityInfo: ...

    # a running task reports its fate to its holder (see `Task._start`)
    def task_accepted(self, task: Task[Any, Any]) -> None: ...

    def task_rejected(self, task: Task[Any, Any], reason: str | None, retry: bool) -> None: ...


class TaskLedger:
    def __init__(self, state: JobState) -> None:
        self.state = state
        # accepted tasks, until the application's iteration takes them
        self.done: deque[Task[Any, Any]] = deque()

    async def next_task(self, worker: TaskHolder) -> Task[Any, Any] | None:
        """The worker's next task; None when the job has no more work for it."""
        state = self.state
        if worker.fresh:
            worker.fresh = False
            state.fresh_workers -= 1
            state.ready_workers += 1
            moment = now()
            state.pace.worker_ready(worker.launched_at, moment)
            state.pace.workers_at_work(state.ready_workers - state.retiring_workers, moment)
        if worker.retired:
            return None
        at_work = state.ready_workers - state.retiring_workers
        # (a lone worker is never let go: no clock read for it)
        if at_work >= 2 and not state.no_more_tasks and retire_worker(at_work, state.pace, now()):
            worker.retired = True
            state.retiring_workers += 1
            state.pace.workers_at_work(at_work - 1, now())
            return None
        with state.changes.listener() as changed:
            state.idle_workers += 1
            state.changes.notify()
            try:
                while True:
                    changed.clear()
                    if worker.lease.lost.is_set():
                        raise ProviderFailed(worker.lease.lost_reason or "the agreement was lost")
                    if state.no_more_tasks:
                        return None
                    task = self._take(worker)
                    if task is not None:
                        break
                    await changed.wait()
            finally:
                state.idle_workers -= 1
        started = now()
        task._start(worker, started)
        state.pace.task_started(started)
        if state.emitter.wants(events.TaskStarted):
            state.emit(events.TaskStarted(**self._context(worker, task)))
        return task

    def _take(self, worker: TaskHolder) -> Task[Any, Any] | None:
        state = self.state
        if not state.queue.waiting:
            return None
        if not state.budget.allows_task(state.queue.running, state.committed()):
            state.stop_for_budget()
            return None
        return state.queue.take(worker)

    def usage_is_fresh(self, worker: TaskHolder, moment: datetime) -> bool:
        """Whether the worker's last usage reading still serves the budget (see budget.py)."""
        if usage_is_fresh(worker.measured_at, moment):
            # younger than USAGE_REFRESH, the least any reading serves: fresh whatever the
            # budget left (asked after every task; the budget's sums cost a Decimal each)
            return True
        refresh = self.state.budget.usage_refresh(self.state.committed())
        return usage_is_fresh(worker.measured_at, moment, refresh)

    def activity_began(self, worker: TaskHolder) -> None:
        """A new activity costs its fixed price and then its price of time: the gate knows
        that without a reading, so the first one can wait like any other."""
        assert worker.activity is not None
        pricing = worker.lease.terms.pricing
        self.state.budget.record_activity_cost(
            worker.activity.id,
            pricing.fixed,
            wind_down_cost(pricing),
            at=worker.measured_at,
            floor_rate=pricing.price_of(DURATION_SEC),
        )
        worker.last_cost = pricing.fixed
        worker.decided_since_measure = 0

    def usage_seen(self, worker: TaskHolder, usage: tuple[float, ...]) -> bool:
        """What the activity cost so far: for the budget, the payment checks and task costs.

        Whether the payment checks got it."""
        assert worker.activity is not None
        state = self.state
        pricing = worker.lease.terms.pricing
        try:
            cost = pricing.cost(usage)
        except PricingError:
            return False
        state.budget.record_activity_cost(
            worker.activity.id,
            cost,
            wind_down_cost(pricing),
            at=worker.measured_at,
            floor_rate=pricing.price_of(DURATION_SEC),
        )
        recorded = True
        try:
            state.engine.payments.observe_usage(
                worker.lease.agreement.id, worker.activity.id, usage
            )
        except (GolemError, KeyError) as error:
            logger.debug("usage of %s not recorded for payments: %s", worker.activity.id, error)
            recorded = False
        decided = worker.decided_since_measure
        if decided and worker.last_cost is not None:
            share = (cost - worker.last_cost) / decided
            for _ in range(decided):
                state.budget.record_task_cost(share)
        worker.decided_since_measure = 0
        worker.last_cost = cost
        return recorded

    def _context(self, worker: TaskHolder, task: Task[Any, Any]) -> dict[str, Any]:
        return {
            "job": self.state.job,
            "agreement": worker.lease.info,
            "activity": worker.activity_info,
            "task": task,
        }

    def task_accepted(self, worker: TaskHolder, task: Task[Any, Any]) -> None:
        state = self.state
        state.queue.finish(task)
        self._timed(task)
        context = self._context(worker, task)
        if state.emitter.wants(events.TaskAccepted):
            state.emit(events.TaskAccepted(**context))
        state.emit(events.TaskFinished(**context))
        worker.decided_since_measure += 1
        self.done.append(task)
        state.changes.notify()

    def task_rejected(
        self, worker: TaskHolder, task: Task[Any, Any], reason: str | None, retry: bool
    ) -> None:
        state = self.state
        context = self._context(worker, task)
        state.emit(events.TaskRejected(**context, reason=reason))
        state.emit(events.TaskFinished(**context))
        if retry:
            state.queue.give_back(task)
        else:
            state.queue.finish(task)
        self._timed(task)
        worker.decided_since_measure += 1
        state.changes.notify()

    def _timed(self, task: Task[Any, Any]) -> None:
        """How long the task took, for pacing new workers."""
        if (took := task.running_time) is not None:
            self.state.pace.task_decided(took.total_seconds())

    def give_back(
        self, worker: TaskHolder, error: BaseException | None, fault: Fault | None
    ) -> None:
        """The worker stopped: its undecided tasks go back (or, after many faults, are dropped)."""
        state = self.state
        for task in state.queue.tasks_of(worker):
            if fault is Fault.TASK:
                task._faults += 1
                if not should_retry(fault, task._faults):
                    task._give_up()
                    context = self._context(worker, task)
                    reason = f"failed {task._faults} times; the last time: {error}"
                    state.emit(events.TaskRejected(**context, reason=reason))
                    state.emit(events.TaskFinished(**context))
                    state.queue.finish(task)
                    continue
            task._return()
            state.queue.give_back(task)
        state.changes.notify()
