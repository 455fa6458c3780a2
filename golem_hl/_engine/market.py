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
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Final

from golem_core.events import now
from golem_core.exceptions import GolemError, GoneError, NotFoundError
from golem_core.market import (
    Demand,
    ProposalArrived,
    ProposalRejectedByPeer,
    ProposalState,
)
from golem_core.market.proposal import Proposal
from golem_core.node import GolemNode
from golem_hl import events
from golem_hl._engine.convert import market_properties, market_spec, proposal_info
from golem_hl._engine.emitter import EventEmitter, exc_info_of
from golem_hl._engine.job import Job
from golem_hl._engine.offers import OfferBuffer, RejectionTally
from golem_hl.payload import DemandBuilder
from golem_hl.records import SubscriptionInfo
from golem_hl.strategy import SCORE_NEUTRAL, SCORE_REJECTED, BaseMarketStrategy

__all__ = ["COLLECT_RETRY_S", "Market"]

logger = logging.getLogger(__name__)

# after a failed collect (daemon briefly unreachable), before asking again
COLLECT_RETRY_S: Final = 1.0

FAILED_PROVIDER: Final = "the provider failed earlier in this job"


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
        while True:
            assert self._demand is not None
            try:
                async for event in self._demand.events():
                    if isinstance(event, ProposalArrived):
                        await self._proposal(event)
                    elif isinstance(event, ProposalRejectedByPeer):
                        why = event.reason.message if event.reason else "no reason given"
                        self.rejections.add(f"the provider refused our proposal: {why}")
                return  # unsubscribed
            except (NotFoundError, GoneError):
                logger.info("demand %s is gone; publishing it again", self._demand.id)
                await self.subscribe()
            except GolemError as error:
                self._emitter.emit(
                    events.CollectFailed(
                        job=self._job,
                        subscription=self.subscription,
                        reason=str(error),
                        exc_info=exc_info_of(error),
                    )
                )
                await asyncio.sleep(COLLECT_RETRY_S)

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
        score, reason = await self._judge(proposal)
        if reason is not None:
            await self._reject(proposal, reason)
        elif proposal.state is ProposalState.INITIAL:
            await self._respond(proposal)
        elif proposal.state is ProposalState.DRAFT:
            job.proposals_confirmed += 1
            self._emitter.emit(events.ProposalConfirmed(job=job, proposal=info))
            self.buffer.add(info.issuer, proposal, score)
            self._confirmed.set()
            self._on_change()

    async def _judge(self, proposal: Proposal) -> tuple[float, str | None]:
        """The strategy's score, and why we turn the proposal down (None: go on with it)."""
        if proposal.issuer_id in self.failed_providers:
            return SCORE_REJECTED, FAILED_PROVIDER
        info = proposal_info(proposal.data)
        score = await self._strategy.score_offer(info)
        if score >= SCORE_NEUTRAL:
            return score, None
        reason = await self._strategy.rejection_reason(info)
        return score, reason or f"the strategy scored it {score:g}, below {SCORE_NEUTRAL:g}"

    async def _reject(self, proposal: Proposal, reason: str) -> None:
        self.rejections.add(reason)
        try:
            await proposal.reject(reason)
        except GolemError as error:  # the provider learns nothing; we still will not use it
            logger.debug("rejecting %s failed: %s", proposal.id, error)
        self._emitter.emit(
            events.ProposalRejected(
                job=self._job, proposal=proposal_info(proposal.data), reason=reason
            )
        )

    async def _respond(self, proposal: Proposal) -> None:
        info = proposal_info(proposal.data)
        try:
            answer = await self._strategy.respond_to_provider_offer(self._builder, info)
            await proposal.counter(market_properties(answer.properties))
        except GolemError as error:
            self._emitter.emit(
                events.ProposalFailed(job=self._job, proposal=info, exc_info=exc_info_of(error))
            )
            return
        self._emitter.emit(events.ProposalResponded(job=self._job, proposal=info))
