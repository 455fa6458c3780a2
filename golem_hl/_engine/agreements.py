"""Agreements of a job: from a confirmed proposal to an approved agreement, and ending them.

A `Lease` is one approved agreement the job holds: its record for events, its
price list, the activity running on it (if any), and whether the provider
ended it under us (`lost`). We end an agreement with a reason the provider
sees; `golem.requestor.code` is `Success` when the work simply finished.

A provider invoices every agreement it approved once it ends, 0 if nothing ran
(yagna's provider agent does), so every approved agreement is paid for from its
approval on: those we go on to use, and those we give up on (a job stopped while
the provider decided, an approval wait cut short) alike.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

import attrs

from golem_core.activity import Activity
from golem_core.events import now
from golem_core.exceptions import GolemError
from golem_core.ids import AgreementId
from golem_core.market import Agreement, AgreementState, Reason
from golem_core.market.proposal import Proposal
from golem_core.payment import PaymentTerms, PricingError
from golem_hl import events
from golem_hl._engine.convert import agreement_info, proposed_agreement_info
from golem_hl._engine.emitter import EventEmitter, exc_info_of
from golem_hl._engine.job import Job
from golem_hl._engine.shield import run_to_end
from golem_hl.records import AgreementInfo

__all__ = [
    "APPROVAL_TIMEOUT_S",
    "CODE_FAILURE",
    "CODE_SUCCESS",
    "Lease",
    "PayFor",
    "negotiate_agreement",
    "terminate_lease",
]

logger = logging.getLogger(__name__)

# how long a provider has to approve our agreement
APPROVAL_TIMEOUT_S: Final = 30.0
# how long the agreement proposal stays valid for the provider (must exceed the approval wait)
AGREEMENT_VALIDITY: Final = timedelta(minutes=5)
# how long a provider we cannot reach is asked again to end an agreement (it bills until then)
TERMINATE_RETRY_S: Final = 30.0
TERMINATION_CODE: Final = "golem.requestor.code"
CODE_SUCCESS: Final = "Success"
CODE_FAILURE: Final = "Failure"
CODE_CANCELLED: Final = "Cancelled"

# told to pay an agreement's documents: its id, its terms, when it was approved
PayFor = Callable[[AgreementId, PaymentTerms, datetime], None]


@attrs.define(eq=False)
class Lease:
    """An approved agreement this job works under."""

    agreement: Agreement
    info: AgreementInfo
    terms: PaymentTerms
    # when the provider approved: its debit notes are due by intervals from then
    approved_at: datetime = attrs.field(factory=now)
    activity: Activity | None = None
    # set when the provider ends the agreement (or it otherwise stops being usable)
    lost: asyncio.Event = attrs.field(factory=asyncio.Event)
    lost_reason: str | None = None
    # we are ending it (its activity first, then the agreement): no loss is news any more
    ending: bool = False
    terminated: bool = False
    # an activity of it ended with no usage read at its end: its debit notes tell that usage
    unread: bool = False
    # told when the lease is lost, so whoever waits on the job looks again
    on_lost: Callable[[], None] | None = None
    # told when the lease is lost or we end it (the engine stops watching a lease then)
    on_end: Callable[[], None] | None = None
    # done once lost: what running scripts race (one future per lease, not a task per script)
    _lost_news: asyncio.Future[None] | None = attrs.field(default=None, init=False)

    @property
    def live(self) -> bool:
        """Neither being ended by us nor lost: only the provider could still end it."""
        return not (self.ending or self.terminated or self.lost.is_set())

    def end_begins(self) -> None:
        """We start ending it (destroying its activity comes before terminating)."""
        if not self.ending:
            self.ending = True
            self.ended()

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def provider_id(self) -> str:
        return self.info.provider_id

    def lost_news(self) -> asyncio.Future[None]:
        """A future done once the lease is lost; shared, so never cancel it."""
        if self._lost_news is None:
            self._lost_news = asyncio.get_running_loop().create_future()
            if self.lost.is_set():
                self._lost_news.set_result(None)
        return self._lost_news

    def mark_lost(self, reason: str) -> None:
        if not self.lost.is_set():
            self.lost_reason = reason
            self.lost.set()
            if self._lost_news is not None and not self._lost_news.done():
                self._lost_news.set_result(None)
            if self.on_lost is not None:
                self.on_lost()
            self.ended()

    def ended(self) -> None:
        if self.on_end is not None:
            self.on_end()


async def negotiate_agreement(
    job: Job, proposal: Proposal, emitter: EventEmitter, approval_timeout: float, pay_for: PayFor
) -> Lease | None:
    """Turn a confirmed proposal into an approved agreement; None when that fails.

    Whatever the provider approved is given to `pay_for`, the lease's agreement
    and one we withdraw alike. Cancelled while the provider decides, we withdraw
    the agreement before the cancellation goes on: left to the node's closer, it
    would end after the payments stopped, and its invoice would go unanswered.
    """
    valid_to = now() + AGREEMENT_VALIDITY
    try:
        agreement = await proposal.create_agreement(valid_to)
        # what the agreement holds is what we hold: asking the daemon is only for when we do not
        info = proposed_agreement_info(agreement.id, proposal)
        offer = proposal.properties
        if info is None:
            data = await agreement.get()
            info, offer = agreement_info(data), data.offer.properties
    except GolemError as error:
        logger.info("no agreement from proposal %s: %s", proposal.id, error)
        return None
    emitter.emit(events.AgreementCreated(job=job, agreement=info))
    terms: PaymentTerms | None = None
    try:
        terms = PaymentTerms.from_properties(offer)
        await agreement.confirm()
        state = await agreement.wait_for_approval(approval_timeout)
    except (GolemError, PricingError) as error:
        emitter.emit(events.AgreementRejected(job=job, agreement=info, exc_info=exc_info_of(error)))
        await _withdraw(agreement, terms, pay_for)
        return None
    except asyncio.CancelledError:
        await run_to_end(_withdraw(agreement, terms, pay_for))
        raise
    if state is not AgreementState.APPROVED:
        emitter.emit(events.AgreementRejected(job=job, agreement=info))
        if state is AgreementState.PENDING:
            await _withdraw(agreement, terms, pay_for)
        return None
    approved_at = now()
    pay_for(agreement.id, terms, approved_at)
    emitter.emit(events.AgreementConfirmed(job=job, agreement=info))
    return Lease(agreement, info, terms, approved_at=approved_at)


async def _withdraw(agreement: Agreement, terms: PaymentTerms | None, pay_for: PayFor) -> None:
    """Leave an agreement we will not use in a final state; pay for it if it was approved."""
    try:
        approved = await agreement.abandon(
            "the requestor gave up waiting for approval", retry_for=TERMINATE_RETRY_S
        )
    except GolemError as error:
        logger.warning("withdrawing agreement %s failed: %s", agreement.id, error)
        return
    if approved and terms is not None:
        pay_for(agreement.id, terms, now())


async def terminate_lease(
    job: Job, lease: Lease, emitter: EventEmitter, message: str, code: str = CODE_SUCCESS
) -> None:
    """End the agreement (once); `AgreementTerminated` carries the reason the provider gets.

    A termination cut short (the job cancelled while it asked an unreachable
    provider again) has ended nothing: the next caller asks again, so the
    agreement ends before the invoices are waited for, not after.
    """
    if lease.terminated:
        return
    lease.terminated = True
    lease.ended()
    reason = {"message": message, TERMINATION_CODE: code}
    try:
        await lease.agreement.terminate(
            Reason(message, {TERMINATION_CODE: code}), retry_for=TERMINATE_RETRY_S
        )
    except asyncio.CancelledError:
        lease.terminated = False
        raise
    except GolemError as error:
        logger.warning("terminating agreement %s failed: %s", lease.id, error)
        return
    emitter.emit(events.AgreementTerminated(job=job, agreement=lease.info, reason=reason))
