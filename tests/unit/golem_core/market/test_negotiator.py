"""The negotiation driver: assess (awaited), decide (pure), act, with a demand that records."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, cast

import attrs

from golem_core.exceptions import GolemError
from golem_core.ids import NodeId, ProposalId
from golem_core.market.data import ProposalData, ProposalRejectedByPeer, ProposalState, Reason
from golem_core.market.demand import Demand
from golem_core.market.negotiation import (
    Accept,
    Assessment,
    Counter,
    NegotiationPolicy,
    NegotiationState,
    Reject,
)
from golem_core.market.negotiator import Negotiator
from golem_core.market.properties import MarketSpec, PropertyValue
from golem_core.market.proposal import Proposal

NOW = datetime(2030, 1, 1, tzinfo=timezone.utc)
PROVIDER = NodeId("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")
OURS: dict[str, PropertyValue] = {"golem.srv.caps.multi-activity": True}


@attrs.define
class RecordingDemand:
    """Stands in for the daemon's side of a demand: counters get ids, calls are kept."""

    spec: MarketSpec = attrs.field(factory=lambda: MarketSpec(properties=OURS, constraints="()"))
    calls: list[tuple[str, Any]] = attrs.field(factory=list)
    fail: bool = False

    async def counter(self, proposal: ProposalData, spec: MarketSpec | None = None) -> ProposalId:
        if self.fail:
            raise GolemError("daemon down")
        self.calls.append(("counter", dict(spec.properties) if spec else None))
        return ProposalId(f"R-counter-{len(self.calls)}")

    async def reject(self, proposal: ProposalData, reason: str | Reason) -> None:
        self.calls.append(("reject", reason))
        if self.fail:
            raise GolemError("daemon down")


def proposal(
    demand: RecordingDemand, state: ProposalState = ProposalState.INITIAL, pid: str = "P-1"
) -> Proposal:
    data = ProposalData(
        proposal_id=ProposalId(pid),
        issuer_id=PROVIDER,
        state=state,
        properties={},
        constraints="()",
        timestamp=NOW,
    )
    return Proposal(cast(Demand, demand), data)


@attrs.define
class Scores:
    """An async assessor, as yapapi's strategies are: scores in turn, counters with `counter`."""

    scores: list[float | None]
    counter: Mapping[str, PropertyValue] | None = None
    seen: list[ProposalState] = attrs.field(factory=list)

    async def assess(self, proposal: ProposalData) -> Assessment:
        self.seen.append(proposal.state)
        score = self.scores.pop(0)
        return Assessment(score, None if score is not None else "too dear", self.counter)


def negotiator(assessor: Scores | None = None) -> Negotiator:
    return Negotiator(NegotiationPolicy(properties=OURS), assessor, clock=lambda: NOW)


async def test_offer_countered_then_its_draft_accepted_with_the_assessed_score() -> None:
    demand, scores = RecordingDemand(), Scores([1.5, 2.5], counter={"x": 1})
    talks = negotiator(scores)
    first = await talks.step(proposal(demand))
    assert first.decision == Counter({"x": 1}) and first.error is None
    assert first.chain.state is NegotiationState.COUNTERED
    second = await talks.step(proposal(demand, ProposalState.DRAFT, "P-2"))
    assert second.decision == Accept(2.5)
    assert second.chain.state is NegotiationState.DRAFT_RECEIVED
    assert demand.calls == [("counter", {"x": 1})]
    assert scores.seen == [ProposalState.INITIAL, ProposalState.DRAFT]
    assert talks.handed_over(PROVIDER) is second.chain and talks.chain(PROVIDER) is None


async def test_a_refused_offer_is_rejected_with_the_assessors_reason() -> None:
    demand = RecordingDemand()
    step = await negotiator(Scores([None])).step(proposal(demand))
    assert step.decision == Reject("too dear")
    assert step.chain.state is NegotiationState.REJECTED
    assert demand.calls == [("reject", "too dear")]


async def test_without_an_assessor_the_policy_decides_alone() -> None:
    demand = RecordingDemand()
    step = await negotiator().step(proposal(demand))
    assert step.decision == Counter(OURS) and demand.calls == [("counter", OURS)]


async def test_a_failed_action_is_reported_with_the_decision() -> None:
    demand = RecordingDemand(fail=True)
    countered = await negotiator(Scores([1.0])).step(proposal(demand))
    assert isinstance(countered.decision, Counter) and isinstance(countered.error, GolemError)
    assert countered.chain.state is NegotiationState.INITIAL  # nothing was sent
    rejected = await negotiator(Scores([None])).step(proposal(demand))
    assert isinstance(rejected.decision, Reject) and isinstance(rejected.error, GolemError)
    assert rejected.chain.state is NegotiationState.REJECTED  # we will not use it either way


async def test_the_provider_rejecting_our_counter_ends_its_chain() -> None:
    demand = RecordingDemand()
    talks = negotiator(Scores([1.0]))
    step = await talks.step(proposal(demand))
    # the provider's node names our counter-proposal with its own prefix
    refused = ProposalRejectedByPeer(
        proposal_id=ProposalId("P-counter-1"), reason=Reason("busy"), event_date=NOW
    )
    assert talks.peer_rejected(refused) is step.chain
    assert step.chain.state is NegotiationState.REJECTED and talks.chain(PROVIDER) is None
    assert talks.peer_rejected(refused) is None  # said twice, or not ours


async def test_a_draft_without_our_counter_is_taken_as_an_answer() -> None:
    step = await negotiator(Scores([1.0])).step(proposal(RecordingDemand(), ProposalState.DRAFT))
    assert step.decision == Accept(1.0)
    assert step.chain.state is NegotiationState.DRAFT_RECEIVED
