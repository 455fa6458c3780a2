"""The linear pricing model of an offer, and the payment terms of an agreement.

A provider prices an activity as a linear function of its usage counters:
`golem.com.usage.vector` names the counters (e.g. `["golem.usage.duration_sec",
"golem.usage.cpu_sec"]`) and `golem.com.pricing.model.linear.coeffs` gives one
price per counter followed by a constant, so

    cost = coeffs[0] * usage[0] + ... + coeffs[n-1] * usage[n-1] + coeffs[n]

Properties arrive as JSON floats. Every number is turned into a `Decimal` from
its shortest `str`, so `0.1` stays `Decimal("0.1")` and costs are exact sums of
exact products, never binary floating point. No I/O here.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

import attrs

from golem_core.exceptions import GolemError

__all__ = [
    "DEBIT_NOTE_INTERVAL",
    "DURATION_SEC",
    "LINEAR_COEFFS",
    "PAYMENT_TIMEOUT",
    "PRICING_MODEL",
    "USAGE_VECTOR",
    "LinearPricing",
    "PaymentTerms",
    "PricingError",
    "to_decimal",
]

PRICING_MODEL = "golem.com.pricing.model"
LINEAR_COEFFS = "golem.com.pricing.model.linear.coeffs"
USAGE_VECTOR = "golem.com.usage.vector"
# Negotiable properties carry a trailing `?` on the wire (market/properties.py).
DEBIT_NOTE_INTERVAL = "golem.com.scheme.payu.debit-note.interval-sec?"
PAYMENT_TIMEOUT = "golem.com.scheme.payu.payment-timeout-sec?"
DURATION_SEC = "golem.usage.duration_sec"

# Wide enough that products of two 17-digit numbers and their sums stay exact.
_EXACT = decimal.Context(prec=80, traps=[decimal.InvalidOperation])


class PricingError(GolemError, ValueError):
    """An offer's pricing properties, or a usage vector, do not make sense."""


def to_decimal(value: object) -> Decimal:
    """A JSON number (or decimal string) as an exact `Decimal`; floats go through `str`."""
    if isinstance(value, bool):
        raise PricingError(f"expected a number, got {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, (int, float, str)):
        try:
            result = Decimal(str(value))
        except decimal.InvalidOperation as error:
            raise PricingError(f"expected a number, got {value!r}") from error
    else:
        raise PricingError(f"expected a number, got {value!r}")
    if not result.is_finite():
        raise PricingError(f"expected a finite number, got {value!r}")
    return result


def lookup(properties: Mapping[str, Any], key: str) -> Any:
    """A property given either as a flat dotted key or nested (`{"golem": {"com": ...}}`)."""
    if key in properties:
        return properties[key]
    node: Any = properties
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


@attrs.frozen
class LinearPricing:
    """Price per unit of each usage counter, plus a fixed price per activity."""

    usage_vector: tuple[str, ...]
    coefficients: tuple[Decimal, ...] = attrs.field()
    fixed: Decimal = Decimal(0)

    @coefficients.validator
    def _one_per_counter(self, _: object, value: tuple[Decimal, ...]) -> None:
        if len(value) != len(self.usage_vector):
            raise PricingError(
                f"{len(value)} coefficients for {len(self.usage_vector)} usage counters"
            )

    @classmethod
    def from_properties(cls, properties: Mapping[str, Any]) -> LinearPricing:
        """Read the model from offer or agreement properties (flat or nested)."""
        model = lookup(properties, PRICING_MODEL)
        if isinstance(model, Mapping):  # nested form: {"@tag": "linear", "linear": {...}}
            model = model.get("@tag")
        if model is not None and model != "linear":
            raise PricingError(f"pricing model {model!r} is not linear")
        names = lookup(properties, USAGE_VECTOR)
        coeffs = lookup(properties, LINEAR_COEFFS)
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise PricingError(f"{USAGE_VECTOR} must be a list of counter names, got {names!r}")
        if not isinstance(coeffs, list):
            raise PricingError(f"{LINEAR_COEFFS} must be a list of numbers, got {coeffs!r}")
        if len(coeffs) != len(names) + 1:
            raise PricingError(
                f"{LINEAR_COEFFS} needs {len(names) + 1} numbers (one per counter and a "
                f"constant), got {len(coeffs)}"
            )
        numbers = [to_decimal(c) for c in coeffs]
        return cls(usage_vector=tuple(names), coefficients=tuple(numbers[:-1]), fixed=numbers[-1])

    def price_of(self, counter: str) -> Decimal:
        """The price of one unit of a counter (0 when the offer does not charge for it)."""
        try:
            return self.coefficients[self.usage_vector.index(counter)]
        except ValueError:
            return Decimal(0)

    def usage(self, counters: Sequence[object]) -> tuple[Decimal, ...]:
        """A usage vector checked against the model: right length, finite, not negative."""
        if len(counters) != len(self.usage_vector):
            raise PricingError(
                f"usage has {len(counters)} counters, the pricing expects "
                f"{len(self.usage_vector)} ({', '.join(self.usage_vector)})"
            )
        values = tuple(to_decimal(c) for c in counters)
        if any(v < 0 for v in values):
            raise PricingError(f"usage counters must not be negative: {list(values)}")
        return values

    def cost(self, counters: Sequence[object]) -> Decimal:
        """The exact price of this much usage."""
        values = self.usage(counters)
        with decimal.localcontext(_EXACT):
            total = self.fixed
            for price, amount in zip(self.coefficients, values, strict=True):
                total += price * amount
            return +total

    def idle_usage(self) -> tuple[Decimal, ...]:
        """All counters at zero: what an activity that did nothing has used."""
        return tuple(Decimal(0) for _ in self.usage_vector)


@attrs.frozen
class PaymentTerms:
    """What an agreement says about paying: the price list and the debit-note rhythm."""

    pricing: LinearPricing
    debit_note_interval: timedelta | None = None
    payment_timeout: timedelta | None = None

    @classmethod
    def from_properties(cls, properties: Mapping[str, Any]) -> PaymentTerms:
        return cls(
            pricing=LinearPricing.from_properties(properties),
            debit_note_interval=_seconds(properties, DEBIT_NOTE_INTERVAL),
            payment_timeout=_seconds(properties, PAYMENT_TIMEOUT),
        )


def _seconds(properties: Mapping[str, Any], key: str) -> timedelta | None:
    value = lookup(properties, key)
    if value is None:  # some peers send the name without the `?`
        value = lookup(properties, key.rstrip("?"))
    if value is None:
        return None
    seconds = to_decimal(value)
    if seconds <= 0:
        raise PricingError(f"{key} must be positive, got {value!r}")
    return timedelta(seconds=float(seconds))
