"""What a provider charges: amounts from pricing and usage, as the wire carries them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from golem_core.payment.pricing import LinearPricing, PricingError
from golem_localnet.provider.billing import (
    BillingTerms,
    activity_total,
    debit_note_amount,
    invoice_amount,
    token_amount,
)
from golem_localnet.provider.offer import OfferSpec, Prices, offer_properties

PRICES = Prices(cpu_sec=Decimal("0.0002"), duration_sec=Decimal("0.0001"), start=Decimal("0.001"))
OFFER = offer_properties(OfferSpec(node_id="0xp", name="p", subnet="s", prices=PRICES))


def test_terms_come_from_the_agreed_offer() -> None:
    terms = BillingTerms.from_offer(OFFER)
    assert terms.pricing == PRICES.pricing()
    assert terms.debit_note_interval == timedelta(seconds=120)
    assert terms.payment_timeout == timedelta(seconds=120)
    assert terms.accept_timeout == timedelta(seconds=120)
    without = {k: v for k, v in OFFER.items() if not k.endswith("?")}
    bare = BillingTerms.from_offer(without)
    assert (bare.payment_timeout, bare.accept_timeout, bare.debit_note_interval) == (None,) * 3
    # no interval agreed: yagna's provider bills every 120 s
    assert bare.interval == timedelta(seconds=120)


T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_one_payable_debit_note_per_payment_timeout_and_the_last_always() -> None:
    terms = BillingTerms.from_offer(OFFER)  # payment timeout 120 s
    assert terms.payment_due(T0, T0 + timedelta(seconds=30)) is None
    at = T0 + timedelta(seconds=120)
    assert terms.payment_due(T0, at) == at + timedelta(seconds=120)
    final = T0 + timedelta(seconds=10)
    assert terms.payment_due(T0, final, final=True) == final + timedelta(seconds=120)
    without = {k: v for k, v in OFFER.items() if "payment-timeout" not in k}
    assert BillingTerms.from_offer(without).payment_due(T0, at, final=True) is None


def test_activity_total_prices_reported_usage_exactly() -> None:
    pricing = PRICES.pricing()
    # floats from the daemon are read through their shortest repr: no binary noise
    assert activity_total(pricing, [0.1, 7.062043]) == Decimal("0.0017262043")
    assert activity_total(pricing, None) == Decimal("0.001")  # nothing reported yet
    with pytest.raises(PricingError):
        activity_total(pricing, [1.0])


def test_overcharge_multiplies_only_when_asked() -> None:
    assert debit_note_amount(Decimal("0.5")) == Decimal("0.5")
    assert debit_note_amount(Decimal("0.5"), Decimal(3)) == Decimal("1.5")


def test_invoice_is_the_sum_of_final_totals() -> None:
    assert invoice_amount([Decimal("0.1"), Decimal("0.25")]) == Decimal("0.35")
    assert invoice_amount([]) == 0


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("0.0017062043", "0.0017062043"),
        ("1.50", "1.5"),
        ("1E+2", "100"),
        ("0", "0"),
        ("0.0000000000000000019", "0.000000000000000001"),  # cut, never rounded up
        ("123456789012.123456789012345678999", "123456789012.123456789012345678"),
    ],
)
def test_amounts_fit_the_token_and_are_never_above_the_price(amount: str, text: str) -> None:
    assert format(token_amount(Decimal(amount)), "f") == text


def test_totals_and_overcharges_are_cut_to_the_token() -> None:
    pricing = Prices(cpu_sec=Decimal("0.3"), duration_sec=Decimal(0), start=Decimal(0)).pricing()
    assert activity_total(pricing, [0.0000000000000000011, 0]) == Decimal(0)
    assert debit_note_amount(Decimal("0.000000000000000001"), Decimal("0.5")) == Decimal(0)


def test_negative_amounts_do_not_exist() -> None:
    with pytest.raises(ValueError, match="never negative"):
        token_amount(Decimal("-1"))


def test_pricing_is_golem_cores() -> None:
    assert isinstance(BillingTerms.from_offer(OFFER).pricing, LinearPricing)
