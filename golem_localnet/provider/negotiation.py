"""How a provider answers a requestor's proposal: counter it, or refuse. No I/O.

The requestor counters our offer with its demand (a Draft); we answer with our
offer adjusted to what we can agree to. The rules, in order:

1. A provider told to refuse (fault) refuses everything.
2. The demand must name `golem.com.payment.chosen-platform`, one of our
   platforms, and give its own address on that platform.
3. A demand whose `golem.srv.comp.expiration` has passed is refused.
4. Negotiable payment terms (`...?` properties), as yagna 0.17.6's provider agent
   negotiates them (agent/provider/src/market/negotiator/builtin/note_interval.rs,
   payment_timeout.rs, expiration.rs):
   - debit-note interval and payment timeout: the requestor's value when it is in
     our range, refused when it is not; when the demand names none the property
     is dropped (then debit notes come every `UNAGREED_DEBIT_NOTE_INTERVAL`, and
     none is payable: no mid-agreement payments);
   - a demand that runs past `PaymentRanges.payment_timeout_required_after`
     without a payment timeout is refused (long agreements must pay as they go);
   - debit-note acceptance timeout: the requestor's value when it is at most
     ours (and at least 5 s), refused when longer; dropped when it names none
     (then nothing is enforced).
   A value that is not a whole positive number of seconds is refused.
Everything else in the counter-proposal is the offer as published, so the
daemon's matching of the two proposals holds as it did for the offer.
"""

from __future__ import annotations

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

# yagna's LimitExpiration refuses a shorter debit-note acceptance timeout
MIN_ACCEPT_TIMEOUT_S = 5


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
        terms = _agreed_terms(spec, demand, now)
    except _Refusal as refusal:
        return RefuseProposal(str(refusal))
    properties = offer_properties(spec)
    for negotiable in (DEBIT_NOTE_INTERVAL, PAYMENT_TIMEOUT, DEBIT_NOTE_ACCEPT_TIMEOUT):
        properties.pop(negotiable)
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


def _agreed_terms(
    spec: OfferSpec, demand: Mapping[str, object], now: datetime
) -> dict[str, PropertyValue]:
    ranges = spec.payment
    terms: dict[str, PropertyValue] = {}
    interval = _in_range(demand, DEBIT_NOTE_INTERVAL, ranges.debit_note_interval)
    if interval is not None:
        terms[DEBIT_NOTE_INTERVAL] = interval
    payment_timeout = _in_range(demand, PAYMENT_TIMEOUT, ranges.payment_timeout)
    if payment_timeout is not None:
        terms[PAYMENT_TIMEOUT] = payment_timeout
    elif _runs_longer_than(demand, now, ranges.payment_timeout_required_after):
        raise _Refusal(
            f"the demand runs past {ranges.payment_timeout_required_after} s from now "
            f"but names no {PAYMENT_TIMEOUT} (mid-agreement payments are required)"
        )
    accept = _seconds(demand, DEBIT_NOTE_ACCEPT_TIMEOUT)
    if accept is not None:
        ours = ranges.accept_timeout.preferred
        if accept > ours:
            raise _Refusal(f"DebitNote acceptance deadline should be less than {ours} s")
        if accept < MIN_ACCEPT_TIMEOUT_S:
            raise _Refusal(f"too low DebitNotes timeout: {accept} s")
        terms[DEBIT_NOTE_ACCEPT_TIMEOUT] = accept
    return terms


def _in_range(demand: Mapping[str, object], name: str, accepted: SecondsRange) -> int | None:
    seconds = _seconds(demand, name)
    if seconds is None:
        return None
    if not accepted.low <= seconds <= accepted.high:
        raise _Refusal(
            f"demand's {name} {seconds} s not in acceptable range of "
            f"[{accepted.low} s; {accepted.high} s]"
        )
    return seconds


def _seconds(demand: Mapping[str, object], name: str) -> int | None:
    value = demand.get(name)
    if value is None:
        return None
    seconds = _number(name, value)
    if seconds <= 0 or seconds != seconds.to_integral_value():
        raise _Refusal(f"{name} must be a whole positive number of seconds, got {value!r}")
    return int(seconds)


def _runs_longer_than(demand: Mapping[str, object], now: datetime, seconds: int) -> bool:
    value = demand.get(EXPIRATION)
    if value is None:
        return False
    left_ms = _number(EXPIRATION, value) - Decimal(str(now.timestamp())) * 1000
    return left_ms >= seconds * 1000


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
