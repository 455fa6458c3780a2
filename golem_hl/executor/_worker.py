"""One worker: the application's worker function, run on one provider's activity.

    WorkerStarted, ActivityCreated (or ActivityCreateFailed), the implicit
    deploy/start script, then the worker's scripts and tasks, WorkerFinished.

The worker function is an async generator: it gets a `WorkContext` and the
job's tasks, and yields scripts. After a script with `wait_for_results` it
gets back an awaitable of the results, or (at the `yield`) the error of a
failed command or timeout, which it may catch. Whatever the worker leaves
undecided when it stops goes back to the job; `_decisions` says whose fault a
failure was, and so what happens to the provider and the tasks.

Every wait on the provider is raced against the agreement: when the provider
ends it, the wait stops at once with `ProviderFailed`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, cast

from golem_core.activity import Activity
from golem_core.events import now
from golem_core.exceptions import GolemError
from golem_hl import events
from golem_hl._engine.agreements import Lease
from golem_hl._engine.budget import usage_is_fresh
from golem_hl._engine.emitter import exc_info_of
from golem_hl.exceptions import BatchError
from golem_hl.executor._context import WorkContext
from golem_hl.executor._decisions import Fault, classify_failure
from golem_hl.executor._driving import ScriptGenerator, drive_scripts
from golem_hl.executor._errors import ProviderFailed
from golem_hl.executor._running import ScriptEnv, run_script
from golem_hl.executor._script import Script
from golem_hl.executor._task import Task
from golem_hl.records import ActivityInfo

if TYPE_CHECKING:
    from golem_hl.executor._job import JobRun

__all__ = ["WorkerFunction", "WorkerRun"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

# an async generator function; typed loosely, as applications annotate it
# `-> AsyncIterator[Script]` as often as `-> AsyncGenerator[Script, ...]`
WorkerFunction = Callable[[WorkContext, AsyncIterator[Task[Any, Any]]], AsyncIterator[Script]]


class _TaskStream:
    """The tasks one worker iterates over."""

    def __init__(self, worker: WorkerRun) -> None:
        self._worker = worker

    def __aiter__(self) -> _TaskStream:
        return self

    async def __anext__(self) -> Task[Any, Any]:
        return await self._worker.next_task()


class WorkerRun:
    def __init__(self, job: JobRun, lease: Lease) -> None:
        self.job = job
        self.lease = lease
        self.activity: Activity | None = None
        self.fault: Fault | None = None
        # not yet asked for a task (the job counts on it to take one soon)
        self.fresh = True
        # the activity's cost at the last usage reading, and tasks decided since
        self.last_cost: Decimal | None = None
        self.decided_since_measure = 0
        self.measured_at: datetime | None = None

    def __repr__(self) -> str:
        return f"<WorkerRun {self.lease.provider_id} {self.activity!r}>"

    @property
    def activity_info(self) -> ActivityInfo:
        assert self.activity is not None
        return ActivityInfo(self.activity.id, self.activity.agreement_id)

    def _context(self) -> dict[str, Any]:
        return {"job": self.job.job, "agreement": self.lease.info}

    # --- the whole life of the worker ----------------------------------------------------

    async def run(self) -> None:
        job = self.job
        job.emit(events.WorkerStarted(**self._context()))
        try:
            await self._create_activity()
        except ProviderFailed as no_activity:
            self.fault = Fault.PROVIDER
            await job.workforce.worker_failed(self, no_activity)
            return
        error: BaseException | None = None
        try:
            await self._work()
        except asyncio.CancelledError as cancelled:
            job.give_back(self, cancelled, None)
            self._finished(exc_info_of(cancelled))
            raise
        except Exception as failure:
            error = failure
            alive = None if isinstance(failure, ProviderFailed) else await self._alive()
            self.fault = classify_failure(failure, alive)
            logger.info(
                "worker on %s failed (%s fault): %r", self.lease.provider_id, self.fault, failure
            )
            job.give_back(self, failure, self.fault)
            self._finished(exc_info_of(failure))
        else:
            job.give_back(self, None, None)
            self._finished(None)
        await self._end(error)

    def _finished(self, exc_info: events.ExcInfo | None) -> None:
        if self.activity is not None:
            self.job.emit(
                events.WorkerFinished(
                    **self._context(), activity=self.activity_info, exc_info=exc_info
                )
            )

    async def _create_activity(self) -> None:
        job, lease = self.job, self.lease
        # the provider bills an activity from the moment it starts, which may be before
        # create() returns to us (or, cancelled, it finishes and is destroyed): pay from now
        job.workforce.activity_requested(self)
        try:
            self.activity = await self._guard(Activity.create(job.node, lease.agreement.id))
        except (GolemError, ProviderFailed) as error:
            job.emit(events.ActivityCreateFailed(**self._context(), exc_info=exc_info_of(error)))
            raise ProviderFailed(f"no activity on {lease.provider_id}: {error}") from error
        lease.activity = self.activity
        job.workforce.activity_started(self)
        job.emit(events.ActivityCreated(**self._context(), activity=self.activity_info))

    async def _work(self) -> None:
        assert self.activity is not None
        job = self.job
        ctx = WorkContext(
            self.activity, self.lease.info, self.lease.terms.pricing, job.job, job.emitter
        )
        env = ScriptEnv(
            job.node,
            self.activity,
            job.job,
            self.lease.info,
            job.emitter,
            job.stream_output,
            job.deadline,
        )
        if job.implicit_init:
            init = ctx.new_script()
            init.deploy()
            init.start()
            try:
                await self._guard(run_script(env, init))
            except (BatchError, GolemError) as error:
                raise ProviderFailed(f"the payload did not start: {error}") from error
        made = job.worker_function(ctx, _TaskStream(self))
        if not isinstance(made, AsyncGenerator):
            raise TypeError("the worker must be an async generator function (it yields scripts)")
        generator = cast(ScriptGenerator, made)
        try:
            await drive_scripts(
                generator,
                lambda script: self._guard(run_script(env, script)),
                self._alive,
                "a worker",
            )
        finally:
            await generator.aclose()

    async def _alive(self) -> bool | None:
        """Whether the activity still runs; None when the daemon cannot tell."""
        if self.activity is None:
            return None
        try:
            return (await self.activity.state()).alive
        except GolemError:
            return None

    async def _guard(self, work: Awaitable[T]) -> T:
        """Await `work`, unless the provider ends the agreement first (then ProviderFailed)."""
        running = asyncio.ensure_future(work)
        lost = asyncio.ensure_future(self.lease.lost.wait())
        try:
            await asyncio.wait({running, lost}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if not running.done():
                running.cancel()
            lost.cancel()
            await asyncio.gather(running, lost, return_exceptions=True)
        if not running.cancelled():
            return running.result()
        raise ProviderFailed(self.lease.lost_reason or "the agreement was lost")

    async def _end(self, error: BaseException | None) -> None:
        """Destroy the activity; end the agreement, or keep it for another worker."""
        job, lease = self.job, self.lease
        await job.workforce.destroy_activity(lease)
        if self.fault is Fault.PROVIDER:
            await job.workforce.worker_failed(self, error)
        else:
            await job.workforce.release(lease)

    # --- tasks --------------------------------------------------------------------------

    async def next_task(self) -> Task[Any, Any]:
        await self._measure()
        task = await self.job.next_task(self)
        if task is None:
            raise StopAsyncIteration
        return task

    async def _measure(self) -> None:
        """Read the activity's usage: its cost so far, and what the last tasks cost."""
        moment = now()
        if self.activity is None or usage_is_fresh(self.measured_at, moment):
            return
        self.measured_at = moment
        try:
            usage = (await self._guard(self.activity.usage())).current_usage
        except GolemError as error:
            logger.debug("no usage of %s: %s", self.activity.id, error)
            return
        if usage is None:
            return
        self.job.usage_seen(self, usage)

    def task_accepted(self, task: Task[Any, Any]) -> None:
        self.job.task_accepted(self, task)

    def task_rejected(self, task: Task[Any, Any], reason: str | None, retry: bool) -> None:
        self.job.task_rejected(self, task, reason, retry)
