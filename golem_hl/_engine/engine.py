"""The running engine of one `Golem`: its node, allocation, payments and agreement watch.

Started once per `Golem.start()`. It owns what outlives a single job: the
connection to the daemon, the allocation that pays for everything, the payment
manager, and one long poll of agreement events, which tells the job holding an
agreement when its provider ends it. That poll runs only while some agreement is
live (approved, neither ended by us nor lost) and starts from the newest
approval, so that neither our own approvals nor our own endings keep waking it.
It begins only once an agreement has been live for `watch_delay`: a short job
makes no such request, and a provider's earlier termination is still read then
(the daemon keeps the events; the poll reads from its cursor), if the failing
calls on its activity did not tell it first.
`stop()` ends what is still open, waits for the invoices of every agreement (up
to `invoice_timeout`), releases the allocation and closes the node.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Final

from golem_core.events import now
from golem_core.exceptions import GolemError
from golem_core.ids import AgreementId
from golem_core.market import AgreementEventKind, agreement_events
from golem_core.node import GolemNode
from golem_core.payment import Allocation, PaymentManager, PaymentTerms
from golem_core.retry import Backoff, follow
from golem_core.until import until_set, wait_event
from golem_hl import events
from golem_hl._engine.agreements import Lease
from golem_hl._engine.emitter import EventEmitter
from golem_hl._engine.job import Job
from golem_hl._engine.payments import PAYMENT_EVENTS, PaymentEvents, StrategyApprover
from golem_hl._engine.settings import EVENT_POLL_S, Settings, allocation_failure
from golem_hl.strategy import BaseMarketStrategy

__all__ = ["DEFAULT_INVOICE_TIMEOUT_S", "Engine"]

logger = logging.getLogger(__name__)

# how long stop() waits for the invoices of agreements that ran an activity
DEFAULT_INVOICE_TIMEOUT_S: Final = 15.0
# after a failed agreement-events poll, before the next (the first of a backoff)
WATCH_RETRY_S: Final = 1.0
# how long an agreement is live before its provider's terminations are polled for
WATCH_DELAY_S: Final = 10.0


def watch_delay_left(
    live_since: Iterable[datetime], moment: datetime, delay: timedelta
) -> float | None:
    """Seconds until the agreement watch should poll (0: now); None when nothing is live.

    The oldest live agreement counts: once it has been live for `delay`, the poll runs.
    """
    oldest = min(live_since, default=None)
    if oldest is None:
        return None
    return max((oldest + delay - moment).total_seconds(), 0.0)


class Engine:
    def __init__(
        self,
        settings: Settings,
        strategy: BaseMarketStrategy,
        emitter: EventEmitter,
        *,
        invoice_timeout: float = DEFAULT_INVOICE_TIMEOUT_S,
        watch_delay: float = WATCH_DELAY_S,
        clock: Callable[[], datetime] = now,
    ) -> None:
        self.settings = settings
        self.strategy = strategy
        self.emitter = emitter
        self.invoice_timeout = invoice_timeout
        self.watch_delay = timedelta(seconds=watch_delay)
        self._clock = clock
        self._node: GolemNode | None = None
        self._allocation: Allocation | None = None
        self._payments: PaymentManager | None = None
        self._payment_events = PaymentEvents(emitter)
        self._leases: dict[str, tuple[Job, Lease]] = {}
        self._watcher: asyncio.Task[None] | None = None
        # set while some adopted lease is live (the agreement watch runs), and its opposite
        self._watching = asyncio.Event()
        self._quiet = asyncio.Event()
        self._quiet.set()
        # agreement events before this are not news (see _watch_agreements)
        self._cursor = now()

    @property
    def node(self) -> GolemNode:
        if self._node is None:
            raise GolemError("the engine is not started")
        return self._node

    @property
    def payments(self) -> PaymentManager:
        if self._payments is None:
            raise GolemError("the engine is not started")
        return self._payments

    @property
    def allocation(self) -> Allocation:
        if self._allocation is None:
            raise GolemError("the engine is not started")
        return self._allocation

    async def start(self) -> None:
        settings = self.settings
        # a session of our own: the feeds then see only our agreements' events
        session = f"golem_hl-{uuid.uuid4().hex}"
        node = GolemNode(app_key=settings.app_key, api_url=settings.api_url, app_session_id=session)
        await node.start()
        try:
            try:
                allocation = await Allocation.create(
                    node, settings.budget, platform=settings.platform
                )
            except GolemError as error:
                failure = allocation_failure(
                    error, settings.payment_driver, settings.payment_network
                )
                if failure is error:
                    raise
                raise failure from error
            payments = PaymentManager(
                node,
                allocation,
                settings.budget,
                approver=StrategyApprover(self.strategy),
                poll_timeout=EVENT_POLL_S,
                close_timeout=self.invoice_timeout,
            )
            await payments.start()
        except BaseException:
            await node.close()
            raise
        node.events.subscribe(self._payment_events.consume, PAYMENT_EVENTS)
        self._node, self._allocation, self._payments = node, allocation, payments
        self._watcher = asyncio.create_task(self._watch_agreements(), name="agreement watch")

    async def stop(self) -> None:
        """Close the node: what is still open ends, then invoices, allocation (best effort).

        The node runs its closers last made first, so activities and agreements a
        job could not end (a provider away for longer than we asked) end before the
        payment manager, made before any of them, waits for their invoices: an
        agreement ended after that wait is billed to nobody.
        """
        if self._watcher is not None:
            self._watcher.cancel()
            await asyncio.gather(self._watcher, return_exceptions=True)
            self._watcher = None
        try:
            if self._node is not None:
                await self._node.close()
        except GolemError as error:
            # the work is done and paid for; a provider that does not answer a destroy
            # in time ends the activity with the agreement anyway
            logger.warning("cleaning up after the jobs: %s", error)
        finally:
            self._node = self._allocation = self._payments = None

    # --- agreements of jobs -----------------------------------------------------------

    def adopt(self, job: Job, lease: Lease) -> None:
        """Tell `job` when the provider ends this agreement; name it in payment events."""
        self._leases[lease.id] = (job, lease)
        self._payment_events.register(job, lease.info)
        lease.on_end = self._leases_changed
        if not self._watching.is_set():
            # events of this lease from before its approval are not news (its approval is one)
            self._cursor = max(self._cursor, lease.approved_at)
        self._leases_changed()

    def _leases_changed(self) -> None:
        if any(lease.live for _, lease in self._leases.values()):
            self._quiet.clear()
            self._watching.set()
        else:
            self._watching.clear()
            self._quiet.set()

    def pay_for(
        self, agreement_id: AgreementId, terms: PaymentTerms, approved_at: datetime
    ) -> None:
        """Pay this agreement's bills: a provider invoices whatever it approved, 0 if unused."""
        self.payments.register_agreement(agreement_id, terms, started_at=approved_at)

    def agreement_done(self, agreement_id: AgreementId) -> None:
        """We are done with it and read the usage of all it ran: its invoice is checked
        against that, so its debit notes (the final one, sent as its activity ends) go
        unanswered."""
        if self._payments is not None:
            self._payments.agreement_ended(agreement_id)

    def committed(self) -> Decimal:
        """What the payment manager has agreed to pay so far."""
        return self._payments.ledger.committed() if self._payments else Decimal(0)

    async def _watch_agreements(self) -> None:
        """Follow agreement events while a lease is live (and was for a while); else rest."""
        while True:
            await self._watching.wait()
            left = watch_delay_left(
                (lease.approved_at for _, lease in self._leases.values() if lease.live),
                self._clock(),
                self.watch_delay,
            )
            if left is None:  # (the leases changed under us: _watching is clear again)
                await self._quiet.wait()
                continue
            if left > 0:
                # then look again: the lease may have ended, another may be the oldest
                await self._quiet_within(left)
                continue
            await until_set(self._follow_agreements(), self._quiet)

    async def _quiet_within(self, timeout: float) -> bool:
        """Wait until no lease is live, for at most `timeout` s; whether none is."""
        return await wait_event(self._quiet, timeout)

    async def _follow_agreements(self) -> None:
        changes = follow(
            lambda: agreement_events(self.node, after=self._cursor, poll_timeout=EVENT_POLL_S),
            backoff=Backoff(initial=WATCH_RETRY_S),
            what="agreement events",
        )
        async for change in changes:
            self._cursor = max(self._cursor, change.event_date)
            if change.kind is AgreementEventKind.TERMINATED:
                self._terminated(change.agreement_id, change.terminator, change.reason)

    def _terminated(self, agreement_id: str, terminator: str | None, reason: object) -> None:
        known = self._leases.get(agreement_id)
        if known is None or terminator != "Provider":
            return
        job, lease = known
        message = getattr(reason, "message", None) or "no reason given"
        lease.mark_lost(f"the provider terminated the agreement: {message}")
        if not lease.terminated:
            lease.terminated = True
            details = {"message": message, "terminator": "Provider"}
            with contextlib.suppress(Exception):
                details.update(getattr(reason, "details", {}) or {})
            self.emitter.emit(
                events.AgreementTerminated(job=job, agreement=lease.info, reason=details)
            )
