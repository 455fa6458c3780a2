"""Market properties: the names we use, building a demand, reading an offer's pricing.

Properties travel as one flat JSON object whose keys are dotted names
(`golem.inf.mem.gib`). A trailing `?` marks a property the other side may
leave out or negotiate (`golem.com.payment.debit-notes.accept-timeout?`).
Nothing here does I/O: a `DemandBuilder` yields a `MarketSpec` value, which
the demand and offer modules send.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Protocol, cast

import attrs

from golem_core.exceptions import RemoteProtocolError
from golem_core.market.constraints import AllOf, Constraint, all_of, eq

__all__ = [
    "CHOSEN_PLATFORM",
    "DEBIT_NOTE_ACCEPT_TIMEOUT",
    "DEBIT_NOTE_INTERVAL",
    "EXPIRATION",
    "PAYMENT_TIMEOUT",
    "PRICING_COEFFS",
    "PRICING_MODEL",
    "SUBNET",
    "USAGE_VECTOR",
    "DemandBuilder",
    "LinearPricing",
    "MarketSpec",
    "Payload",
    "PropertyValue",
    "expiration_ms",
    "linear_pricing",
    "normalize_value",
    "payment_address",
    "platform_address_property",
    "seconds_property",
    "stored_properties",
]

EXPIRATION = "golem.srv.comp.expiration"
SUBNET = "golem.node.debug.subnet"
CHOSEN_PLATFORM = "golem.com.payment.chosen-platform"
DEBIT_NOTE_ACCEPT_TIMEOUT = "golem.com.payment.debit-notes.accept-timeout?"
DEBIT_NOTE_INTERVAL = "golem.com.scheme.payu.debit-note.interval-sec?"
PAYMENT_TIMEOUT = "golem.com.scheme.payu.payment-timeout-sec?"
PRICING_MODEL = "golem.com.pricing.model"
PRICING_COEFFS = "golem.com.pricing.model.linear.coeffs"
USAGE_VECTOR = "golem.com.usage.vector"

PropertyValue = str | int | float | bool | Sequence["PropertyValue"]


def platform_address_property(platform: str) -> str:
    """`golem.com.payment.platform.<platform>.address`: where a party is paid or pays from."""
    return f"golem.com.payment.platform.{platform}.address"


def normalize_value(value: object) -> PropertyValue:
    """A value as JSON will carry it: Decimals become int or float, tuples become lists."""
    if isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"property values must be finite, got {value!r}")
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"property values must be finite, got {value!r}")
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (list, tuple)):
        return [normalize_value(item) for item in value]
    raise TypeError(f"unsupported property value type {type(value).__name__}: {value!r}")


# the key whose value stands for the object holding it, when the daemon flattens properties
_TAG = "@tag"
# integers the daemon's JSON reads as integers; beyond them it keeps a float
_INT_RANGE = range(-(2**63), 2**64)


def stored_properties(properties: Mapping[str, object]) -> dict[str, PropertyValue]:
    """Properties as the daemon keeps and reports them once sent (e.g. in an agreement).

    It flattens objects into dotted names (an `@tag` key gives the value of the
    name of its object; an empty object stays, under its name) and reads JSON:
    every sequence comes back a list, an integer too large for 64 bits a float.
    What `DemandBuilder` builds is flat already: only lists and numbers can differ.
    """
    stored: dict[str, object] = {}
    _flatten_into(stored, "", properties)
    return cast(dict[str, PropertyValue], stored)


def _flatten_into(stored: dict[str, object], prefix: str, value: object) -> None:
    if not isinstance(value, Mapping):
        stored[prefix] = _as_read(value)
    elif not value:
        stored[prefix] = {}
    else:
        for key, item in value.items():
            if key == _TAG:
                stored[prefix] = _as_read(item)
            else:
                _flatten_into(stored, f"{prefix}.{key}" if prefix else str(key), item)


def _as_read(value: object) -> object:
    """A value as the daemon's JSON gives it back (nothing flattened inside lists)."""
    if isinstance(value, Mapping):
        return {str(key): _as_read(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_read(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and value not in _INT_RANGE:
        return float(value)
    return value


def expiration_ms(when: datetime) -> int:
    """`golem.srv.comp.expiration`: milliseconds since the epoch, from an aware datetime."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("expiration must be a timezone-aware datetime")
    return int(when.timestamp() * 1000)


def seconds_property(duration: timedelta) -> int:
    """Durations travel as whole seconds; a fraction is rounded up so no limit shrinks."""
    if duration <= timedelta(0):
        raise ValueError(f"duration must be positive, got {duration}")
    return math.ceil(duration.total_seconds())


@attrs.frozen
class MarketSpec:
    """What yagna calls `DemandOfferBase`: the properties and constraints of a demand or offer."""

    properties: Mapping[str, PropertyValue]
    constraints: str


class Payload(Protocol):
    """What a demand asks to run: its own properties and constraints (e.g. a VM image)."""

    def properties(self) -> Mapping[str, PropertyValue]: ...

    def constraints(self) -> Constraint: ...


class DemandBuilder:
    """Collects a demand's properties and constraints step by step; `build()` freezes them.

    Each setter returns the builder, so calls chain. Setting a property twice
    keeps the last value; constraints accumulate and are ANDed.
    """

    def __init__(self) -> None:
        self._properties: dict[str, PropertyValue] = {}
        self._constraints: list[Constraint] = []

    def set(self, name: str, value: object) -> DemandBuilder:
        if not name or any(char.isspace() for char in name):
            raise ValueError(f"not a property name: {name!r}")
        self._properties[name] = normalize_value(value)
        return self

    def update(self, properties: Mapping[str, object]) -> DemandBuilder:
        for name, value in properties.items():
            self.set(name, value)
        return self

    def require(self, *constraints: Constraint) -> DemandBuilder:
        for constraint in constraints:
            if not isinstance(constraint, Constraint):
                raise TypeError(f"expected a Constraint, got {constraint!r}")
            self._constraints.append(constraint)
        return self

    def payload(self, payload: Payload) -> DemandBuilder:
        self.update(payload.properties())
        return self.require(payload.constraints())

    def payment(self, platform: str, address: str) -> DemandBuilder:
        """Pay on `platform` from `address` (the node's own id); providers must name it too."""
        self.set(CHOSEN_PLATFORM, platform)
        return self.set(platform_address_property(platform), address.lower())

    def expiration(self, when: datetime) -> DemandBuilder:
        return self.set(EXPIRATION, expiration_ms(when))

    def subnet(self, tag: str) -> DemandBuilder:
        """Only meet providers that publish the same `golem.node.debug.subnet` tag."""
        self.set(SUBNET, tag)
        return self.require(eq(SUBNET, tag))

    def debit_note_accept_timeout(self, timeout: timedelta) -> DemandBuilder:
        """How long we may take to accept a debit note (the provider may negotiate it)."""
        return self.set(DEBIT_NOTE_ACCEPT_TIMEOUT, seconds_property(timeout))

    def mid_agreement_payments(
        self, debit_note_interval: timedelta, payment_timeout: timedelta
    ) -> DemandBuilder:
        """Ask for debit notes every `debit_note_interval`, each paid within `payment_timeout`."""
        self.set(DEBIT_NOTE_INTERVAL, seconds_property(debit_note_interval))
        return self.set(PAYMENT_TIMEOUT, seconds_property(payment_timeout))

    def build(self) -> MarketSpec:
        constraint = all_of(*self._constraints) if self._constraints else AllOf(())
        return MarketSpec(properties=dict(self._properties), constraints=str(constraint))


# --- reading what the other side offers --------------------------------------------------


def _decimal(value: object, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise RemoteProtocolError(f"{name}: expected a number, got {value!r}")
    try:
        # str() first: a float's shortest repr, not its binary expansion
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise RemoteProtocolError(f"{name}: expected a number, got {value!r}") from error
    if not number.is_finite():
        raise RemoteProtocolError(f"{name}: expected a finite number, got {value!r}")
    return number


@attrs.frozen
class LinearPricing:
    """The linear price model: one coefficient per usage counter, then a fixed price."""

    usage_vector: tuple[str, ...]
    coeffs: tuple[Decimal, ...]

    @property
    def fixed_price(self) -> Decimal:
        return self.coeffs[-1]

    def price_of(self, counter: str) -> Decimal | None:
        """Price per unit of one usage counter (e.g. `golem.usage.duration_sec`), if charged."""
        if counter not in self.usage_vector:
            return None
        return self.coeffs[self.usage_vector.index(counter)]

    def cost(self, usage: Mapping[str, Decimal]) -> Decimal:
        """What the given usage costs; counters missing from `usage` count as zero."""
        total = self.fixed_price
        for counter, coeff in zip(self.usage_vector, self.coeffs[:-1], strict=True):
            total += coeff * usage.get(counter, Decimal(0))
        return total


def linear_pricing(properties: Mapping[str, object]) -> LinearPricing:
    """The offer's linear pricing; `RemoteProtocolError` if it has none or it is malformed."""
    model = properties.get(PRICING_MODEL, "linear")
    if model != "linear":
        raise RemoteProtocolError(f"unsupported pricing model {model!r}")
    coeffs = properties.get(PRICING_COEFFS)
    vector = properties.get(USAGE_VECTOR)
    if not isinstance(coeffs, (list, tuple)) or not coeffs:
        raise RemoteProtocolError(f"{PRICING_COEFFS} must be a non-empty list, got {coeffs!r}")
    if not isinstance(vector, (list, tuple)) or not all(isinstance(n, str) for n in vector):
        raise RemoteProtocolError(f"{USAGE_VECTOR} must be a list of names, got {vector!r}")
    if len(coeffs) != len(vector) + 1:
        raise RemoteProtocolError(
            f"{PRICING_COEFFS} needs one coefficient per usage counter plus a fixed price: "
            f"{len(coeffs)} coefficients for {len(vector)} counters"
        )
    values = tuple(_decimal(c, PRICING_COEFFS) for c in coeffs)
    if any(value < 0 for value in values):
        raise RemoteProtocolError(f"{PRICING_COEFFS} has a negative price: {coeffs!r}")
    return LinearPricing(usage_vector=tuple(vector), coeffs=values)


def payment_address(properties: Mapping[str, object], platform: str) -> str | None:
    """The address a party gives for `platform`, or None when it does not support it."""
    value = properties.get(platform_address_property(platform))
    return value if isinstance(value, str) and value else None
