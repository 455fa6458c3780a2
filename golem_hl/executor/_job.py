"""One `execute_tasks` call: the demand, the workers, the tasks, and the end of it all.

    JobStarted, SubscriptionCreated, proposals..., per provider: AgreementCreated,
    AgreementConfirmed, WorkerStarted, ActivityCreated, tasks..., WorkerFinished,
    AgreementTerminated; then JobFinished (with the exception, if the job failed).

The job publishes the demand (`_jobdemand`), feeds the application's tasks
into the queue as workers need them, and lets the workforce (`_workforce`)
start workers while the budget gate allows; tasks are handed out and decided
through the ledger (`_ledger`). All of them share one `JobState`. Completed
tasks are yielded as they are accepted. At the end, however it comes (all
done, failure, timeout, cancellation), every activity is destroyed and every
agreement terminated, in parallel, before `JobFinished`.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    AsyncIterator,
    Coroutine,
    Iterable,
    Sized,
)
from datetime import timedelta
from typing import Any, Final

from golem_core.events import now
from golem_core.exceptions import GolemError
from golem_hl import events
from golem_hl._engine.agreements import CODE_CANCELLED, CODE_FAILURE, CODE_SUCCESS
from golem_hl._engine.engine import Engine
from golem_hl._engine.job import Job, claim_job_id
from golem_hl._engine.market import Market
from golem_hl.executor._errors import BudgetExhaustedError, JobTimeoutError
from golem_hl.executor._jobdemand import build_demand
from golem_hl.executor._jobstate import JobState
from golem_hl.executor._ledger import TaskLedger
from golem_hl.executor._signals import Alarm
from golem_hl.executor._task import Task
from golem_hl.executor._worker import WorkerFunction
from golem_hl.executor._workforce import Workforce
from golem_hl.payload import Payload

__all__ = ["DEFAULT_JOB_TIMEOUT", "DEFAULT_MAX_WORKERS", "JobRun"]

logger = logging.getLogger(__name__)

DEFAULT_MAX_WORKERS: Final = 10
DEFAULT_JOB_TIMEOUT: Final = timedelta(minutes=15)
DEFAULT_NO_PROPOSALS_TIMEOUT: Final = timedelta(seconds=30)

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
        workers = DEFAULT_MAX_WORKERS if max_workers is None else max_workers
        if workers < 1:
            raise ValueError(f"max_workers must be at least 1, got {max_workers}")
        timeout = timeout or DEFAULT_JOB_TIMEOUT
        job = Job(id=claim_job_id(job_id), expiration_time=now() + timeout)
        self.state = JobState(
            engine,
            job,
            max_workers=workers,
            timeout=timeout,
            implicit_init=implicit_init,
            stream_output=stream_output,
        )
        self.ledger = TaskLedger(self.state)
        self.workforce = Workforce(self.state, self.ledger, worker_function)
        self._data = data
        if isinstance(data, Sized):  # a list: the job knows how much work is left
            self.state.input_size = len(data)
        self._payload = payload
        self._no_proposals_timeout = no_proposals_timeout
        self._market_tasks: list[asyncio.Task[None]] = []
        self._background: list[asyncio.Task[None]] = []
        self._closed = False

    @property
    def job(self) -> Job:
        return self.state.job

    def emit(self, event: events.Event) -> None:
        self.state.emit(event)

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
        self.state.fail(error)
        await self._finish((type(error), error, None))

    async def _finish(self, exc_info: events.ExcInfo | None) -> None:
        if self._closed:
            return
        await self._close(exc_info)
        self.emit(events.JobFinished(job=self.job, exc_info=exc_info))

    async def _open(self) -> None:
        state = self.state
        state.deadline = asyncio.get_running_loop().time() + state.timeout.total_seconds()
        demand = await build_demand(state.engine, state.job, self._payload)
        market = Market(
            state.node,
            state.job,
            demand,
            state.engine.strategy,
            state.emitter,
            state.changes.notify,
        )
        state.market_or_none = market
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

    async def _results(self) -> AsyncIterator[Task[Any, Any]]:
        loop = asyncio.get_running_loop()
        state, queue, done = self.state, self.state.queue, self.ledger.done
        with state.changes.listener() as changed:
            alarm = Alarm(changed, state.deadline)  # (not a timer per wait)
            try:
                while True:
                    changed.clear()
                    while done:
                        yield done.popleft()
                    if state.failure is not None:
                        raise state.failure
                    if not self.workforce.workers and (queue.finished or state.budget_stopped):
                        break
                    if alarm.rang or state.deadline <= loop.time():
                        if state.market_or_none is not None:
                            state.market_or_none.report_no_proposals(state.timeout)
                        left = queue.waiting + queue.running
                        raise JobTimeoutError(self.job.id, state.timeout, queue.done, left)
                    await changed.wait()
            finally:
                alarm.cancel()
        if state.budget_stopped and not queue.finished:
            left = queue.waiting + queue.running
            raise BudgetExhaustedError(self.job.id, left, state.budget.remaining(state.committed()))

    # --- background work ------------------------------------------------------------------

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        async def guarded() -> None:
            try:
                await work
            except asyncio.CancelledError:
                raise
            except BaseException as error:
                logger.debug("job %s: %s failed", self.job.id, name, exc_info=True)
                self.state.fail(error)

        task = asyncio.create_task(guarded(), name=f"job {self.job.id} {name}")
        self._background.append(task)
        return task

    async def _feed(self) -> None:
        """Take tasks from the application's input as workers need them.

        Its listener is a `first` one, kept for the whole input: woken by a
        worker taking a task, it queues the next before the supervisor and the
        results loop look, which then see both changes in one wake.
        """
        try:
            with self.state.changes.listener(first=True) as changed:
                if isinstance(self._data, AsyncIterable):
                    async for task in self._data:
                        await self._add(task, changed)
                else:
                    for task in self._data:
                        await self._add(task, changed)
        finally:
            self.state.queue.close_input()
            self.state.changes.notify()

    async def _add(self, task: object, changed: asyncio.Event) -> None:
        if not isinstance(task, Task):
            raise TypeError(f"execute_tasks takes Task objects, not {task!r}")
        state = self.state
        state.queue.put(task)
        state.changes.notify()
        # read ahead only as far as there are workers to take tasks
        while state.queue.waiting >= state.max_workers and not state.stopping:
            changed.clear()
            await changed.wait()

    async def _leave_market(self) -> None:
        """No more workers will start: stop negotiating and withdraw the demand."""
        for task in self._market_tasks:
            task.cancel()
        await asyncio.gather(*self._market_tasks, return_exceptions=True)
        if self.state.market_or_none is not None:
            await self.state.market_or_none.close()

    # --- the end --------------------------------------------------------------------------

    async def _close(self, exc_info: events.ExcInfo | None) -> None:
        """Stop everything, destroy every activity and end every agreement (in parallel)."""
        if self._closed:
            return
        self._closed = True
        self.state.stopping = True
        self.state.changes.notify()
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
        if self.state.market_or_none is not None:
            await self.state.market_or_none.close()
