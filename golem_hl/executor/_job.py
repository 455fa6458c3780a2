"""One `execute_tasks` call: the demand, the workers, the tasks, and the end of it all.

    JobStarted, SubscriptionCreated, proposals..., per provider: AgreementCreated,
    AgreementConfirmed, WorkerStarted, ActivityCreated, tasks..., WorkerFinished,
    AgreementTerminated; then JobFinished (with the exception, if the job failed).

The job publishes the demand, feeds the application's tasks into the queue
as workers need them, and hands them to workers (`_workforce` starts those)
while the budget gate allows. Completed tasks are yielded as they are
accepted. At the end, however it comes (all done, failure, timeout,
cancellation), every activity is destroyed and every agreement terminated, in
parallel, before `JobFinished`.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Coroutine, Iterable
from datetime import timedelta
from decimal import Decimal
from typing import Any, Final

from golem_core.events import now
from golem_core.exceptions import GolemError
from golem_core.market.properties import EXPIRATION, SUBNET, expiration_ms
from golem_core.node import GolemNode
from golem_core.payment import PricingError
from golem_hl import events
from golem_hl._engine.agreements import CODE_CANCELLED, CODE_FAILURE, CODE_SUCCESS
from golem_hl._engine.budget import BudgetGate, wind_down_cost
from golem_hl._engine.engine import Engine
from golem_hl._engine.job import Job, claim_job_id
from golem_hl._engine.market import Market
from golem_hl.executor._decisions import Fault, should_retry
from golem_hl.executor._errors import BudgetExhaustedError, JobTimeoutError, ProviderFailed
from golem_hl.executor._queue import TaskQueue
from golem_hl.executor._signals import Changes, wait_event
from golem_hl.executor._task import Task
from golem_hl.executor._worker import WorkerFunction, WorkerRun
from golem_hl.executor._workforce import Workforce
from golem_hl.payload import DemandBuilder, Payload

__all__ = ["DEFAULT_JOB_TIMEOUT", "DEFAULT_MAX_WORKERS", "JobRun"]

logger = logging.getLogger(__name__)

DEFAULT_MAX_WORKERS: Final = 10
DEFAULT_JOB_TIMEOUT: Final = timedelta(minutes=15)
DEFAULT_NO_PROPOSALS_TIMEOUT: Final = timedelta(seconds=30)
# how long the provider has to end an activity we no longer need
DESTROY_TIMEOUT_S: Final = 5.0
MULTI_ACTIVITY: Final = "golem.srv.caps.multi-activity"

TaskData = Iterable[Task[Any, Any]] | AsyncIterable[Task[Any, Any]]


class JobRun:
    def __init__(
        self,
        engine: Engine,
        worker_function: WorkerFunction,
        data: TaskData,
        payload: Payload,
        *,
        max_workers: int | None = None,
        timeout: timedelta | None = None,
        job_id: str | None = None,
        implicit_init: bool = True,
        stream_output: bool = False,
        no_proposals_timeout: timedelta = DEFAULT_NO_PROPOSALS_TIMEOUT,
    ) -> None:
        self.engine = engine
        self.emitter = engine.emitter
        self.worker_function = worker_function
        self.implicit_init = implicit_init
        self.stream_output = stream_output
        self.max_workers = DEFAULT_MAX_WORKERS if max_workers is None else max_workers
        if self.max_workers < 1:
            raise ValueError(f"max_workers must be at least 1, got {max_workers}")
        self.timeout = timeout or DEFAULT_JOB_TIMEOUT
        # event loop time when the job must end (set when it starts)
        self.deadline = 0.0
        self.job = Job(id=claim_job_id(job_id), expiration_time=now() + self.timeout)
        self.budget = BudgetGate(engine.settings.budget)
        self.changes = Changes()
        self._data = data
        self._payload = payload
        self._no_proposals_timeout = no_proposals_timeout
        self.queue: TaskQueue[Task[Any, Any]] = TaskQueue()
        self._done: deque[Task[Any, Any]] = deque()
        self._market: Market | None = None
        self._market_tasks: list[asyncio.Task[None]] = []
        self._background: list[asyncio.Task[None]] = []
        self.workforce = Workforce(self)
        self._failure: BaseException | None = None
        self.budget_stopped = False
        self.stopping = False
        self._closed = False

    @property
    def market(self) -> Market:
        if self._market is None:
            raise GolemError(f"job {self.job.id} has no market yet")
        return self._market

    @property
    def node(self) -> GolemNode:
        return self.engine.node

    def emit(self, event: events.Event) -> None:
        self.emitter.emit(event)

    # --- the job, as execute_tasks runs it ------------------------------------------------

    async def run(self) -> AsyncGenerator[Task[Any, Any], None]:
        self.emit(events.JobStarted(job=self.job))
        exc_info: events.ExcInfo | None = None
        try:
            await self._open()
            async for task in self._results():
                yield task
        except GeneratorExit:
            raise  # the application stopped iterating: not a failure of the job
        except BaseException:
            exc_info = sys.exc_info()  # type: ignore[assignment]
            raise
        finally:
            await self._finish(exc_info)

    async def abort(self) -> None:
        """End the job from outside its iteration (e.g. `Golem.stop()`)."""
        error = GolemError(f"job {self.job.id} was stopped before it finished")
        if self._failure is None:
            self._failure = error
        await self._finish((type(error), error, None))

    async def _finish(self, exc_info: events.ExcInfo | None) -> None:
        if self._closed:
            return
        await self._close(exc_info)
        self.emit(events.JobFinished(job=self.job, exc_info=exc_info))

    async def _open(self) -> None:
        self.deadline = asyncio.get_running_loop().time() + self.timeout.total_seconds()
        demand = await self._demand()
        market = Market(
            self.node, self.job, demand, self.engine.strategy, self.emitter, self.changes.notify
        )
        self._market = market
        await market.subscribe()
        self._market_tasks = [
            self._spawn(market.run(), "market"),
            self._spawn(market.watch_confirmations(self._no_proposals_timeout), "market watch"),
        ]
        self._spawn(self._feed(), "input")
        self._spawn(self._supervise(), "supervisor")

    async def _supervise(self) -> None:
        await self.workforce.supervise()
        await self._leave_market()

    async def _demand(self) -> DemandBuilder:
        demand = DemandBuilder()
        await demand.decorate(self._payload, self.engine.strategy)
        subnet = self.engine.settings.subnet_tag
        if subnet:
            demand.add_properties({SUBNET: subnet})
            demand.ensure(f"({SUBNET}={subnet})")
        demand.add_properties(
            {EXPIRATION: expiration_ms(self.job.expiration_time), MULTI_ACTIVITY: True}
        )
        decoration = await self.engine.allocation.demand_decorations()
        demand.add_properties(dict(decoration.properties))
        for constraint in decoration.constraints:
            demand.ensure(constraint)
        return demand

    async def _results(self) -> AsyncIterator[Task[Any, Any]]:
        loop = asyncio.get_running_loop()
        deadline = self.deadline
        with self.changes.listener() as changed:
            while True:
                changed.clear()
                while self._done:
                    yield self._done.popleft()
                if self._failure is not None:
                    raise self._failure
                if not self.workforce.workers and (self.queue.finished or self.budget_stopped):
                    break
                remaining = deadline - loop.time()
                if remaining <= 0:
                    if self._market is not None:
                        self._market.report_no_proposals(self.timeout)
                    left = self.queue.waiting + self.queue.running
                    raise JobTimeoutError(self.job.id, self.timeout, self.queue.done, left)
                await wait_event(changed, remaining)
        if self.budget_stopped and not self.queue.finished:
            left = self.queue.waiting + self.queue.running
            raise BudgetExhaustedError(self.job.id, left, self.budget.remaining(self.committed()))

    # --- background work ------------------------------------------------------------------

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        async def guarded() -> None:
            try:
                await work
            except asyncio.CancelledError:
                raise
            except BaseException as error:
                logger.debug("job %s: %s failed", self.job.id, name, exc_info=True)
                if self._failure is None:
                    self._failure = error
                self.changes.notify()

        task = asyncio.create_task(guarded(), name=f"job {self.job.id} {name}")
        self._background.append(task)
        return task

    async def _feed(self) -> None:
        """Take tasks from the application's input as workers need them."""
        try:
            if isinstance(self._data, AsyncIterable):
                async for task in self._data:
                    await self._add(task)
            else:
                for task in self._data:
                    await self._add(task)
        finally:
            self.queue.close_input()
            self.changes.notify()

    async def _add(self, task: object) -> None:
        if not isinstance(task, Task):
            raise TypeError(f"execute_tasks takes Task objects, not {task!r}")
        self.queue.put(task)
        self.changes.notify()
        with self.changes.listener() as changed:
            # read ahead only as far as there are workers to take tasks
            while self.queue.waiting >= self.max_workers and not self.stopping:
                changed.clear()
                await changed.wait()

    async def _leave_market(self) -> None:
        """No more workers will start: stop negotiating and withdraw the demand."""
        for task in self._market_tasks:
            task.cancel()
        await asyncio.gather(*self._market_tasks, return_exceptions=True)
        if self._market is not None:
            await self._market.close()

    def stop_for_budget(self) -> None:
        if not self.budget_stopped:
            logger.warning(
                "job %s: the budget (%s left) cannot pay for more tasks; not starting new ones",
                self.job.id,
                self.budget.remaining(self.committed()),
            )
            self.budget_stopped = True
            self.changes.notify()

    def committed(self) -> Decimal:
        return self.engine.committed()

    # --- tasks ----------------------------------------------------------------------------

    async def next_task(self, worker: WorkerRun) -> Task[Any, Any] | None:
        """The worker's next task; None when the job has no more work for it."""
        workforce = self.workforce
        workforce.took_first_task(worker)
        with self.changes.listener() as changed:
            workforce.idle += 1
            self.changes.notify()
            try:
                while True:
                    changed.clear()
                    if worker.lease.lost.is_set():
                        raise ProviderFailed(worker.lease.lost_reason or "the agreement was lost")
                    if self._no_more_tasks:
                        return None
                    task = self._take(worker)
                    if task is not None:
                        break
                    await changed.wait()
            finally:
                workforce.idle -= 1
        task._start(worker, now())
        self.emit(
            events.TaskStarted(
                job=self.job, agreement=worker.lease.info, activity=worker.activity_info, task=task
            )
        )
        return task

    @property
    def _no_more_tasks(self) -> bool:
        return (
            self.queue.finished or self.stopping or self.budget_stopped or self._failure is not None
        )

    def _take(self, worker: WorkerRun) -> Task[Any, Any] | None:
        if not self.queue.waiting:
            return None
        if not self.budget.allows_task(self.queue.running, self.committed()):
            self.stop_for_budget()
            return None
        return self.queue.take(worker)

    def usage_seen(self, worker: WorkerRun, usage: tuple[float, ...]) -> None:
        """What the activity cost so far: for the budget, the payment checks and task costs."""
        assert worker.activity is not None
        try:
            cost = worker.lease.terms.pricing.cost(usage)
        except PricingError:
            return
        self.budget.record_activity_cost(
            worker.activity.id, cost, wind_down_cost(worker.lease.terms.pricing)
        )
        try:
            self.engine.payments.observe_usage(worker.lease.agreement.id, worker.activity.id, usage)
        except (GolemError, KeyError) as error:
            logger.debug("usage of %s not recorded for payments: %s", worker.activity.id, error)
        decided = worker.decided_since_measure
        if decided and worker.last_cost is not None:
            share = (cost - worker.last_cost) / decided
            for _ in range(decided):
                self.budget.record_task_cost(share)
        worker.decided_since_measure = 0
        worker.last_cost = cost

    def _task_context(self, worker: WorkerRun, task: Task[Any, Any]) -> dict[str, Any]:
        return {
            "job": self.job,
            "agreement": worker.lease.info,
            "activity": worker.activity_info,
            "task": task,
        }

    def task_accepted(self, worker: WorkerRun, task: Task[Any, Any]) -> None:
        self.queue.finish(task)
        context = self._task_context(worker, task)
        self.emit(events.TaskAccepted(**context))
        self.emit(events.TaskFinished(**context))
        worker.decided_since_measure += 1
        self._done.append(task)
        self.changes.notify()

    def task_rejected(
        self, worker: WorkerRun, task: Task[Any, Any], reason: str | None, retry: bool
    ) -> None:
        context = self._task_context(worker, task)
        self.emit(events.TaskRejected(**context, reason=reason))
        self.emit(events.TaskFinished(**context))
        if retry:
            self.queue.give_back(task)
        else:
            self.queue.finish(task)
        worker.decided_since_measure += 1
        self.changes.notify()

    def give_back(
        self, worker: WorkerRun, error: BaseException | None, fault: Fault | None
    ) -> None:
        """The worker stopped: its undecided tasks go back (or, after many faults, are dropped)."""
        for task in self.queue.tasks_of(worker):
            if fault is Fault.TASK:
                task._faults += 1
                if not should_retry(fault, task._faults):
                    task._give_up()
                    context = self._task_context(worker, task)
                    reason = f"failed {task._faults} times; the last time: {error}"
                    self.emit(events.TaskRejected(**context, reason=reason))
                    self.emit(events.TaskFinished(**context))
                    self.queue.finish(task)
                    continue
            task._return()
            self.queue.give_back(task)
        self.changes.notify()

    # --- the end --------------------------------------------------------------------------

    async def _close(self, exc_info: events.ExcInfo | None) -> None:
        """Stop everything, destroy every activity and end every agreement (in parallel)."""
        if self._closed:
            return
        self._closed = True
        self.stopping = True
        self.changes.notify()
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        if exc_info is None:
            message, code = "Work finished", CODE_SUCCESS
        elif isinstance(exc_info[1], asyncio.CancelledError):
            message, code = "The requestor cancelled the job", CODE_CANCELLED
        else:
            message, code = f"The job failed: {exc_info[1]}", CODE_FAILURE
        await self.workforce.stop(message, code)
        if self._market is not None:
            await self._market.close()
