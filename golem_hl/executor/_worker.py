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
import contextlib
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol, TypeVar, cast

from golem_core.activity import Activity
from golem_core.events import now
from golem_core.exceptions import GolemError
from golem_hl import events
from golem_hl._engine.agreements import Lease
from golem_hl._engine.emitter import exc_info_of
from golem_hl.exceptions import BatchError
from golem_hl.executor._context import WorkContext
from golem_hl.executor._decisions import Fault, classify_failure
from golem_hl.executor._driving import ScriptGenerator, drive_scripts
from golem_hl.executor._errors import ProviderFailed
from golem_hl.executor._jobstate import JobState
from golem_hl.executor._ledger import TaskLedger
from golem_hl.executor._running import ScriptEnv, run_script
from golem_hl.executor._script import Script
from golem_hl.executor._signals import Preempted, unless_news
from golem_hl.executor._task import Task
from golem_hl.records import ActivityInfo

__all__ = ["Crew", "WorkerFunction", "WorkerRun"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

# an async generator function; typed loosely, as applications annotate it
# `-> AsyncIterator[Script]` as often as `-> AsyncGenerator[Script, ...]`. Its tasks
# are an async generator, so a worker taking `AsyncIterator[Task]` fits too
WorkerFunction = Callable[
    [WorkContext, AsyncGenerator[Task[Any, Any], None]], AsyncIterator[Script]
]


class Crew(Protocol):
    """What becomes of a worker's agreement and activity (the workforce decides)."""

    def activity_started(self, worker: WorkerRun) -> None: ...

    def worker_ending(self, worker: WorkerRun) -> None: ...

    async def worker_failed(self, worker: WorkerRun, error: BaseException | None) -> None: ...

    async def destroy_activity(self, lease: Lease, *, read: bool = False) -> None: ...

    async def release(self, lease: Lease) -> None: ...

    async def retire(self, lease: Lease, *, let_go: bool = False) -> None: ...


class WorkerRun:
    def __init__(
        self,
        state: JobState,
        ledger: TaskLedger,
        crew: Crew,
        worker_function: WorkerFunction,
        lease: Lease,
        launched_at: datetime,
    ) -> None:
        self.state = state
        self.ledger = ledger
        self.crew = crew
        self.worker_function = worker_function
        self.lease = lease
        self.activity: Activity | None = None
        self.fault: Fault | None = None
        # not yet asked for a task (the job counts on it to take one soon)
        self.fresh = True
        # when the workforce set out to start it (its start-up is timed from then)
        self.launched_at = launched_at
        # the activity's cost at the last usage reading, and tasks decided since
        self.last_cost: Decimal | None = None
        self.decided_since_measure = 0
        self.measured_at: datetime | None = None
        # the worker closed its task iterator (`await tasks.aclose()`): it wants no more
        # tasks, and its agreement ends with it rather than going to another worker
        self.tasks_closed = False
        # let go by the pacing: it brought no work forward; its agreement ends with it
        self.retired = False
        # the worker function has ended: closing its tasks now is ours, not its wish
        self._worker_ended = False

    def __repr__(self) -> str:
        return f"<WorkerRun {self.lease.provider_id} {self.activity!r}>"

    @property
    def activity_info(self) -> ActivityInfo:
        assert self.activity is not None
        return ActivityInfo(self.activity.id, self.activity.agreement_id)

    def _context(self) -> dict[str, Any]:
        return {"job": self.state.job, "agreement": self.lease.info}

    # --- the whole life of the worker ----------------------------------------------------

    async def run(self) -> None:
        state = self.state
        state.emit(events.WorkerStarted(**self._context()))
        try:
            await self._create_activity()
        except ProviderFailed as no_activity:
            self.fault = Fault.PROVIDER
            await self.crew.worker_failed(self, no_activity)
            return
        error: BaseException | None = None
        try:
            await self._work()
        except asyncio.CancelledError as cancelled:
            self.ledger.give_back(self, cancelled, None)
            self._finished(exc_info_of(cancelled))
            raise
        except Exception as failure:
            error = failure
            alive = None if isinstance(failure, ProviderFailed) else await self._alive()
            self.fault = classify_failure(failure, alive)
            logger.info(
                "worker on %s failed (%s fault): %r", self.lease.provider_id, self.fault, failure
            )
            self.ledger.give_back(self, failure, self.fault)
            self._finished(exc_info_of(failure))
        else:
            self.ledger.give_back(self, None, None)
            self._finished(None)
        await self._end(error)

    def _finished(self, exc_info: events.ExcInfo | None) -> None:
        if self.activity is not None:
            self.state.emit(
                events.WorkerFinished(
                    **self._context(), activity=self.activity_info, exc_info=exc_info
                )
            )

    async def _create_activity(self) -> None:
        state, lease = self.state, self.lease
        # the agreement is paid for since its approval: the provider bills an activity from
        # its start, which may come before create() returns (or, cancelled, it finishes and
        # is destroyed)
        try:
            self.activity = await self._guard(Activity.create(state.node, lease.agreement.id))
        except (GolemError, ProviderFailed) as error:
            state.emit(events.ActivityCreateFailed(**self._context(), exc_info=exc_info_of(error)))
            raise ProviderFailed(f"no activity on {lease.provider_id}: {error}") from error
        lease.activity = self.activity
        self.measured_at = now()  # as if read: nothing used yet (see Ledger.activity_began)
        self.ledger.activity_began(self)
        self.crew.activity_started(self)
        state.emit(events.ActivityCreated(**self._context(), activity=self.activity_info))

    async def _work(self) -> None:
        assert self.activity is not None
        state = self.state
        ctx = WorkContext(
            self.activity, self.lease.info, self.lease.terms.pricing, state.job, state.emitter
        )
        env = ScriptEnv(
            state.node,
            self.activity,
            state.job,
            self.lease.info,
            state.emitter,
            state.stream_output,
            state.deadline,
        )
        if state.implicit_init:
            init = ctx.new_script()
            init.deploy()
            init.start()
            try:
                await self._guard(run_script(env, init))
            except (BatchError, GolemError) as error:
                raise ProviderFailed(f"the payload did not start: {error}") from error
        # held until the end, so that the tasks are not finalised (closed) behind our back
        tasks = self._tasks()
        made = self.worker_function(ctx, tasks)
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
            try:
                await generator.aclose()
            finally:
                self._worker_ended = True
                await tasks.aclose()

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
        try:
            return await unless_news(work, self.lease.lost_news())
        except Preempted:
            raise ProviderFailed(self.lease.lost_reason or "the agreement was lost") from None

    async def _end(self, error: BaseException | None) -> None:
        """Destroy the activity; end the agreement, or keep it for another worker."""
        crew, lease = self.crew, self.lease
        crew.worker_ending(self)
        # the last reading before its end: what the invoice is checked against, also when
        # no debit note could tell it (a short run reads none before; a malformed note)
        read = False
        with contextlib.suppress(ProviderFailed):
            read = await self._measure(final=True)
        await crew.destroy_activity(lease, read=read)
        if self.fault is Fault.PROVIDER:
            await crew.worker_failed(self, error)
        elif self.tasks_closed or self.retired:
            await crew.retire(lease, let_go=self.retired)
        else:
            await crew.release(lease)

    # --- tasks --------------------------------------------------------------------------

    async def _tasks(self) -> AsyncGenerator[Task[Any, Any], None]:
        """The worker's `tasks`: an async generator, as in yapapi (`aclose`, `athrow` work)."""
        while True:
            await self._measure()
            task = await self.ledger.next_task(self)
            if task is None:
                return
            try:
                yield task
            except GeneratorExit:
                self.tasks_closed = not self._worker_ended
                raise

    async def _measure(self, *, final: bool = False) -> bool:
        """Read the activity's usage: its cost so far, and what the last tasks cost.

        Whether a reading was taken and given to the payment checks.
        """
        moment = now()
        if self.activity is None or (not final and self.ledger.usage_is_fresh(self, moment)):
            return False
        self.measured_at = moment
        try:
            usage = (await self._guard(self.activity.usage())).current_usage
        except GolemError as error:
            logger.debug("no usage of %s: %s", self.activity.id, error)
            return False
        if usage is None:
            return False
        return self.ledger.usage_seen(self, usage)

    def task_accepted(self, task: Task[Any, Any]) -> None:
        self.ledger.task_accepted(self, task)

    def task_rejected(self, task: Task[Any, Any], reason: str | None, retry: bool) -> None:
        self.ledger.task_rejected(self, task, reason, retry)
