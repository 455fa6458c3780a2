"""The rules of one negotiation, from the requestor's side, with no I/O.

Theory of operation
-------------------
A negotiation follows one *chain* of proposals between us and one provider:
the provider's Initial offer reaches our demand; we counter it (our Draft);
the provider answers with its own Draft (or rejects ours); we may counter
again, reject, or turn the provider's Draft into an agreement. The agreement
is created, confirmed (sent to the provider), then approved or rejected by
the provider; we may cancel it while it is pending; an approved agreement
ends when either side terminates it. Proposals and agreements can expire.

    INITIAL            --we counter-->           COUNTERED
    COUNTERED          --their Draft arrives-->  DRAFT_RECEIVED
    DRAFT_RECEIVED     --we counter again-->     COUNTERED
    DRAFT_RECEIVED     --we create-->            AGREEMENT_CREATED
    AGREEMENT_CREATED  --we confirm-->           CONFIRMED
    CONFIRMED          --provider approves-->    APPROVED
    APPROVED           --either side ends it-->  TERMINATED
    INITIAL, DRAFT_RECEIVED --we reject-->       REJECTED
    COUNTERED          --provider rejects-->     REJECTED
    CONFIRMED          --provider rejects-->     REJECTED
    CONFIRMED          --we cancel-->            CANCELLED
    anything before APPROVED --time runs out-->  EXPIRED

`TRANSITIONS` is the whole truth: (state, event) -> next state. Anything not
in it is a protocol error, and *who* made the bad move decides its class: a
step we take (`LOCAL_EVENTS`) raises `LocalProtocolError`, one the provider
or the daemon reports raises `RemoteProtocolError`. `ProposalChain.process`
is the only way to move, so a driver cannot skip a step by accident.

`decide` says what to do with one proposal of the provider: counter it,
accept it (make an agreement) or reject it, from the proposal's snapshot, a
`NegotiationPolicy`, the current time and, when the caller computed one
beforehand (possibly awaiting it), an `Assessment` (score, reason, what to
counter with). It never raises for a bad offer: an offer we cannot read is a
`Reject` with the reason. `golem_core.market.negotiator` drives it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime, timezone
from decimal import Decimal
from typing import Protocol

import attrs

from golem_core.exceptions import LocalProtocolError, RemoteProtocolError
from golem_core.market.data import ProposalData, ProposalState
from golem_core.market.properties import (
    DEBIT_NOTE_INTERVAL,
    EXPIRATION,
    PAYMENT_TIMEOUT,
    PropertyValue,
)

__all__ = [
    "FINAL_STATES",
    "LOCAL_EVENTS",
    "TRANSITIONS",
    "Accept",
    "Assessment",
    "Counter",
    "Decision",
    "LeastExpensiveLinear",
    "NegotiationEvent",
    "NegotiationPolicy",
    "NegotiationState",
    "ProposalChain",
    "ProposalScorer",
    "Reject",
    "decide",
]


class NegotiationState(enum.Enum):
    INITIAL = "initial"  # the provider's offer arrived; nothing sent yet
    COUNTERED = "countered"  # our counter-proposal waits for the provider
    DRAFT_RECEIVED = "draft_received"  # the provider answered with a Draft
    AGREEMENT_CREATED = "agreement_created"  # an agreement exists, not sent yet
    CONFIRMED = "confirmed"  # the agreement waits for the provider's decision
    APPROVED = "approved"  # the agreement is in force
    REJECTED = "rejected"  # either side refused a proposal, or the provider the agreement
    CANCELLED = "cancelled"  # we withdrew the agreement before the provider decided
    TERMINATED = "terminated"  # the approved agreement ended
    EXPIRED = "expired"  # a proposal or the pending agreement ran out of time


class NegotiationEvent(enum.Enum):
    # our moves
    COUNTER_SENT = "counter_sent"
    REJECTION_SENT = "rejection_sent"
    AGREEMENT_CREATED = "agreement_created"
    AGREEMENT_CONFIRMED = "agreement_confirmed"
    AGREEMENT_CANCELLED = "agreement_cancelled"
    TERMINATION_SENT = "termination_sent"
    # what the provider or the daemon tells us
    DRAFT_RECEIVED = "draft_received"
    REJECTION_RECEIVED = "rejection_received"
    AGREEMENT_APPROVED = "agreement_approved"
    AGREEMENT_REJECTED = "agreement_rejected"
    TERMINATION_RECEIVED = "termination_received"
    EXPIRED = "expired"


S = NegotiationState
E = NegotiationEvent

LOCAL_EVENTS = frozenset(
    {
        E.COUNTER_SENT,
        E.REJECTION_SENT,
        E.AGREEMENT_CREATED,
        E.AGREEMENT_CONFIRMED,
        E.AGREEMENT_CANCELLED,
        E.TERMINATION_SENT,
    }
)

TRANSITIONS: dict[tuple[NegotiationState, NegotiationEvent], NegotiationState] = {
    (S.INITIAL, E.COUNTER_SENT): S.COUNTERED,
    (S.INITIAL, E.REJECTION_SENT): S.REJECTED,
    (S.INITIAL, E.EXPIRED): S.EXPIRED,
    (S.COUNTERED, E.DRAFT_RECEIVED): S.DRAFT_RECEIVED,
    (S.COUNTERED, E.REJECTION_RECEIVED): S.REJECTED,
    (S.COUNTERED, E.EXPIRED): S.EXPIRED,
    (S.DRAFT_RECEIVED, E.COUNTER_SENT): S.COUNTERED,
    (S.DRAFT_RECEIVED, E.REJECTION_SENT): S.REJECTED,
    (S.DRAFT_RECEIVED, E.AGREEMENT_CREATED): S.AGREEMENT_CREATED,
    (S.DRAFT_RECEIVED, E.EXPIRED): S.EXPIRED,
    (S.AGREEMENT_CREATED, E.AGREEMENT_CONFIRMED): S.CONFIRMED,
    (S.AGREEMENT_CREATED, E.EXPIRED): S.EXPIRED,
    (S.CONFIRMED, E.AGREEMENT_APPROVED): S.APPROVED,
    (S.CONFIRMED, E.AGREEMENT_REJECTED): S.REJECTED,
    (S.CONFIRMED, E.AGREEMENT_CANCELLED): S.CANCELLED,
    (S.CONFIRMED, E.EXPIRED): S.EXPIRED,
    (S.APPROVED, E.TERMINATION_SENT): S.TERMINATED,
    (S.APPROVED, E.TERMINATION_RECEIVED): S.TERMINATED,
}

FINAL_STATES = frozenset({S.REJECTED, S.CANCELLED, S.TERMINATED, S.EXPIRED})


@attrs.define
class ProposalChain:
    """The state of one negotiation; `process` applies one event through `TRANSITIONS`."""

    state: NegotiationState = NegotiationState.INITIAL
    history: list[NegotiationEvent] = attrs.field(factory=list)

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    def allowed(self) -> frozenset[NegotiationEvent]:
        """The events legal from here (what a driver may do or expect next)."""
        return frozenset(event for state, event in TRANSITIONS if state is self.state)

    def process(self, event: NegotiationEvent) -> NegotiationState:
        following = TRANSITIONS.get((self.state, event))
        if following is None:
            message = f"{event.value} is not allowed in state {self.state.value}"
            if event in LOCAL_EVENTS:
                raise LocalProtocolError(message)
            raise RemoteProtocolError(message)
        self.state = following
        self.history.append(event)
        return following


# --- deciding what to do with a proposal -------------------------------------------------


@attrs.frozen
class Accept:
    """Make an agreement from this (Draft) proposal."""

    score: float | None = None


@attrs.frozen
class Counter:
    """Answer the proposal with these properties (and the demand's constraints)."""

    properties: Mapping[str, PropertyValue]


@attrs.frozen
class Reject:
    reason: str


Decision = Accept | Counter | Reject


@attrs.frozen
class Assessment:
    """A caller's view of a proposal, computed before `decide` (which stays pure).

    `score` None refuses the proposal (`reason` says why); `counter` is what
    to counter an Initial offer with (default: the policy's properties).
    """

    score: float | None
    reason: str | None = None
    counter: Mapping[str, PropertyValue] | None = None


class ProposalScorer(Protocol):
    """Ranks proposals for a strategy: higher is better, None means "do not take it"."""

    def score(self, proposal: ProposalData) -> float | None: ...


@attrs.frozen
class LeastExpensiveLinear:
    """Scores by the (negated) cost of an expected usage under the offer's linear pricing."""

    expected_usage: Mapping[str, Decimal]

    def score(self, proposal: ProposalData) -> float | None:
        try:
            return -float(proposal.pricing.cost(self.expected_usage))
        except RemoteProtocolError:
            return None


@attrs.frozen(kw_only=True)
class NegotiationPolicy:
    """What we will agree to; every limit is optional.

    `properties` are what we counter with (normally our demand's own). With
    `max_prices` set, an offer must price only the listed usage counters, each
    at most at its limit. `max_cost` bounds the cost of `expected_usage`. When
    `properties` ask for mid-agreement payments, a provider Draft that wants a
    shorter debit-note interval or payment timeout than ours is rejected.
    """

    properties: Mapping[str, PropertyValue]
    payment_platform: str | None = None
    max_prices: Mapping[str, Decimal] = attrs.field(factory=dict)
    max_fixed_price: Decimal | None = None
    max_cost: Decimal | None = None
    expected_usage: Mapping[str, Decimal] = attrs.field(factory=dict)
    scorer: ProposalScorer | None = None
    min_score: float | None = None


def _price_problem(proposal: ProposalData, policy: NegotiationPolicy) -> str | None:
    if not (policy.max_prices or policy.max_fixed_price is not None or policy.max_cost is not None):
        return None
    try:
        pricing = proposal.pricing
    except RemoteProtocolError as error:
        return f"unreadable pricing: {error}"
    for counter, coeff in zip(pricing.usage_vector, pricing.coeffs[:-1], strict=True):
        if not policy.max_prices or coeff == 0:
            continue
        limit = policy.max_prices.get(counter)
        if limit is None:
            return f"charges for {counter}, which we do not pay for"
        if coeff > limit:
            return f"{counter} costs {coeff}, more than {limit}"
    if policy.max_fixed_price is not None and pricing.fixed_price > policy.max_fixed_price:
        return f"fixed price {pricing.fixed_price} is more than {policy.max_fixed_price}"
    if policy.max_cost is not None:
        cost = pricing.cost(policy.expected_usage)
        if cost > policy.max_cost:
            return f"expected cost {cost} is more than {policy.max_cost}"
    return None


def _terms_problem(proposal: ProposalData, policy: NegotiationPolicy) -> str | None:
    """A provider Draft may not shorten the payment terms we asked for."""
    for name in (DEBIT_NOTE_INTERVAL, PAYMENT_TIMEOUT):
        ours, theirs = policy.properties.get(name), proposal.properties.get(name)
        if not isinstance(ours, (int, float)) or theirs is None:
            continue
        if isinstance(theirs, bool) or not isinstance(theirs, (int, float)):
            return f"{name} is not a number: {theirs!r}"
        if theirs < ours:
            return f"{name} of {theirs} s is shorter than our {ours} s"
    return None


def decide(
    proposal: ProposalData,
    policy: NegotiationPolicy,
    now: datetime,
    assessment: Assessment | None = None,
) -> Decision:
    """Counter an Initial proposal, accept a Draft, or reject either, by `policy` at `now`.

    An `assessment` given takes the place of `policy.scorer` (its score is
    still held to `policy.min_score`). Only the provider's Initial and Draft
    proposals can be decided on; any other state is our mistake (`LocalProtocolError`).
    """
    if proposal.state not in (ProposalState.INITIAL, ProposalState.DRAFT):
        raise LocalProtocolError(f"cannot decide on a {proposal.state.value} proposal")
    expiration = policy.properties.get(EXPIRATION)
    if isinstance(expiration, int) and now >= datetime.fromtimestamp(
        expiration / 1000, timezone.utc
    ):
        return Reject("our demand has expired")
    platform = policy.payment_platform
    if platform is not None and proposal.payment_address(platform) is None:
        return Reject(f"no payment address for platform {platform}")
    problem = _price_problem(proposal, policy)
    if problem is None and proposal.state is ProposalState.DRAFT:
        problem = _terms_problem(proposal, policy)
    if problem is not None:
        return Reject(problem)
    score = None
    counter = policy.properties
    if assessment is not None:
        score = assessment.score
        if score is None:
            return Reject(assessment.reason or "not acceptable to the assessment")
        if assessment.counter is not None:
            counter = assessment.counter
    elif policy.scorer is not None:
        score = policy.scorer.score(proposal)
        if score is None:
            return Reject("not acceptable to the scorer")
    if score is not None and policy.min_score is not None and score < policy.min_score:
        return Reject(f"score {score} is below {policy.min_score}")
    if proposal.state is ProposalState.INITIAL:
        return Counter(dict(counter))
    return Accept(score)
