"""Misbehaviour a provider can be told to show, so requestors can be tested against it.

A fault is written `KIND` or `KIND=VALUE` (the exe-unit's own syntax). Kinds the
provider agent acts on itself:

    refuse-negotiation          reject every proposal instead of countering it
    terminate-after-approval    terminate each agreement right after approving it
    terminate-during-activity=S terminate the agreement S seconds (default 1) after
                                an activity starts
    overcharge=F                debit notes ask F times (default 2) the priced amount
    no-invoice                  never issue an invoice
    short-usage                 debit notes carry one usage counter fewer than the
                                agreed price list prices (a malformed note)
    no-pricing                  offers and counter-offers lack the price list (the linear
                                coefficients and the usage vector they price)

Any kind the exe-unit knows (`golem_localnet.exeunit.config.FaultKind`:
die-during-batch=N, hang-command, exit-nonzero, ...) is passed to every exe-unit
the provider starts, as `--fault KIND[=VALUE]`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TypeVar

import attrs

from golem_core.market.properties import PRICING_COEFFS, USAGE_VECTOR
from golem_localnet.exeunit.config import parse_fault as parse_exeunit_fault

__all__ = ["ProviderFaultKind", "ProviderFaults"]

T = TypeVar("T")


class ProviderFaultKind(enum.Enum):
    REFUSE_NEGOTIATION = "refuse-negotiation"
    TERMINATE_AFTER_APPROVAL = "terminate-after-approval"
    TERMINATE_DURING_ACTIVITY = "terminate-during-activity"
    OVERCHARGE = "overcharge"
    NO_INVOICE = "no-invoice"
    NO_PRICING = "no-pricing"
    SHORT_USAGE = "short-usage"


_DEFAULTS: dict[ProviderFaultKind, Decimal | None] = {
    ProviderFaultKind.REFUSE_NEGOTIATION: None,
    ProviderFaultKind.TERMINATE_AFTER_APPROVAL: None,
    ProviderFaultKind.TERMINATE_DURING_ACTIVITY: Decimal(1),
    ProviderFaultKind.OVERCHARGE: Decimal(2),
    ProviderFaultKind.NO_INVOICE: None,
    ProviderFaultKind.NO_PRICING: None,
    ProviderFaultKind.SHORT_USAGE: None,
}


@attrs.frozen
class ProviderFaults:
    """The faults of one provider; the default is a well-behaved provider."""

    refuse_negotiation: bool = False
    terminate_after_approval: bool = False
    # seconds after an activity starts; None: never
    terminate_during_activity_s: Decimal | None = None
    # debit notes are multiplied by this; None: honest
    overcharge_factor: Decimal | None = None
    send_invoices: bool = True
    # offers carry no linear coefficients nor usage vector
    no_pricing: bool = False
    # debit notes' usage vectors lack their last counter
    short_usage: bool = False
    # `--fault` arguments for every exe-unit, already validated
    exeunit: tuple[str, ...] = ()

    def offered(self, properties: Mapping[str, T]) -> dict[str, T]:
        """The properties this provider shows in its offer and counter-offers."""
        if not self.no_pricing:
            return dict(properties)
        return {k: v for k, v in properties.items() if k not in (PRICING_COEFFS, USAGE_VECTOR)}

    @classmethod
    def parse(cls, texts: Iterable[str]) -> ProviderFaults:
        """Faults from `KIND[=VALUE]` strings; ValueError names an unknown kind or bad value."""
        values: dict[ProviderFaultKind, Decimal | None] = {}
        exeunit: list[str] = []
        for text in texts:
            name, sep, value_text = text.strip().partition("=")
            try:
                kind = ProviderFaultKind(name)
            except ValueError:
                exeunit.append(_exeunit_fault(text.strip()))
                continue
            values[kind] = _value(kind, value_text if sep else None)
        return cls(
            refuse_negotiation=ProviderFaultKind.REFUSE_NEGOTIATION in values,
            terminate_after_approval=ProviderFaultKind.TERMINATE_AFTER_APPROVAL in values,
            terminate_during_activity_s=values.get(ProviderFaultKind.TERMINATE_DURING_ACTIVITY),
            overcharge_factor=values.get(ProviderFaultKind.OVERCHARGE),
            send_invoices=ProviderFaultKind.NO_INVOICE not in values,
            no_pricing=ProviderFaultKind.NO_PRICING in values,
            short_usage=ProviderFaultKind.SHORT_USAGE in values,
            exeunit=tuple(exeunit),
        )


def _value(kind: ProviderFaultKind, text: str | None) -> Decimal | None:
    default = _DEFAULTS[kind]
    if text is None:
        return default
    if default is None:
        raise ValueError(f"fault {kind.value} takes no value")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"fault {kind.value}: {text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"fault {kind.value}: the value must be a number >= 0")
    return value


def _exeunit_fault(text: str) -> str:
    try:
        parse_exeunit_fault(text)
    except ValueError as error:
        known = ", ".join(k.value for k in ProviderFaultKind)
        raise ValueError(f"{error}; provider faults: {known}") from None
    return text
