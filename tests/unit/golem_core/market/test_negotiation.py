"""The negotiation table and `decide`, driven with plain values (no daemon, no loop)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest

from golem_core.exceptions import LocalProtocolError, RemoteProtocolError
from golem_core.ids import NodeId, ProposalId
from golem_core.market.data import ProposalData, ProposalState
from golem_core.market.negotiation import (
    FINAL_STATES,
    LOCAL_EVENTS,
    TRANSITIONS,
    Accept,
    Counter,
    LeastExpensiveLinear,
    NegotiationEvent,
    NegotiationPolicy,
    NegotiationState,
    ProposalChain,
    Reject,
    decide,
)
from golem_core.market.properties import PropertyValue

E = NegotiationEvent
S = NegotiationState


def walk(*events: NegotiationEvent) -> ProposalChain:
    chain = ProposalChain()
    for event in events:
        chain.process(event)
    return chain


# --- the table -----------------------------------------------------------------------------


def test_the_happy_path_with_two_rounds() -> None:
    chain = walk(
        E.COUNTER_SENT,
        E.DRAFT_RECEIVED,
        E.COUNTER_SENT,
        E.DRAFT_RECEIVED,
        E.AGREEMENT_CREATED,
        E.AGREEMENT_CONFIRMED,
        E.AGREEMENT_APPROVED,
    )
    assert chain.state is S.APPROVED and not chain.is_final
    assert chain.history[-1] is E.AGREEMENT_APPROVED
    assert chain.process(E.TERMINATION_RECEIVED) is S.TERMINATED
    assert chain.is_final


@pytest.mark.parametrize(
    ("events", "final"),
    [
        ((E.REJECTION_SENT,), S.REJECTED),
        ((E.COUNTER_SENT, E.REJECTION_RECEIVED), S.REJECTED),
        ((E.COUNTER_SENT, E.DRAFT_RECEIVED, E.REJECTION_SENT), S.REJECTED),
        ((E.COUNTER_SENT, E.EXPIRED), S.EXPIRED),
        (
            (
                E.COUNTER_SENT,
                E.DRAFT_RECEIVED,
                E.AGREEMENT_CREATED,
                E.AGREEMENT_CONFIRMED,
                E.AGREEMENT_REJECTED,
            ),
            S.REJECTED,
        ),
        (
            (
                E.COUNTER_SENT,
                E.DRAFT_RECEIVED,
                E.AGREEMENT_CREATED,
                E.AGREEMENT_CONFIRMED,
                E.AGREEMENT_CANCELLED,
            ),
            S.CANCELLED,
        ),
        (
            (
                E.COUNTER_SENT,
                E.DRAFT_RECEIVED,
                E.AGREEMENT_CREATED,
                E.AGREEMENT_CONFIRMED,
                E.AGREEMENT_APPROVED,
                E.TERMINATION_SENT,
            ),
            S.TERMINATED,
        ),
    ],
)
def test_every_way_a_negotiation_ends(events: tuple[NegotiationEvent, ...], final: S) -> None:
    chain = walk(*events)
    assert chain.state is final and chain.is_final
    assert chain.allowed() == frozenset()


@pytest.mark.parametrize(
    ("events", "bad"),
    [
        ((), E.AGREEMENT_CREATED),  # the daemon refuses an agreement from an Initial proposal
        ((), E.AGREEMENT_CONFIRMED),
        ((E.COUNTER_SENT,), E.COUNTER_SENT),  # a proposal is countered once
        ((E.COUNTER_SENT,), E.AGREEMENT_CREATED),  # our own Draft cannot become an agreement
        ((E.REJECTION_SENT,), E.COUNTER_SENT),
        ((E.COUNTER_SENT, E.DRAFT_RECEIVED, E.AGREEMENT_CREATED), E.AGREEMENT_CANCELLED),
        ((E.COUNTER_SENT, E.DRAFT_RECEIVED), E.TERMINATION_SENT),
    ],
)
def test_our_invalid_moves_are_local_errors(
    events: tuple[NegotiationEvent, ...], bad: NegotiationEvent
) -> None:
    chain = walk(*events)
    before = chain.state
    with pytest.raises(LocalProtocolError, match=f"{bad.value} is not allowed in state"):
        chain.process(bad)
    assert chain.state is before  # a refused move changes nothing


@pytest.mark.parametrize(
    ("events", "bad"),
    [
        ((), E.DRAFT_RECEIVED),  # a Draft answering nothing we sent
        ((), E.REJECTION_RECEIVED),
        ((E.COUNTER_SENT,), E.AGREEMENT_APPROVED),
        ((E.COUNTER_SENT, E.DRAFT_RECEIVED), E.DRAFT_RECEIVED),
        ((E.COUNTER_SENT, E.DRAFT_RECEIVED, E.AGREEMENT_CREATED), E.AGREEMENT_APPROVED),
        ((E.REJECTION_SENT,), E.EXPIRED),
    ],
)
def test_the_peers_invalid_moves_are_remote_errors(
    events: tuple[NegotiationEvent, ...], bad: NegotiationEvent
) -> None:
    chain = walk(*events)
    with pytest.raises(RemoteProtocolError):
        chain.process(bad)


def test_the_table_is_consistent() -> None:
    sources = {state for state, _ in TRANSITIONS}
    targets = set(TRANSITIONS.values())
    # every state but the start is reachable, and only final states have no way out
    assert targets | {S.INITIAL} == set(S)
    assert set(S) - sources == set(FINAL_STATES)
    assert set(E) > LOCAL_EVENTS


def test_allowed_lists_the_legal_events() -> None:
    assert ProposalChain().allowed() == {E.COUNTER_SENT, E.REJECTION_SENT, E.EXPIRED}


# --- decide --------------------------------------------------------------------------------

NOW = datetime(2030, 1, 1, tzinfo=timezone.utc)
PLATFORM = "erc20-holesky-tglm"
OURS: dict[str, PropertyValue] = {
    "golem.srv.comp.expiration": int((NOW + timedelta(minutes=30)).timestamp() * 1000),
    "golem.com.payment.chosen-platform": PLATFORM,
}
OFFER: dict[str, Any] = {
    "golem.com.pricing.model": "linear",
    "golem.com.pricing.model.linear.coeffs": [0.001, 0.01, 0.0],
    "golem.com.usage.vector": ["golem.usage.duration_sec", "golem.usage.cpu_sec"],
    f"golem.com.payment.platform.{PLATFORM}.address": "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
}


def proposal(state: ProposalState = ProposalState.INITIAL, /, **changes: Any) -> ProposalData:
    return ProposalData(
        proposal_id=ProposalId("P-1"),
        issuer_id=NodeId("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
        state=state,
        properties={**OFFER, **changes},
        constraints="()",
        timestamp=NOW,
    )


def policy(**changes: Any) -> NegotiationPolicy:
    return attrs.evolve(NegotiationPolicy(properties=OURS, payment_platform=PLATFORM), **changes)


def test_an_initial_offer_is_countered_with_our_properties() -> None:
    assert decide(proposal(), policy(), NOW) == Counter(OURS)


def test_a_draft_is_accepted() -> None:
    assert decide(proposal(ProposalState.DRAFT), policy(), NOW) == Accept()


@pytest.mark.parametrize(
    "state", [ProposalState.REJECTED, ProposalState.ACCEPTED, ProposalState.EXPIRED]
)
def test_only_live_proposals_can_be_decided(state: ProposalState) -> None:
    with pytest.raises(LocalProtocolError):
        decide(proposal(state), policy(), NOW)


def test_no_address_on_our_platform() -> None:
    offer = proposal(**{f"golem.com.payment.platform.{PLATFORM}.address": None})
    assert decide(offer, policy(), NOW) == Reject(f"no payment address for platform {PLATFORM}")
    assert decide(offer, policy(payment_platform=None), NOW) == Counter(OURS)


def test_our_demand_expired() -> None:
    assert decide(proposal(), policy(), NOW + timedelta(hours=1)) == Reject(
        "our demand has expired"
    )


PRICES = {"golem.usage.duration_sec": Decimal("0.001"), "golem.usage.cpu_sec": Decimal("0.01")}


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        ({"max_prices": PRICES}, None),
        (
            {"max_prices": {**PRICES, "golem.usage.cpu_sec": Decimal("0.009")}},
            "golem.usage.cpu_sec costs 0.01, more than 0.009",
        ),
        (
            {"max_prices": {"golem.usage.duration_sec": Decimal(1)}},
            "charges for golem.usage.cpu_sec, which we do not pay for",
        ),
        ({"max_fixed_price": Decimal(0)}, None),
        (
            {
                "max_cost": Decimal("0.1"),
                "expected_usage": {"golem.usage.duration_sec": Decimal(101)},
            },
            "expected cost 0.101 is more than 0.1",
        ),
        (
            {
                "max_cost": Decimal("0.101"),
                "expected_usage": {"golem.usage.duration_sec": Decimal(101)},
            },
            None,
        ),
    ],
)
def test_price_limits(limits: dict[str, Any], expected: str | None) -> None:
    decision = decide(proposal(), policy(**limits), NOW)
    assert decision == (Counter(OURS) if expected is None else Reject(expected))


def test_a_fixed_price_over_the_limit() -> None:
    offer = proposal(**{"golem.com.pricing.model.linear.coeffs": [0.001, 0.01, 0.5]})
    assert decide(offer, policy(max_fixed_price=Decimal("0.1")), NOW) == Reject(
        "fixed price 0.5 is more than 0.1"
    )


def test_a_free_counter_needs_no_limit() -> None:
    offer = proposal(**{"golem.com.pricing.model.linear.coeffs": [0.001, 0, 0]})
    limits = {"golem.usage.duration_sec": Decimal(1)}
    assert decide(offer, policy(max_prices=limits), NOW) == Counter(OURS)


def test_unreadable_pricing_is_a_rejection_not_a_crash() -> None:
    offer = proposal(**{"golem.com.pricing.model.linear.coeffs": "cheap"})
    decision = decide(offer, policy(max_prices=PRICES), NOW)
    assert isinstance(decision, Reject) and decision.reason.startswith("unreadable pricing")
    # without price limits, pricing is never read
    assert decide(offer, policy(), NOW) == Counter(OURS)


TERMS: dict[str, PropertyValue] = {
    **OURS,
    "golem.com.scheme.payu.debit-note.interval-sec?": 120,
    "golem.com.scheme.payu.payment-timeout-sec?": 3600,
}


@pytest.mark.parametrize(
    ("theirs", "expected"),
    [
        ({}, None),  # the provider does not do mid-agreement payments: fine
        ({"golem.com.scheme.payu.debit-note.interval-sec?": 120}, None),
        ({"golem.com.scheme.payu.debit-note.interval-sec?": 300}, None),
        (
            {"golem.com.scheme.payu.debit-note.interval-sec?": 60},
            "golem.com.scheme.payu.debit-note.interval-sec? of 60 s is shorter than our 120 s",
        ),
        (
            {"golem.com.scheme.payu.payment-timeout-sec?": 1800},
            "golem.com.scheme.payu.payment-timeout-sec? of 1800 s is shorter than our 3600 s",
        ),
        (
            {"golem.com.scheme.payu.payment-timeout-sec?": "soon"},
            "golem.com.scheme.payu.payment-timeout-sec? is not a number: 'soon'",
        ),
    ],
)
def test_a_draft_may_not_shorten_our_payment_terms(
    theirs: dict[str, Any], expected: str | None
) -> None:
    decision = decide(proposal(ProposalState.DRAFT, **theirs), policy(properties=TERMS), NOW)
    assert decision == (Accept() if expected is None else Reject(expected))


@attrs.frozen
class FixedScore:
    value: float | None

    def score(self, proposal: ProposalData) -> float | None:
        return self.value


def test_the_scorer_decides_last() -> None:
    assert decide(proposal(ProposalState.DRAFT), policy(scorer=FixedScore(2.0)), NOW) == Accept(2.0)
    assert decide(proposal(), policy(scorer=FixedScore(None)), NOW) == Reject(
        "not acceptable to the scorer"
    )
    low = policy(scorer=FixedScore(1.0), min_score=1.5)
    assert decide(proposal(), low, NOW) == Reject("score 1.0 is below 1.5")


def test_least_expensive_linear_prefers_the_cheaper_offer() -> None:
    scorer = LeastExpensiveLinear({"golem.usage.duration_sec": Decimal(60)})
    cheap = proposal(**{"golem.com.pricing.model.linear.coeffs": [0.001, 0.01, 0.0]})
    dear = proposal(**{"golem.com.pricing.model.linear.coeffs": [0.002, 0.0, 0.0]})
    cheap_score, dear_score = scorer.score(cheap), scorer.score(dear)
    assert cheap_score is not None and dear_score is not None
    assert cheap_score == pytest.approx(-0.06) and cheap_score > dear_score
    assert scorer.score(proposal(**{"golem.com.usage.vector": None})) is None
