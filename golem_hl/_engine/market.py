"""One job's market: the demand, and what becomes of each proposal under it.

For every proposal the daemon delivers (an offer straight from the market, or a
provider's answer to our counter-proposal) we emit `ProposalReceived` and ask
the strategy for a score. Below `SCORE_NEUTRAL` it is rejected
(`ProposalRejected`, with the strategy's reason when it gives one); an offer is
answered with the strategy's counter-proposal (`ProposalResponded`); a
provider's answer is confirmed (`ProposalConfirmed`) and kept in the offer
buffer until a worker needs a provider. Providers that failed earlier in the
job are turned down on sight. Every rejection, ours or the provider's, is
counted by reason, so that `NoProposalsConfirmed` can say why nothing came of
the market: it is emitted every `no_proposals_timeout` while no proposal is
confirmed.

The rules are golem_core's: each proposal goes through its `Negotiator`
(assess, decide, act), with the strategy as the `Assessor` (`StrategyAssessor`:
the failed-provider check, the score, the rejection reason, the counter-proposal);
this module adds only golem_hl's events and the offer buffer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Collection
from datetime import timedelta
from typing import Final

from golem_core.events import now
from golem_core.exceptions import GolemError, GoneError, NotFoundError
from golem_core.market import (
    Accept,
    Assessment,
    Counter,
    Demand,
    DemandEvent,
    NegotiationPolicy,
    Negotiator,
    ProposalArrived,
    ProposalData,
    ProposalRejectedByPeer,
    ProposalState,
    Reject,
)
from golem_core.market.proposal import Proposal
from golem_core.node import GolemNode
from golem_core.retry import Backoff, follow
from golem_hl import events
from golem_hl._engine.convert import market_properties, market_spec, proposal_info
from golem_hl._engine.emitter import EventEmitter, exc_info_of
from golem_hl._engine.in_turn import InTurn
from golem_hl._engine.job import Job
from golem_hl._engine.offers import OfferBuffer, RejectionTally
from golem_hl._engine.settings import EVENT_POLL_S
from golem_hl.payload import DemandBuilder
from golem_hl.records import SubscriptionInfo
from golem_hl.strategy import SCORE_NEUTRAL, BaseMarketStrategy

__all__ = ["COLLECT_RETRY_S", "Market", "StrategyAssessor"]

logger = logging.getLogger(__name__)

# after a failed collect (daemon briefly unreachable), before asking again (then backing off)
COLLECT_RETRY_S: Final = 1.0

FAILED_PROVIDER: Final = "the provider failed earlier in this job"

# the most the next poll of the market waits for a batch's proposals to be answered: answering
# them is a round trip to each provider, and offers that trickle in meanwhile then come back in
# one poll, not one poll each; a provider slow to take our answer holds up the others no longer
BATCH_SETTLE_S: Final = 0.5


class Market:
    def __init__(
        self,
        node: GolemNode,
        job: Job,
        demand: DemandBuilder,
        strategy: BaseMarketStrategy,
        emitter: EventEmitter,
        on_change: Callable[[], None],
    ) -> None:
        self._node = node
        self._job = job
        self._builder = demand
        self._strategy = strategy
        self._emitter = emitter
        self._on_change = on_change
        self.buffer: OfferBuffer[Proposal] = OfferBuffer()
        self.rejections = RejectionTally()
        self.failed_providers: set[str] = set()
        self._demand: Demand | None = None
        self._confirmed = asyncio.Event()
        # the strategy is asked first; the decision is golem_core's (no limits of its own)
        assessor = StrategyAssessor(strategy, demand, self.failed_providers)
        self._negotiator = Negotiator(NegotiationPolicy(properties={}), assessor)

    @property
    def subscription(self) -> SubscriptionInfo:
        assert self._demand is not None
        return SubscriptionInfo(self._demand.id)

    async def subscribe(self) -> None:
        """Publish the demand (`SubscriptionCreated`, or `SubscriptionFailed` and raise).

        The subscription is stamped when it was asked for: offers can match it, and
        carry the daemon's time, before the daemon's answer reaches us.
        """
        asked = now()
        try:
            self._demand = await Demand.subscribe(self._node, market_spec(self._builder))
        except GolemError as error:
            self._emitter.emit(
                events.SubscriptionFailed(
                    job=self._job, reason=str(error), exc_info=exc_info_of(error)
                )
            )
            raise
        self._emitter.emit(
            events.SubscriptionCreated(
                job=self._job, subscription=self.subscription, timestamp=asked
            )
        )

    async def close(self) -> None:
        if self._demand is not None:
            try:
                await self._demand.unsubscribe()
            except GolemError as error:
                logger.warning("could not withdraw demand %s: %s", self._demand.id, error)

    def exclude(self, provider_id: str) -> None:
        """No more work for this provider in this job."""
        self.failed_providers.add(provider_id)
        self.buffer.discard(provider_id)

    # --- the loops ----------------------------------------------------------------

    async def run(self) -> None:
        """Handle proposals until cancelled; a demand the daemon dropped is published again."""

        # each proposal in a task of its own, one provider's in turn (`in_turn.py`)
        proposals = InTurn()
        batch: set[asyncio.Task[None]] = set()

        async def settle() -> None:
            """Before the next poll: the last batch answered, or `BATCH_SETTLE_S` passed."""
            if batch:
                await asyncio.wait(batch, timeout=BATCH_SETTLE_S)
                batch.clear()

        def demand_events() -> AsyncIterator[DemandEvent]:
            assert self._demand is not None
            return self._demand.events(poll_timeout=EVENT_POLL_S, pace=settle)

        collected = follow(
            demand_events, backoff=Backoff(initial=COLLECT_RETRY_S), on_error=self._collect_failed
        )

        async def collect() -> None:
            async for event in collected:
                if isinstance(event, ProposalArrived):
                    batch.add(proposals.spawn(event.proposal.issuer_id, self._proposal(event)))
                elif isinstance(event, ProposalRejectedByPeer):
                    self._negotiator.peer_rejected(event)
                    why = event.reason.message if event.reason else "no reason given"
                    self.rejections.add(f"the provider refused our proposal: {why}")
            # the stream ended: unsubscribed

        collecting = asyncio.create_task(collect())
        try:
            await asyncio.wait({collecting, proposals.failed}, return_when=asyncio.FIRST_COMPLETED)
            if proposals.failed.done():
                proposals.failed.result()  # a proposal's handling failed: so does the market
            await collecting
        finally:
            collecting.cancel()
            await asyncio.gather(collecting, return_exceptions=True)
            await proposals.cancel_all()

    async def _collect_failed(self, error: BaseException) -> bool:
        """Publish a dropped demand again at once; report any other failure and back off."""
        assert self._demand is not None
        if isinstance(error, (NotFoundError, GoneError)):
            logger.info("demand %s is gone; publishing it again", self._demand.id)
            await self.subscribe()
            return False
        self._emitter.emit(
            events.CollectFailed(
                job=self._job,
                subscription=self.subscription,
                reason=str(error),
                exc_info=exc_info_of(error),
            )
        )
        return True

    async def watch_confirmations(self, window: timedelta) -> None:
        """`NoProposalsConfirmed` every `window` until a proposal is confirmed."""
        while not self._confirmed.is_set():
            waiter = asyncio.ensure_future(self._confirmed.wait())
            try:
                # not asyncio.wait_for: before 3.12 it may swallow our cancellation
                done, _ = await asyncio.wait({waiter}, timeout=window.total_seconds())
            finally:
                waiter.cancel()
            if not done:
                self.report_no_proposals(window)

    def report_no_proposals(self, window: timedelta) -> None:
        if self._confirmed.is_set():
            return
        self._emitter.emit(
            events.NoProposalsConfirmed(
                job=self._job,
                timeout=window,
                offers_collected=self._job.offers_collected,
                rejection_reasons=self.rejections.counts(),
            )
        )

    # --- one proposal ---------------------------------------------------------------

    async def _proposal(self, arrived: ProposalArrived) -> None:
        proposal = arrived.proposal
        info = proposal_info(proposal.data)
        job = self._job
        self._emitter.emit(
            events.ProposalReceived(job=job, proposal=info, timestamp=arrived.event_date)
        )
        if proposal.state is ProposalState.INITIAL:
            job.offers_collected += 1
        elif proposal.state is not ProposalState.DRAFT:
            return  # nothing to negotiate
        step = await self._negotiator.step(proposal)
        decision = step.decision
        if isinstance(decision, Reject):
            self.rejections.add(decision.reason)
            if step.error is not None:  # the provider learns nothing; we still will not use it
                logger.debug("rejecting %s failed: %s", proposal.id, step.error)
            self._emitter.emit(
                events.ProposalRejected(job=job, proposal=info, reason=decision.reason)
            )
        elif step.error is not None:
            self._emitter.emit(
                events.ProposalFailed(job=job, proposal=info, exc_info=exc_info_of(step.error))
            )
        elif isinstance(decision, Counter):
            self._emitter.emit(events.ProposalResponded(job=job, proposal=info))
        elif isinstance(decision, Accept):
            self._negotiator.handed_over(proposal.issuer_id)
            job.proposals_confirmed += 1
            self._emitter.emit(events.ProposalConfirmed(job=job, proposal=info))
            score = SCORE_NEUTRAL if decision.score is None else decision.score
            self.buffer.add(info.issuer, proposal, score)
            self._confirmed.set()
            self._on_change()


class StrategyAssessor:
    """yapapi's market strategy as golem_core's `Assessor`: score, reason, counter-proposal."""

    def __init__(
        self, strategy: BaseMarketStrategy, demand: DemandBuilder, failed: Collection[str]
    ) -> None:
        self._strategy = strategy
        self._demand = demand
        self._failed = failed

    async def assess(self, proposal: ProposalData) -> Assessment:
        if proposal.issuer_id in self._failed:
            return Assessment(None, FAILED_PROVIDER)
        info = proposal_info(proposal)
        score = await self._strategy.score_offer(info)
        if score < SCORE_NEUTRAL:
            reason = await self._strategy.rejection_reason(info)
            return Assessment(
                None, reason or f"the strategy scored it {score:g}, below {SCORE_NEUTRAL:g}"
            )
        if proposal.state is not ProposalState.INITIAL:
            return Assessment(score)
        answer = await self._strategy.respond_to_provider_offer(self._demand, info)
        return Assessment(score, counter=market_properties(answer.properties))
