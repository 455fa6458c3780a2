"""How a provider answers a requestor's proposal: counter it, or refuse. No I/O.

The requestor counters our offer with its demand (a Draft); we answer with our
offer adjusted to what we can agree to. The rules, in order:

1. A provider told to refuse (fault) refuses everything.
2. The demand must name `golem.com.payment.chosen-platform`, one of our
   platforms, and give its own address on that platform.
3. A demand whose `golem.srv.comp.expiration` has passed is refused.
4. Negotiable payment terms (`...?` properties):
   - debit-note interval and debit-note acceptance timeout: the requestor's value,
     moved into our accepted range; ours when it names none;
   - payment timeout (mid-agreement payments): the requestor's value moved into
     range; when it names none we drop the property, so debit notes carry no
     due date and only the invoice is paid.
   A value that is not a positive number is refused.
Everything else in the counter-proposal is the offer as published, so the
daemon's matching of the two proposals holds as it did for the offer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation

import attrs

from golem_core.market.properties import (
    CHOSEN_PLATFORM,
    DEBIT_NOTE_ACCEPT_TIMEOUT,
    DEBIT_NOTE_INTERVAL,
    EXPIRATION,
    PAYMENT_TIMEOUT,
    PropertyValue,
    payment_address,
)
from golem_localnet.provider.offer import (
    OfferSpec,
    SecondsRange,
    offer_constraint,
    offer_properties,
)

__all__ = ["Answer", "CounterOffer", "RefuseProposal", "answer_demand"]


@attrs.frozen
class CounterOffer:
    """Send this as our counter-proposal."""

    properties: dict[str, PropertyValue]
    constraints: str
    platform: str


@attrs.frozen
class RefuseProposal:
    """Reject the proposal with this reason; the negotiation ends."""

    reason: str


Answer = CounterOffer | RefuseProposal


class _Refusal(Exception):
    pass


def answer_demand(
    spec: OfferSpec, demand: Mapping[str, object], *, now: datetime, refuse: bool = False
) -> Answer:
    """Our answer to a requestor's proposal whose properties are `demand` (see module doc)."""
    if refuse:
        return RefuseProposal("this provider refuses to negotiate (injected fault)")
    try:
        platform = _chosen_platform(spec, demand)
        _check_expiration(demand, now)
        terms = _agreed_terms(spec, demand)
    except _Refusal as refusal:
        return RefuseProposal(str(refusal))
    properties = offer_properties(spec)
    properties.pop(PAYMENT_TIMEOUT)
    properties.update(terms)
    return CounterOffer(properties, str(offer_constraint(spec)), platform)


def _chosen_platform(spec: OfferSpec, demand: Mapping[str, object]) -> str:
    platform = demand.get(CHOSEN_PLATFORM)
    if not isinstance(platform, str) or not platform:
        raise _Refusal(f"the demand names no payment platform ({CHOSEN_PLATFORM})")
    if platform not in spec.platforms:
        raise _Refusal(f"we are paid on {', '.join(spec.platforms)}, not on {platform}")
    if payment_address(demand, platform) is None:
        raise _Refusal(f"the demand gives no address to pay from on {platform}")
    return platform


def _check_expiration(demand: Mapping[str, object], now: datetime) -> None:
    value = demand.get(EXPIRATION)
    if value is None:
        return
    millis = _number(EXPIRATION, value)
    if millis <= Decimal(str(now.timestamp())) * 1000:
        raise _Refusal(f"the demand expired ({EXPIRATION}={value})")


def _agreed_terms(spec: OfferSpec, demand: Mapping[str, object]) -> dict[str, PropertyValue]:
    ranges = spec.payment
    terms: dict[str, PropertyValue] = {
        DEBIT_NOTE_INTERVAL: _agree(demand, DEBIT_NOTE_INTERVAL, ranges.debit_note_interval),
        DEBIT_NOTE_ACCEPT_TIMEOUT: _agree(demand, DEBIT_NOTE_ACCEPT_TIMEOUT, ranges.accept_timeout),
    }
    if demand.get(PAYMENT_TIMEOUT) is not None:
        terms[PAYMENT_TIMEOUT] = _agree(demand, PAYMENT_TIMEOUT, ranges.payment_timeout)
    return terms


def _agree(demand: Mapping[str, object], name: str, accepted: SecondsRange) -> int:
    value = demand.get(name)
    if value is None:
        return accepted.preferred
    seconds = _number(name, value)
    if seconds <= 0:
        raise _Refusal(f"{name} must be positive, got {value!r}")
    return accepted.clamp(math.ceil(seconds))


def _number(name: str, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _Refusal(f"{name} must be a number, got {value!r}")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise _Refusal(f"{name} must be a number, got {value!r}") from None
    if not number.is_finite():
        raise _Refusal(f"{name} must be a finite number, got {value!r}")
    return number
