"""The workers of one job: starting them on agreements, and what becomes of the agreements.

The supervisor starts a worker while tasks wait that no idle or starting
worker will take, `max_workers` allows, and the job's pace says it will bring
the end forward by more than its start-up takes (`_pacing`). Each worker runs on an agreement
kept from an earlier worker (a spare) or made from the best confirmed
proposal of a provider that is neither busy nor failed in this job, and only
if the budget can pay for its activity. When a worker is done with its
agreement, the agreement is kept for the next worker while work remains, and
terminated otherwise; a worker that closed its tasks (`await tasks.aclose()`)
takes its agreement with it (terminated, as yapapi does); a provider that
failed is excluded and its agreement terminated as a failure.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from decimal import Decimal
from typing import Final

from golem_core.events import now
from golem_core.exceptions import GolemError
from golem_core.market.proposal import Proposal
from golem_core.payment import LinearPricing, PricingError
from golem_hl._engine.agreements import (
    APPROVAL_TIMEOUT_S,
    CODE_FAILURE,
    CODE_SUCCESS,
    Lease,
    negotiate_agreement,
    terminate_lease,
)
from golem_hl._engine.budget import wind_down_cost
from golem_hl._engine.offers import ScoredProposal
from golem_hl.executor._decisions import Fault, workers_to_start
from golem_hl.executor._jobstate import JobState
from golem_hl.executor._ledger import TaskLedger
from golem_hl.executor._pacing import pace_workers
from golem_hl.executor._signals import wait_event
from golem_hl.executor._worker import WorkerFunction, WorkerRun

__all__ = ["DESTROY_TIMEOUT_S", "Source", "Workforce"]

logger = logging.getLogger(__name__)

# how long the provider has to end an activity we no longer need
DESTROY_TIMEOUT_S: Final = 5.0

Source = Lease | ScoredProposal[Proposal]


class Workforce:
    def __init__(
        self, state: JobState, ledger: TaskLedger, worker_function: WorkerFunction
    ) -> None:
        self.state = state
        self.ledger = ledger
        self.worker_function = worker_function
        self.workers: dict[asyncio.Task[None], WorkerRun | None] = {}
        self.busy: set[str] = set()  # providers with a worker
        self.leases: dict[str, Lease] = {}
        self.spare: list[Lease] = []

    async def supervise(self) -> None:
        """Start workers as tasks need them, until no more will start."""
        state = self.state
        with state.changes.listener() as changed:
            while not state.winding_down:
                changed.clear()
                wanted = workers_to_start(
                    max_workers=state.max_workers,
                    workers=len(self.workers) - state.fresh_workers,
                    starting=state.fresh_workers,
                    idle_workers=state.idle_workers,
                    waiting_tasks=state.queue.waiting,
                    finished=state.queue.finished,
                    sources=self._may_have_source(),
                )
                if wanted <= 0:  # (most wakes, one or two a task: what pacing would say too)
                    await wait_event(changed, None)
                    continue
                paced = pace_workers(
                    wanted,
                    working=len(self.workers),
                    starting=state.fresh_workers,
                    tasks_left=state.tasks_left,
                    pace=state.pace,
                    at=now(),
                )
                for _ in range(paced.start):
                    source = self._next_source()
                    if source is None:
                        break
                    if not self._affordable(source):
                        state.stop_for_budget()
                        break
                    self._start_worker(source)
                await wait_event(changed, paced.recheck_in)

    def _may_have_source(self) -> bool:
        """A spare agreement or a kept offer (one `_next_source` may still pass over)."""
        market = self.state.market_or_none
        return bool(self.spare) or market is None or len(market.buffer) > 0

    def _next_source(self) -> Source | None:
        while self.spare:
            lease = self.spare.pop(0)
            if not lease.lost.is_set():
                return lease
        market = self.state.market
        return market.buffer.pop_best(exclude=self.busy | market.failed_providers)

    def _affordable(self, source: Source) -> bool:
        state = self.state
        try:
            pricing = (
                source.terms.pricing
                if isinstance(source, Lease)
                else LinearPricing.from_properties(source.proposal.properties)
            )
            start_price = pricing.fixed + wind_down_cost(pricing)
        except PricingError:
            start_price = Decimal(0)
        if state.budget.allows_activity(start_price, state.queue.running, state.committed()):
            return True
        if isinstance(source, Lease):
            self.spare.append(source)
        else:
            state.market.buffer.add(source.provider_id, source.proposal, source.score)
        return False

    def _start_worker(self, source: Source) -> None:
        self.state.fresh_workers += 1
        self.busy.add(source.provider_id)
        launched = now()
        self.state.pace.worker_launched(launched)
        task = asyncio.create_task(
            self._worker_main(source, launched), name=f"worker {source.provider_id}"
        )
        self.workers[task] = None

    async def _worker_main(self, source: Source, launched: datetime) -> None:
        me = asyncio.current_task()
        assert me is not None
        worker: WorkerRun | None = None
        try:
            lease = source if isinstance(source, Lease) else await self._negotiate(source)
            if lease is not None:
                worker = WorkerRun(
                    self.state, self.ledger, self, self.worker_function, lease, launched
                )
                self.workers[me] = worker
                await worker.run()
        finally:
            if worker is None or worker.fresh:
                self.state.fresh_workers -= 1
            else:
                state = self.state
                state.ready_workers -= 1
                state.retiring_workers -= worker.retired
                state.pace.workers_at_work(state.ready_workers - state.retiring_workers, now())
            self.busy.discard(source.provider_id)
            del self.workers[me]
            self.state.changes.notify()

    async def _negotiate(self, source: ScoredProposal[Proposal]) -> Lease | None:
        state = self.state
        lease = await negotiate_agreement(
            state.job, source.proposal, state.emitter, APPROVAL_TIMEOUT_S, state.engine.pay_for
        )
        if lease is not None:
            lease.on_lost = state.changes.notify
            self.leases[lease.id] = lease
            state.engine.adopt(state.job, lease)
        return lease

    # --- what workers tell us ---------------------------------------------------------------

    def activity_started(self, worker: WorkerRun) -> None:
        self.state.changes.notify()

    def worker_ending(self, worker: WorkerRun) -> None:
        """A worker stops: an agreement no other worker will get starts ending now."""
        if (
            worker.fault is Fault.PROVIDER
            or worker.tasks_closed
            or worker.retired
            or self.state.winding_down
        ):
            worker.lease.end_begins()

    async def worker_failed(self, worker: WorkerRun, error: BaseException | None) -> None:
        """The provider failed us: no more work for it in this job."""
        lease, state = worker.lease, self.state
        state.market.exclude(lease.provider_id)
        self.spare = [s for s in self.spare if s is not lease]
        message = f"the provider failed: {error}" if error else "the provider failed"
        await terminate_lease(state.job, lease, state.emitter, message, CODE_FAILURE)
        state.changes.notify()

    async def destroy_activity(self, lease: Lease, *, read: bool = False) -> None:
        """Destroy the lease's activity (best effort); its cost is final from then on.

        `read`: its usage was read just now, for the invoice check. If every activity
        of an agreement we are ending was read so, its debit notes need no answer: the
        payments are told before the destroy, which sends the final one.
        """
        activity = lease.activity
        if activity is None:
            return
        if not read:
            lease.unread = True
        elif not (lease.live or lease.unread):
            self.state.engine.agreement_done(lease.agreement.id)
        try:
            await activity.destroy(timeout=DESTROY_TIMEOUT_S)
        except GolemError as error:
            logger.info("destroying %s: %s", activity.id, error)
        lease.activity = None
        self.state.budget.activity_ended(activity.id)

    async def release(self, lease: Lease) -> None:
        """A worker is done with the agreement: keep it for the next worker, or end it."""
        state = self.state
        if lease.lost.is_set() or state.winding_down:
            await terminate_lease(state.job, lease, state.emitter, "Work finished", CODE_SUCCESS)
        else:
            self.spare.append(lease)
        state.changes.notify()

    async def retire(self, lease: Lease, *, let_go: bool = False) -> None:
        """The worker closed its tasks: its agreement ends, no other worker gets it.

        `let_go`: the pacing let it go (it added nothing); its provider's offers are
        not negotiated again in this job.
        """
        if let_go:
            self.state.market.exclude(lease.provider_id)
        await terminate_lease(
            self.state.job, lease, self.state.emitter, "Work finished", CODE_SUCCESS
        )
        self.state.changes.notify()

    # --- the end ----------------------------------------------------------------------------

    async def stop(self, message: str, code: str) -> None:
        """Stop every worker, then destroy every activity and end every agreement, in parallel."""
        for lease in self.leases.values():
            lease.end_begins()
        workers = list(self.workers)
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        await asyncio.gather(
            *(self._end(lease, message, code) for lease in self.leases.values()),
            return_exceptions=True,
        )

    async def _end(self, lease: Lease, message: str, code: str) -> None:
        lease.end_begins()
        await self.destroy_activity(lease)
        await terminate_lease(self.state.job, lease, self.state.emitter, message, code)
