"""How the provider answers a requestor's proposal (pure rules, plain values)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from golem_localnet.provider.negotiation import CounterOffer, RefuseProposal, answer_demand
from golem_localnet.provider.offer import OfferSpec, PaymentRanges, SecondsRange, offer_properties

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
PLATFORM = "erc20-holesky-tglm"
SPEC = OfferSpec(
    node_id="0xprov",
    name="p",
    subnet="s",
    payment=PaymentRanges(
        debit_note_interval=SecondsRange(5, 2, 600),
        payment_timeout=SecondsRange(60, 10, 3600),
        accept_timeout=SecondsRange(120, 30, 600),
    ),
)
INTERVAL = "golem.com.scheme.payu.debit-note.interval-sec?"
PAYMENT_TIMEOUT = "golem.com.scheme.payu.payment-timeout-sec?"
ACCEPT_TIMEOUT = "golem.com.payment.debit-notes.accept-timeout?"


def demand(**extra: object) -> dict[str, object]:
    return {
        "golem.com.payment.chosen-platform": PLATFORM,
        f"golem.com.payment.platform.{PLATFORM}.address": "0xreq",
        "golem.srv.comp.expiration": int((NOW + timedelta(minutes=5)).timestamp() * 1000),
        **extra,
    }


def counter(properties: dict[str, object]) -> CounterOffer:
    answer = answer_demand(SPEC, properties, now=NOW)
    assert isinstance(answer, CounterOffer), answer
    return answer


def refusal(properties: dict[str, object], refuse: bool = False) -> str:
    answer = answer_demand(SPEC, properties, now=NOW, refuse=refuse)
    assert isinstance(answer, RefuseProposal), answer
    return answer.reason


def test_plain_demand_gets_our_offer_without_negotiable_terms() -> None:
    answer = counter(demand())
    expected = offer_properties(SPEC)
    for name in (INTERVAL, PAYMENT_TIMEOUT, ACCEPT_TIMEOUT):
        del expected[name]
    assert answer.properties == expected
    assert answer.platform == PLATFORM
    assert answer.constraints.startswith("(&(golem.node.debug.subnet=s)")


def test_requestors_terms_are_agreed_within_our_ranges() -> None:
    answer = counter(demand(**{INTERVAL: 30, PAYMENT_TIMEOUT: 120, ACCEPT_TIMEOUT: 60}))
    assert answer.properties[INTERVAL] == 30
    assert answer.properties[PAYMENT_TIMEOUT] == 120
    assert answer.properties[ACCEPT_TIMEOUT] == 60


@pytest.mark.parametrize("asked", [1, 100000])
def test_terms_out_of_our_range_are_refused_as_yagna_does(asked: int) -> None:
    assert "not in acceptable range of [2 s; 600 s]" in refusal(demand(**{INTERVAL: asked}))


def test_acceptance_timeout_longer_than_ours_or_too_short_is_refused() -> None:
    assert "should be less than 120 s" in refusal(demand(**{ACCEPT_TIMEOUT: 121}))
    assert "too low" in refusal(demand(**{ACCEPT_TIMEOUT: 4}))


def test_a_long_demand_without_payment_timeout_is_refused() -> None:
    ten_hours = int((NOW + timedelta(hours=10)).timestamp() * 1000)
    assert "mid-agreement payments are required" in refusal(
        demand(**{"golem.srv.comp.expiration": ten_hours})
    )
    agreed = counter(demand(**{"golem.srv.comp.expiration": ten_hours, PAYMENT_TIMEOUT: 60}))
    assert agreed.properties[PAYMENT_TIMEOUT] == 60


def test_a_refusing_provider_refuses_anything() -> None:
    assert "refuses to negotiate" in refusal(demand(), refuse=True)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"golem.com.payment.chosen-platform": None}, "names no payment platform"),
        ({"golem.com.payment.chosen-platform": "erc20-polygon-glm"}, "not on erc20-polygon-glm"),
        ({f"golem.com.payment.platform.{PLATFORM}.address": None}, "no address to pay from"),
        ({"golem.srv.comp.expiration": int(NOW.timestamp() * 1000) - 1}, "expired"),
        ({INTERVAL: -5}, "whole positive number of seconds"),
        ({INTERVAL: 2.5}, "whole positive number of seconds"),
        ({PAYMENT_TIMEOUT: "soon"}, "must be a number"),
        ({ACCEPT_TIMEOUT: True}, "must be a number"),
    ],
)
def test_demands_we_cannot_serve_are_refused_with_a_reason(
    change: dict[str, object], reason: str
) -> None:
    properties = {k: v for k, v in {**demand(), **change}.items() if v is not None}
    assert reason in refusal(properties)
