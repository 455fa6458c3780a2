"""Market strategies: exact scoring from linear prices, caps, negotiation ranges, wrappers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pytest

from golem_hl import events
from golem_hl.exceptions import InvalidPropertiesError
from golem_hl.payload import DemandBuilder
from golem_hl.records import AgreementInfo, DebitNoteInfo, InvoiceInfo, ProposalInfo
from golem_hl.strategy import (
    PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT,
    PROP_DEBIT_NOTE_INTERVAL_SEC,
    PROP_PAYMENT_TIMEOUT_SEC,
    SCORE_NEUTRAL,
    SCORE_REJECTED,
    SCORE_TRUSTED,
    Counter,
    DecreaseScoreForUnconfirmedAgreement,
    DummyMS,
    LeastExpensiveLinearPayuMS,
    LinearPricing,
    MarketStrategy,
    OfferLike,
    PropValueRange,
    ProviderFilter,
    WrappingMarketStrategy,
    default_strategy,
)
from golem_hl.strategy.base import PROP_EXPIRATION, negotiated_properties

TIME, CPU = Counter.TIME.value, Counter.CPU.value


def offer(
    coeffs: list[Any],
    usage: list[str] | None = None,
    issuer: str = "0xprovider",
    extra: dict[str, Any] | None = None,
) -> ProposalInfo:
    props = {
        "golem.com.scheme": "payu",
        "golem.com.pricing.model": "linear",
        "golem.com.pricing.model.linear.coeffs": coeffs,
        "golem.com.usage.vector": [TIME, CPU] if usage is None else usage,
        **(extra or {}),
    }
    return ProposalInfo(id=f"offer-{issuer}", issuer=issuer, props=props)


# --- ranges and negotiation ---------------------------------------------------


def test_prop_value_range() -> None:
    assert 5 in PropValueRange(1, 10)
    assert 11 not in PropValueRange(1, 10)
    assert 10**9 in PropValueRange(1, None)
    assert -(10**9) in PropValueRange(None, None)
    assert PropValueRange(1, 10).clamp(0) == 1
    assert PropValueRange(1, 10).clamp(12) == 10
    assert PropValueRange(None, 10).clamp(3) == 3
    with pytest.raises(ValueError, match="empty range"):
        PropValueRange(10, 1).clamp(5)
    assert str(PropValueRange(1, None)) == "(1, None)"


NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)
PAYMENT_OFFER = {
    PROP_DEBIT_NOTE_INTERVAL_SEC: 30,  # below our minimum of 60: we answer 60
    PROP_PAYMENT_TIMEOUT_SEC: 36000,  # fine
    PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT: 10,  # below 30: we answer 30
}
DEFAULT_RANGES = MarketStrategy.acceptable_prop_value_ranges.fget(DummyMS())  # type: ignore[attr-defined]


def expiring_in(seconds: int) -> dict[str, Any]:
    return {PROP_EXPIRATION: int((NOW + timedelta(seconds=seconds)).timestamp() * 1000)}


def test_long_agreement_takes_up_mid_agreement_payments_clamped() -> None:
    answer = negotiated_properties(expiring_in(18000), PAYMENT_OFFER, DEFAULT_RANGES, NOW)
    assert answer == {
        PROP_DEBIT_NOTE_INTERVAL_SEC: 60,
        PROP_PAYMENT_TIMEOUT_SEC: 36000,
        PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT: 30,
    }


@pytest.mark.parametrize("demand", [expiring_in(17999), {}])
def test_short_or_unknown_agreement_answers_only_the_acceptance_timeout(
    demand: dict[str, Any],
) -> None:
    answer = negotiated_properties(demand, PAYMENT_OFFER, DEFAULT_RANGES, NOW)
    assert answer == {PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT: 30}


def test_provider_without_debit_notes_gets_no_mid_agreement_payments() -> None:
    offer_props = {PROP_PAYMENT_TIMEOUT_SEC: 36000, PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT: "x"}
    assert negotiated_properties(expiring_in(86400), offer_props, DEFAULT_RANGES, NOW) == {}


class Overriding(LeastExpensiveLinearPayuMS):
    acceptable_prop_value_range_overrides = MappingProxyType(
        {PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT: PropValueRange(5)}
    )


async def test_respond_to_provider_offer_answers_a_copy() -> None:
    strategy = Overriding()
    assert strategy.acceptable_prop_value_ranges[PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT].min == 5
    assert strategy.acceptable_prop_value_ranges is strategy.acceptable_prop_value_ranges
    ours = DemandBuilder({"golem.node.debug.subnet": "local"}, ["(a=1)"])
    provider = offer([0.1, 0.1, 0.0], extra={PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT: 10})

    answer = await strategy.respond_to_provider_offer(ours, provider)

    assert answer.properties == {
        "golem.node.debug.subnet": "local",
        PROP_DEBIT_NOTE_ACCEPTANCE_TIMEOUT: 10,
    }
    assert answer.constraint_list == ["(a=1)"]
    assert ours.properties == {"golem.node.debug.subnet": "local"}


# --- linear pricing -----------------------------------------------------------


def test_linear_pricing_reads_floats_exactly() -> None:
    pricing = LinearPricing.from_properties(offer([0.1, 0.2, 0.3]).props)
    assert pricing.price_for == {TIME: Decimal("0.1"), CPU: Decimal("0.2")}
    assert pricing.fixed_price == Decimal("0.3")
    assert pricing.usage_vector == [TIME, CPU]
    assert pricing.calculate_cost([10, 20]) == Decimal("5.3")
    # beyond the default 28 digits of precision: still exact
    big = LinearPricing.from_properties(offer([0.1234567890123456, 0, 0]).props)
    usage = Decimal("98765432109876.54321")
    # 1234567890123456 * 9876543210987654321 = 12193263113702171729782044541853376, 21 decimals
    assert big.calculate_cost([usage, 0]) == Decimal("12193263113702.171729782044541853376")


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"golem.com.pricing.model": "flat"}, "not 'linear'"),
        (offer([0.1, 0.2]).props, "2 coefficients for 2 counters"),
        (offer([0.1, "x", 0.0]).props, "coefficient 1 is not a number"),
        (offer([0.1, True, 0.0]).props, "coefficient 1 is not a number"),
        (offer([0.1, "NaN", 0.0]).props, "not finite"),
        (offer([0.1, 0.1, 0.0], usage=[TIME, TIME]).props, "repeats"),
        (offer([0.1], usage="time").props, "not a list"),  # type: ignore[arg-type]
    ],
)
def test_linear_pricing_refuses_malformed_offers(props: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidPropertiesError, match=message):
        LinearPricing.from_properties(props)


# --- LeastExpensiveLinearPayuMS -----------------------------------------------


async def test_score_is_exact_inverse_of_expected_cost() -> None:
    strategy = LeastExpensiveLinearPayuMS(expected_time_secs=60)
    # 0.1 * 60 + 0.2 * 60 + 0.5 = 18.5
    score = await strategy.score_offer(offer([0.1, 0.2, 0.5]))
    assert score == float(Decimal(100) / Decimal("19.51"))
    free = await strategy.score_offer(offer([0, 0, 0]))
    assert SCORE_NEUTRAL < score < free < SCORE_TRUSTED
    assert free == float(Decimal(100) / Decimal("1.01"))


async def test_price_caps_are_inclusive_and_exact() -> None:
    strategy = LeastExpensiveLinearPayuMS(
        max_fixed_price=Decimal("0.3"),
        max_price_for={Counter.CPU: Decimal("0.1"), TIME: Decimal("0.2")},
    )
    # 0.1 + 0.2 in binary floats is 0.30000000000000004; the offer's 0.3 is exactly our cap
    assert await strategy.score_offer(offer([0.2, 0.1, 0.3])) > 0
    assert await strategy.rejection_reason(offer([0.2, 0.1, 0.3])) is None

    over_cpu = offer([0.2, 0.1000001, 0.3])
    assert await strategy.score_offer(over_cpu) == SCORE_REJECTED
    assert await strategy.rejection_reason(over_cpu) == (
        "price 0.1000001 for golem.usage.cpu_sec is above our cap 0.1"
    )
    assert await strategy.score_offer(offer([0.2, 0.1, 0.31])) == SCORE_REJECTED


async def test_unlisted_counters_are_uncapped_but_negative_prices_rejected() -> None:
    strategy = LeastExpensiveLinearPayuMS()
    assert await strategy.score_offer(offer([5, 1000, 0], usage=[TIME, "golem.usage.gib"])) > 0
    assert await strategy.rejection_reason(offer([-0.1, 0, 0])) == (
        f"negative price -0.1 for {TIME}"
    )
    assert await strategy.rejection_reason(offer([0, 0, -1])) == "negative fixed price -1"


async def test_non_payu_and_malformed_offers_are_rejected_with_a_reason() -> None:
    strategy = LeastExpensiveLinearPayuMS()
    other_scheme = offer([0, 0, 0], extra={"golem.com.scheme": "payd"})
    assert await strategy.score_offer(other_scheme) == SCORE_REJECTED
    assert await strategy.rejection_reason(other_scheme) == "payment scheme 'payd' is not 'payu'"
    broken = ProposalInfo(id="o", issuer="p", props={})
    assert await strategy.score_offer(broken) == SCORE_REJECTED
    assert await strategy.rejection_reason(broken) == (
        "Invalid properties: price model is None, not 'linear'"
    )


async def test_linear_strategies_require_linear_offers_in_the_demand() -> None:
    for strategy in (LeastExpensiveLinearPayuMS(), DummyMS()):
        demand = DemandBuilder()
        await strategy.decorate_demand(demand)
        assert demand.constraint_list == ["(golem.com.pricing.model=linear)"]


# --- DummyMS ------------------------------------------------------------------


async def test_dummy_accepts_within_default_caps_and_rejects_uncapped_counters() -> None:
    strategy = DummyMS()
    assert await strategy.score_offer(offer([0.002, 0.02, 0.05])) == SCORE_NEUTRAL
    assert await strategy.score_offer(offer([0.0021, 0.02, 0.05])) == SCORE_REJECTED
    assert await strategy.score_offer(offer([0.002, 0.02, 0.06])) == SCORE_REJECTED
    storage = offer([0, 0, 0, 0], usage=[TIME, CPU, Counter.STORAGE.value])
    assert await strategy.score_offer(storage) == SCORE_REJECTED
    assert await strategy.rejection_reason(storage) == (
        "we set no price for counter golem.usage.storage_gib"
    )
    allowed = DummyMS(max_price_for={Counter.STORAGE: Decimal(1)})
    assert await allowed.score_offer(storage) == SCORE_NEUTRAL


# --- payments -----------------------------------------------------------------


async def test_full_amounts_are_accepted_as_exact_decimals() -> None:
    strategy = LeastExpensiveLinearPayuMS()
    invoice = InvoiceInfo("inv", "agr", "0xp", "0.123456789012345678")
    note = DebitNoteInfo("dn", "agr", "act", "0xp", Decimal("1.000000000000000001"))
    assert await strategy.invoice_accepted_amount(invoice) == Decimal("0.123456789012345678")
    assert await strategy.debit_note_accepted_amount(note) == Decimal("1.000000000000000001")
    wrapped = ProviderFilter(strategy, lambda provider_id: True)
    assert await wrapped.invoice_accepted_amount(invoice) == invoice.amount
    assert await wrapped.debit_note_accepted_amount(note) == note.total_amount_due


# --- wrappers -----------------------------------------------------------------


class Job:
    id = "job"


def agreement_event(kind: type[events.AgreementEvent], provider_id: str) -> events.AgreementEvent:
    return kind(Job(), AgreementInfo.create("agr", provider_id, {}))


async def test_decrease_score_for_providers_that_rejected_our_agreement() -> None:
    strategy = DecreaseScoreForUnconfirmedAgreement(LeastExpensiveLinearPayuMS(), 0.5)
    good, bad = offer([0, 0, 0], issuer="0xgood"), offer([0, 0, 0], issuer="0xbad")
    full = await strategy.score_offer(good)

    strategy.on_event(agreement_event(events.AgreementRejected, "0xbad"))
    assert await strategy.score_offer(bad) == full * 0.5
    assert await strategy.score_offer(good) == full
    rejected_offer = offer([0, 0, 0, 0], usage=[TIME], issuer="0xbad")
    assert await strategy.score_offer(rejected_offer) == SCORE_REJECTED  # not made "better"

    strategy.on_event(agreement_event(events.AgreementConfirmed, "0xbad"))
    assert await strategy.score_offer(bad) == full


async def test_provider_filter_with_sync_and_async_predicates() -> None:
    blocked = {"0xbad"}

    async def allowed_async(provider_id: str) -> bool:
        return provider_id not in blocked

    base = LeastExpensiveLinearPayuMS()
    for strategy in (
        ProviderFilter(base, lambda provider_id: provider_id not in blocked),
        ProviderFilter(base, allowed_async),
    ):
        assert await strategy.score_offer(offer([0, 0, 0], issuer="0xbad")) == SCORE_REJECTED
        assert await strategy.rejection_reason(offer([0, 0, 0], issuer="0xbad")) == (
            "provider 0xbad is excluded by the provider filter"
        )
        ok = offer([0, 0, 0], issuer="0xok")
        assert await strategy.score_offer(ok) == await base.score_offer(ok)
        # the predicate is asked again for each offer
        blocked.add("0xok")
        assert await strategy.score_offer(ok) == SCORE_REJECTED
        blocked.discard("0xok")


async def test_wrapping_strategy_forwards_attributes_and_calls() -> None:
    class Halving(WrappingMarketStrategy):
        async def score_offer(self, offer: OfferLike) -> float:
            return await self.base_strategy.score_offer(offer) / 2

    base = LeastExpensiveLinearPayuMS(expected_time_secs=10)
    strategy = Halving(base)
    assert strategy._expected_time_secs == 10  # read through from the base
    assert strategy.acceptable_prop_value_ranges is base.acceptable_prop_value_ranges
    assert (
        await strategy.score_offer(offer([0, 0, 0])) == await base.score_offer(offer([0, 0, 0])) / 2
    )
    demand = DemandBuilder()
    await strategy.decorate_demand(demand)
    assert demand.constraint_list == ["(golem.com.pricing.model=linear)"]
    with pytest.raises(AttributeError):
        _ = strategy.no_such_attribute


async def test_default_strategy_caps_and_penalty() -> None:
    strategy = default_strategy()
    assert await strategy.score_offer(offer([0.1, 0.2, 1.0])) > 0
    assert await strategy.rejection_reason(offer([0.1, 0.2, 1.01])) == (
        "fixed price 1.01 is above our cap 1.0"
    )
    assert await strategy.score_offer(offer([0.1, 0.21, 0])) == SCORE_REJECTED
    assert await strategy.score_offer(offer([0.11, 0.2, 0])) == SCORE_REJECTED
    full = await strategy.score_offer(offer([0, 0, 0], issuer="0xp"))
    strategy.on_event(agreement_event(events.AgreementRejected, "0xp"))
    assert await strategy.score_offer(offer([0, 0, 0], issuer="0xp")) == full * 0.5
