"""The offer a provider publishes: a VM provider's properties and constraints, no I/O.

Pricing follows `golem_core.payment.pricing`: `golem.com.pricing.model.linear.coeffs`
holds one price per counter of `golem.com.usage.vector`, then the fixed start
price. Payment terms marked `?` (debit-note interval, payment timeout, debit-note
acceptance timeout) are negotiable: the offer states our preferred value and
`negotiation.py` agrees to the requestor's within the ranges of `PaymentRanges`.

The constraint asks for a demand that can pay on one of our platforms (it gives
an address there) within our subnet. Which platform is used is settled in
negotiation through `golem.com.payment.chosen-platform`: requestors (yapapi,
golem-js) only add that property to their counter-proposals, so requiring it
in the constraint would hide the offer from their first demand.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from golem_core.market.constraints import Constraint, all_of, any_of, eq, present
from golem_core.market.properties import (
    DEBIT_NOTE_ACCEPT_TIMEOUT,
    DEBIT_NOTE_INTERVAL,
    PAYMENT_TIMEOUT,
    PRICING_COEFFS,
    PRICING_MODEL,
    SUBNET,
    USAGE_VECTOR,
    PropertyValue,
    normalize_value,
    platform_address_property,
)
from golem_core.payment.pricing import LinearPricing

__all__ = [
    "CPU_SEC",
    "DEFAULT_PLATFORM",
    "DURATION_SEC",
    "MULTI_ACTIVITY",
    "NODE_NAME",
    "OFFER_USAGE_VECTOR",
    "RUNTIME_NAME",
    "Hardware",
    "OfferSpec",
    "PaymentRanges",
    "Prices",
    "SecondsRange",
    "offer_constraint",
    "offer_properties",
]

CPU_SEC = "golem.usage.cpu_sec"
DURATION_SEC = "golem.usage.duration_sec"
# the counter order of our offers (and so of the exe-unit's usage reports)
OFFER_USAGE_VECTOR = (CPU_SEC, DURATION_SEC)
DEFAULT_PLATFORM = "erc20-holesky-tglm"

RUNTIME_NAME = "golem.runtime.name"
NODE_NAME = "golem.node.id.name"
MULTI_ACTIVITY = "golem.srv.caps.multi-activity"
# what the runtime can do; "vpn": activities join the Deploy's networks (requestors ask for it)
RUNTIME_CAPABILITIES = "golem.runtime.capabilities"


@attrs.frozen
class Hardware:
    """What the provider claims to have (nothing checks it: the exe-unit runs on this host)."""

    cpu_threads: int = 1
    cpu_cores: int = 1
    mem_gib: float = 1.0
    storage_gib: float = 10.0


@attrs.frozen
class Prices:
    """Prices in GLM: per CPU second, per second of activity, and once per activity."""

    cpu_sec: Decimal = Decimal("0.0002")
    duration_sec: Decimal = Decimal("0.0001")
    start: Decimal = Decimal("0.001")

    def pricing(self) -> LinearPricing:
        return LinearPricing(
            usage_vector=OFFER_USAGE_VECTOR,
            coefficients=(self.cpu_sec, self.duration_sec),
            fixed=self.start,
        )


@attrs.frozen
class SecondsRange:
    """A negotiable duration in whole seconds: what we offer, and what we accept."""

    preferred: int
    low: int
    high: int

    def __attrs_post_init__(self) -> None:
        if not 0 < self.low <= self.preferred <= self.high:
            raise ValueError(f"need 0 < low <= preferred <= high, got {self}")


@attrs.frozen
class PaymentRanges:
    """Negotiable payment terms: the offer's values and what we accept (yagna's defaults).

    yagna 0.17.6's provider offers 120 s for each and accepts 1 s .. 24 h
    (agent/provider/src/market/negotiator/factory.rs); it requires a payment
    timeout of demands that run 10 h or more."""

    debit_note_interval: SecondsRange = SecondsRange(120, 1, 24 * 3600)
    payment_timeout: SecondsRange = SecondsRange(120, 1, 24 * 3600)
    accept_timeout: SecondsRange = SecondsRange(120, 5, 24 * 3600)
    payment_timeout_required_after: int = 10 * 3600


@attrs.frozen
class OfferSpec:
    """Everything that makes one provider's offer."""

    node_id: str
    name: str
    subnet: str
    # platform -> our address there (the node id on erc20 platforms)
    platforms: tuple[str, ...] = (DEFAULT_PLATFORM,)
    hardware: Hardware = Hardware()
    prices: Prices = Prices()
    payment: PaymentRanges = PaymentRanges()
    runtime_version: str = "0.4.0"

    def __attrs_post_init__(self) -> None:
        if not self.platforms:
            raise ValueError("an offer needs at least one payment platform")

    @property
    def pricing(self) -> LinearPricing:
        return self.prices.pricing()


def offer_properties(spec: OfferSpec) -> dict[str, PropertyValue]:
    """The flat property map of the offer, as the market carries it."""
    prices = spec.prices
    properties: dict[str, object] = {
        RUNTIME_NAME: "vm",
        "golem.runtime.version": spec.runtime_version,
        RUNTIME_CAPABILITIES: ["vpn"],
        "golem.inf.cpu.architecture": "x86_64",
        "golem.inf.cpu.threads": spec.hardware.cpu_threads,
        "golem.inf.cpu.cores": spec.hardware.cpu_cores,
        "golem.inf.mem.gib": spec.hardware.mem_gib,
        "golem.inf.storage.gib": spec.hardware.storage_gib,
        "golem.activity.caps.transfer.protocol": ["gftp", "http", "https"],
        PRICING_MODEL: "linear",
        PRICING_COEFFS: [prices.cpu_sec, prices.duration_sec, prices.start],
        USAGE_VECTOR: list(OFFER_USAGE_VECTOR),
        "golem.com.scheme": "payu",
        "golem.com.payment.protocol.version": 3,
        DEBIT_NOTE_ACCEPT_TIMEOUT: spec.payment.accept_timeout.preferred,
        DEBIT_NOTE_INTERVAL: spec.payment.debit_note_interval.preferred,
        PAYMENT_TIMEOUT: spec.payment.payment_timeout.preferred,
        NODE_NAME: spec.name,
        SUBNET: spec.subnet,
        MULTI_ACTIVITY: True,
    }
    for platform in spec.platforms:
        properties[platform_address_property(platform)] = spec.node_id
    return {name: normalize_value(value) for name, value in properties.items()}


def offer_constraint(spec: OfferSpec) -> Constraint:
    """A demand in our subnet that can pay on one of our platforms."""
    can_pay = any_of(*(present(platform_address_property(p)) for p in spec.platforms))
    return all_of(eq(SUBNET, spec.subnet), can_pay)
