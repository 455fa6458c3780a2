"""The linear pay-as-you-go price model that providers' offers declare, read exactly.

An offer prices usage counters (`golem.com.usage.vector`, e.g. duration and
CPU seconds) with one coefficient each, plus a fixed price as the last
coefficient (`golem.com.pricing.model.linear.coeffs`). The cost of a usage
vector is `sum(coeff_i * usage_i) + fixed`. Every number here is a Decimal;
JSON floats become Decimals through their shortest repr, so 0.1 stays 0.1.
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from golem_hl.exceptions import InvalidPropertiesError
from golem_hl.records import to_decimal

__all__ = [
    "DEFINED_USAGES",
    "LINEAR_COEFFS",
    "PRICE_MODEL",
    "SCHEME",
    "Counter",
    "LinearPricing",
    "counter_key",
    "price_rejection",
]

SCHEME: Final = "golem.com.scheme"
PRICE_MODEL: Final = "golem.com.pricing.model"
LINEAR_COEFFS: Final = "golem.com.pricing.model.linear.coeffs"
DEFINED_USAGES: Final = "golem.com.usage.vector"

# wide enough that products and sums of 17-digit prices and usages stay exact
_EXACT = decimal.Context(prec=80)

SCHEME_PAYU: Final = "payu"
PRICE_MODEL_LINEAR: Final = "linear"


class Counter(enum.Enum):
    """Usage counters an exe-unit reports."""

    TIME = "golem.usage.duration_sec"
    CPU = "golem.usage.cpu_sec"
    STORAGE = "golem.usage.storage_gib"
    MAXMEM = "golem.usage.gib"
    UNKNOWN = ""


def counter_key(counter: Counter | str) -> str:
    return counter.value if isinstance(counter, Counter) else counter


def _number(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise InvalidPropertiesError(f"{what} is not a number: {value!r}")
    try:
        number = to_decimal(value)
    except ArithmeticError as exc:
        raise InvalidPropertiesError(f"{what} is not a number: {value!r}") from exc
    if not number.is_finite():
        raise InvalidPropertiesError(f"{what} is not finite: {value!r}")
    return number


@attrs.frozen
class LinearPricing:
    scheme: str
    fixed_price: Decimal
    # counter key -> price per unit, in the offer's order
    price_for: Mapping[str, Decimal] = attrs.field(hash=False)

    @classmethod
    def from_properties(cls, props: Mapping[str, Any]) -> LinearPricing:
        """Read the price model from flat offer properties; InvalidPropertiesError if it is not
        a well-formed linear model."""
        model = props.get(PRICE_MODEL)
        if model != PRICE_MODEL_LINEAR:
            raise InvalidPropertiesError(f"price model is {model!r}, not 'linear'")
        coeffs, usages = props.get(LINEAR_COEFFS), props.get(DEFINED_USAGES)
        if not isinstance(coeffs, Sequence) or isinstance(coeffs, str):
            raise InvalidPropertiesError(f"{LINEAR_COEFFS} is not a list: {coeffs!r}")
        if not isinstance(usages, Sequence) or isinstance(usages, str):
            raise InvalidPropertiesError(f"{DEFINED_USAGES} is not a list: {usages!r}")
        if not all(isinstance(u, str) for u in usages):
            raise InvalidPropertiesError(f"{DEFINED_USAGES} holds non-strings: {usages!r}")
        if len(coeffs) != len(usages) + 1:
            raise InvalidPropertiesError(
                f"{len(coeffs)} coefficients for {len(usages)} counters"
                " (want one more: the fixed price)"
            )
        if len(set(usages)) != len(usages):
            raise InvalidPropertiesError(f"{DEFINED_USAGES} repeats a counter: {usages!r}")
        prices = [_number(c, f"coefficient {i}") for i, c in enumerate(coeffs)]
        return cls(
            scheme=str(props.get(SCHEME)),
            fixed_price=prices[-1],
            price_for=dict(zip(usages, prices[:-1], strict=True)),
        )

    @property
    def usage_vector(self) -> list[str]:
        return list(self.price_for)

    def calculate_cost(self, usage: Sequence[Decimal | int]) -> Decimal:
        """The cost of a usage vector given in `usage_vector` order."""
        if len(usage) != len(self.price_for):
            raise ValueError(f"{len(usage)} usage values for {len(self.price_for)} counters")
        with decimal.localcontext(_EXACT):
            return self.fixed_price + sum(
                (
                    price * Decimal(u)
                    for price, u in zip(self.price_for.values(), usage, strict=True)
                ),
                Decimal(0),
            )


def price_rejection(
    pricing: LinearPricing,
    max_fixed_price: Decimal,
    max_price_for: Mapping[str, Decimal],
    unlisted_counter_max: Decimal | None,
) -> str | None:
    """Why these prices are unacceptable, or None if they are acceptable.

    `unlisted_counter_max` caps counters missing from `max_price_for`; None
    rejects offers that charge for such a counter at all.
    """
    if pricing.scheme != SCHEME_PAYU:
        return f"payment scheme {pricing.scheme!r} is not {SCHEME_PAYU!r}"
    if pricing.fixed_price < 0:
        return f"negative fixed price {pricing.fixed_price}"
    if pricing.fixed_price > max_fixed_price:
        return f"fixed price {pricing.fixed_price} is above our cap {max_fixed_price}"
    for counter, price in pricing.price_for.items():
        if price < 0:
            return f"negative price {price} for {counter}"
        cap = max_price_for.get(counter, unlisted_counter_max)
        if cap is None:
            return f"we set no price for counter {counter}"
        if price > cap:
            return f"price {price} for {counter} is above our cap {cap}"
    return None
