"""The linear pricing model, read from offer properties and priced exactly."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from golem_core.payment.pricing import (
    LinearPricing,
    PaymentTerms,
    PricingError,
    to_decimal,
)

DURATION = "golem.usage.duration_sec"
CPU = "golem.usage.cpu_sec"

OFFER = {
    "golem.com.pricing.model": "linear",
    "golem.com.pricing.model.linear.coeffs": [0.0001, 0.0002, 0.1],
    "golem.com.usage.vector": [DURATION, CPU],
}


def test_flat_properties_give_one_price_per_counter_and_a_constant() -> None:
    pricing = LinearPricing.from_properties(OFFER)
    assert pricing.usage_vector == (DURATION, CPU)
    assert pricing.coefficients == (Decimal("0.0001"), Decimal("0.0002"))
    assert pricing.fixed == Decimal("0.1")
    assert pricing.price_of(CPU) == Decimal("0.0002")
    assert pricing.price_of("golem.usage.gib") == 0


def test_nested_properties_read_the_same() -> None:
    nested = {
        "golem": {
            "com": {
                "pricing": {"model": {"@tag": "linear", "linear": {"coeffs": [0.5, 1]}}},
                "usage": {"vector": [DURATION]},
            }
        }
    }
    pricing = LinearPricing.from_properties(nested)
    assert pricing == LinearPricing((DURATION,), (Decimal("0.5"),), Decimal(1))


def test_cost_is_exact_where_floats_are_not() -> None:
    pricing = LinearPricing((DURATION,), (Decimal("0.1"),), Decimal(0))
    assert 0.1 * 3 != 0.3  # what a float-minded provider computes
    assert pricing.cost([3]) == Decimal("0.3")
    assert pricing.cost([3.0]) == Decimal("0.3")


def test_cost_adds_every_counter_and_the_constant() -> None:
    pricing = LinearPricing.from_properties(OFFER)
    # 0.0001 * 120.5 + 0.0002 * 60.25 + 0.1
    assert pricing.cost([120.5, 60.25]) == Decimal("0.1241")


def test_float_coefficients_become_their_shortest_decimal() -> None:
    assert to_decimal(0.1) == Decimal("0.1")
    assert to_decimal(1e-18) == Decimal("1E-18")
    assert to_decimal("0.00033") == Decimal("0.00033")
    assert to_decimal(7) == Decimal(7)


def test_long_products_are_not_rounded_to_28_digits() -> None:
    price, used, fixed = "0.123456789012345678", "98765.4321098765", "1e-18"
    pricing = LinearPricing((DURATION,), (Decimal(price),), Decimal(fixed))
    cost = pricing.cost([Decimal(used)])
    assert Fraction(cost) == Fraction(price) * Fraction(used) + Fraction(fixed)
    # the default decimal context would have rounded it
    assert Decimal(price) * Decimal(used) + Decimal(fixed) != cost


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"golem.com.pricing.model": "fixed"}, "not linear"),
        ({"golem.com.pricing.model.linear.coeffs": [0.1, 0.2]}, "needs 3 numbers"),
        ({"golem.com.pricing.model.linear.coeffs": "0.1,0.2,0"}, "must be a list"),
        ({"golem.com.usage.vector": None}, "list of counter names"),
        ({"golem.com.pricing.model.linear.coeffs": [0.1, True, 0]}, "expected a number"),
        ({"golem.com.pricing.model.linear.coeffs": [0.1, "nan", 0]}, "finite"),
    ],
)
def test_malformed_pricing_is_refused(change: dict[str, object], message: str) -> None:
    with pytest.raises(PricingError, match=message):
        LinearPricing.from_properties({**OFFER, **change})


@pytest.mark.parametrize(
    ("usage", "message"),
    [([1.0], "usage has 1 counters"), ([1.0, -2.0], "must not be negative"), ([1, "x"], "number")],
)
def test_usage_that_does_not_fit_the_model_cannot_be_priced(
    usage: list[object], message: str
) -> None:
    with pytest.raises(PricingError, match=message):
        LinearPricing.from_properties(OFFER).cost(usage)


def test_pricing_errors_are_golem_errors_and_value_errors() -> None:
    from golem_core.exceptions import GolemError

    assert issubclass(PricingError, GolemError)
    assert issubclass(PricingError, ValueError)


def test_terms_read_the_debit_note_interval_and_payment_timeout() -> None:
    terms = PaymentTerms.from_properties(
        {
            **OFFER,
            "golem.com.scheme.payu.debit-note.interval-sec": 120,
            "golem.com.scheme.payu.payment-timeout-sec": 1800.0,
        }
    )
    assert terms.debit_note_interval == timedelta(seconds=120)
    assert terms.payment_timeout == timedelta(minutes=30)
    assert PaymentTerms.from_properties(OFFER).debit_note_interval is None


def test_terms_read_the_negotiable_names_agreements_really_carry() -> None:
    terms = PaymentTerms.from_properties(
        {
            **OFFER,
            "golem.com.scheme.payu.debit-note.interval-sec?": 5,
            "golem.com.scheme.payu.payment-timeout-sec?": 60,
        }
    )
    assert terms.debit_note_interval == timedelta(seconds=5)
    assert terms.payment_timeout == timedelta(seconds=60)


def test_a_non_positive_interval_is_refused() -> None:
    with pytest.raises(PricingError, match="positive"):
        PaymentTerms.from_properties({**OFFER, "golem.com.scheme.payu.debit-note.interval-sec": 0})
