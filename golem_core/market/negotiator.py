"""The negotiation driver: runs `decide` and the `ProposalChain` table against the daemon.

For each provider proposal it does three things in order, and only these:

1. *assess* (await): an optional `Assessor` scores the proposal and says what
   to counter it with; it may be slow or async (yapapi's strategies are);
2. *decide* (pure): `decide(proposal, policy, now, assessment)`;
3. *act* (I/O): counter or reject through the proposal's demand, moving the
   provider's `ProposalChain` by what was done.

An `Accept` is not acted on here: making the agreement is the caller's (who
may want to keep the best proposals first), so `step` returns it with the
chain, in state DRAFT_RECEIVED, for the caller to carry on. The provider's
answers move the chain too: a Draft (DRAFT_RECEIVED), a rejection of our
counter (`peer_rejected`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

import attrs

from golem_core.events import now
from golem_core.exceptions import GolemError
from golem_core.ids import NodeId
from golem_core.market.data import ProposalData, ProposalRejectedByPeer, ProposalState
from golem_core.market.negotiation import (
    Assessment,
    Counter,
    Decision,
    NegotiationEvent,
    NegotiationPolicy,
    NegotiationState,
    ProposalChain,
    Reject,
    decide,
)
from golem_core.market.proposal import Proposal

__all__ = ["Assessor", "NegotiationStep", "Negotiator"]


class Assessor(Protocol):
    """What the upper layer thinks of a proposal, asked before the (pure) decision."""

    async def assess(self, proposal: ProposalData) -> Assessment: ...


@attrs.frozen
class NegotiationStep:
    """What became of one proposal: the decision (None if assessing it failed), the
    provider's chain after it, and the error of the action (or assessment) that failed."""

    proposal: Proposal
    decision: Decision | None
    chain: ProposalChain
    error: GolemError | None = None


def _suffix(proposal_id: str) -> str:
    """The two nodes name one proposal with different prefixes (`R-…` / `P-…`)."""
    return proposal_id.split("-", 1)[-1]


class Negotiator:
    """Our side of the talks with every provider under one demand (one chain each)."""

    def __init__(
        self,
        policy: NegotiationPolicy,
        assessor: Assessor | None = None,
        *,
        clock: Callable[[], datetime] = now,
    ) -> None:
        self.policy = policy
        self.assessor = assessor
        self._clock = clock
        self._chains: dict[NodeId, ProposalChain] = {}
        # our last counter-proposal (by suffix) to each provider, both ways
        self._counters: dict[str, NodeId] = {}
        self._last_counter: dict[NodeId, str] = {}

    def chain(self, provider_id: NodeId) -> ProposalChain | None:
        return self._chains.get(provider_id)

    def _chain_for(self, proposal: ProposalData) -> ProposalChain:
        if proposal.state is ProposalState.INITIAL:
            # a new offer starts the talks afresh (the old ones, if any, are moot)
            chain = ProposalChain()
        else:
            chain = self._chains.get(proposal.issuer_id) or ProposalChain()
            if chain.state is not NegotiationState.COUNTERED:
                # a Draft answering a counter not sent through us (e.g. before a restart)
                chain = ProposalChain(NegotiationState.COUNTERED)
            chain.process(NegotiationEvent.DRAFT_RECEIVED)
            self._remember_counter(proposal.issuer_id, None)
        self._chains[proposal.issuer_id] = chain
        return chain

    async def step(self, proposal: Proposal) -> NegotiationStep:
        """Assess, decide on and answer one Initial or Draft proposal of a provider."""
        chain = self._chain_for(proposal.data)
        assessment: Assessment | None = None
        if self.assessor is not None:
            try:
                assessment = await self.assessor.assess(proposal.data)
            except GolemError as error:
                return NegotiationStep(proposal, None, chain, error)
        decision = decide(proposal.data, self.policy, self._clock(), assessment)
        try:
            if isinstance(decision, Counter):
                counter_id = await proposal.counter(decision.properties)
                chain.process(NegotiationEvent.COUNTER_SENT)
                self._remember_counter(proposal.issuer_id, _suffix(counter_id))
            elif isinstance(decision, Reject):
                try:
                    await proposal.reject(decision.reason)
                finally:  # told or not, we are done with it
                    chain.process(NegotiationEvent.REJECTION_SENT)
                    self._chains.pop(proposal.issuer_id, None)
        except GolemError as error:
            return NegotiationStep(proposal, decision, chain, error)
        return NegotiationStep(proposal, decision, chain)

    def _remember_counter(self, provider_id: NodeId, counter: str | None) -> None:
        previous = self._last_counter.pop(provider_id, None)
        if previous is not None:
            self._counters.pop(previous, None)
        if counter is not None:
            self._counters[counter] = provider_id
            self._last_counter[provider_id] = counter

    def peer_rejected(self, event: ProposalRejectedByPeer) -> ProposalChain | None:
        """The provider refused our counter-proposal: its chain ends (None if not ours)."""
        provider_id = self._counters.get(_suffix(event.proposal_id))
        if provider_id is None:
            return None
        self._remember_counter(provider_id, None)
        chain = self._chains.get(provider_id)
        if chain is None or chain.state is not NegotiationState.COUNTERED:
            return None
        chain.process(NegotiationEvent.REJECTION_RECEIVED)
        del self._chains[provider_id]
        return chain

    def handed_over(self, provider_id: NodeId) -> ProposalChain | None:
        """The caller took an accepted chain over (to make the agreement): forget it here."""
        return self._chains.pop(provider_id, None)
