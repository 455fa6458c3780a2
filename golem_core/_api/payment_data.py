"""Snapshots of the payment API's objects, and their conversion from the generated models.

Amounts become `Decimal` (the daemon sends decimal strings), dates aware
datetimes, ids our typed ids, and the eight event classes per document type one
`DocumentEventData` with a `kind`. Usage counters, free JSON on the wire, are
kept when they are a list of numbers.
"""

from __future__ import annotations

import enum
from datetime import datetime, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from golem_rest_payment.models import Allocation as WireAllocation
    from golem_rest_payment.models import DebitNote as WireDebitNote
    from golem_rest_payment.models import DriverStatusProperty as WireDriverStatus
    from golem_rest_payment.models import Invoice as WireInvoice
    from golem_rest_payment.models import Rejection as WireRejection
    from golem_rest_payment.types import Unset

from golem_core.ids import ActivityId, AgreementId, AllocationId, DebitNoteId, InvoiceId, NodeId

__all__ = [
    "ALL_EVENT_KINDS",
    "AllocationData",
    "DebitNoteData",
    "DemandDecoration",
    "DocumentEventData",
    "DocumentEventKind",
    "DocumentStatus",
    "DriverProblem",
    "InvoiceData",
    "Rejection",
    "RejectionReason",
    "allocation_from",
    "debit_note_from",
    "event_from",
    "invoice_from",
    "to_wire_rejection",
    "wire_amount",
]


def wire_amount(amount: Decimal) -> str:
    """A Decimal as the daemon parses it: plain notation, every digit kept."""
    if not amount.is_finite():
        raise ValueError(f"not a finite amount: {amount}")
    return format(amount, "f")


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _optional_date(value: datetime | Unset) -> datetime | None:
    from golem_rest_payment.types import Unset

    return None if isinstance(value, Unset) else _aware(value)


# --- snapshots --------------------------------------------------------------------


class DocumentStatus(str, enum.Enum):
    """Where a debit note or invoice stands; RECEIVED is how the requestor sees a delivered one."""

    ISSUED = "ISSUED"
    RECEIVED = "RECEIVED"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    FAILED = "FAILED"
    SETTLED = "SETTLED"
    CANCELLED = "CANCELLED"


class RejectionReason(str, enum.Enum):
    UNSOLICITED_SERVICE = "UNSOLICITED_SERVICE"
    BAD_SERVICE = "BAD_SERVICE"
    INCORRECT_AMOUNT = "INCORRECT_AMOUNT"


@attrs.frozen
class Rejection:
    reason: RejectionReason
    # what the requestor would have agreed to pay
    amount_accepted: Decimal
    message: str | None = None


@attrs.frozen
class AllocationData:
    allocation_id: AllocationId
    address: str
    platform: str
    total_amount: Decimal
    spent_amount: Decimal
    remaining_amount: Decimal
    timestamp: datetime
    # when the daemon releases it by itself
    timeout: datetime | None
    extend_timeout: int | None


@attrs.frozen
class DemandDecoration:
    """Properties and constraints that make a demand payable from some allocations.

    Properties are (key, value) pairs, as one key may come once per allocation.
    """

    properties: tuple[tuple[str, str], ...]
    constraints: tuple[str, ...]


@attrs.frozen
class DebitNoteData:
    debit_note_id: DebitNoteId
    agreement_id: AgreementId
    activity_id: ActivityId
    issuer_id: NodeId
    recipient_id: NodeId
    payee_addr: str
    payer_addr: str
    platform: str
    # when this node stored it: issue time for the provider, receipt for the requestor
    timestamp: datetime
    total_amount_due: Decimal
    # the counters behind the amount; None when absent or not a list of numbers
    usage: tuple[Decimal, ...] | None
    payment_due_date: datetime | None
    previous_debit_note_id: DebitNoteId | None
    status: DocumentStatus


@attrs.frozen
class InvoiceData:
    invoice_id: InvoiceId
    agreement_id: AgreementId
    activity_ids: tuple[ActivityId, ...]
    issuer_id: NodeId
    recipient_id: NodeId
    payee_addr: str
    payer_addr: str
    platform: str
    timestamp: datetime
    amount: Decimal
    payment_due_date: datetime
    status: DocumentStatus


class DocumentEventKind(str, enum.Enum):
    """What happened to a document; the values are the daemon's header tokens."""

    RECEIVED = "RECEIVED"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"
    SETTLED = "SETTLED"
    PAYMENT_PROBLEM = "PAYMENT_EVENT"  # the payment driver is stuck (see `problem`)
    PAYMENT_OK = "PAYMENT_OK"  # ... and is no longer
    FAILED = "FAILED"  # listed by yagna's spec, never sent by 0.17.6


ALL_EVENT_KINDS = frozenset(DocumentEventKind) - {DocumentEventKind.FAILED}


@attrs.frozen
class DriverProblem:
    kind: str  # InsufficientGas, InsufficientToken, InvalidChainId, CantSign, TxStuck, RpcError
    driver: str
    network: str | None
    address: str | None


@attrs.frozen
class DocumentEventData:
    """One event of a debit note or an invoice, from a document event long poll."""

    kind: DocumentEventKind
    document_id: str
    date: datetime
    rejection: Rejection | None = None
    problem: DriverProblem | None = None


_EVENT_KINDS = {
    "Received": DocumentEventKind.RECEIVED,
    "Accepted": DocumentEventKind.ACCEPTED,
    "Rejected": DocumentEventKind.REJECTED,
    "Cancelled": DocumentEventKind.CANCELLED,
    "Settled": DocumentEventKind.SETTLED,
    "PaymentStatus": DocumentEventKind.PAYMENT_PROBLEM,
    "PaymentOk": DocumentEventKind.PAYMENT_OK,
    "Failed": DocumentEventKind.FAILED,
}


# --- conversions ------------------------------------------------------------------


def _usage(raw: Any) -> tuple[Decimal, ...] | None:
    if not isinstance(raw, list):
        return None
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw):
        return None
    values = tuple(Decimal(str(v)) for v in raw)
    return values if all(v.is_finite() for v in values) else None


def allocation_from(wire: WireAllocation) -> AllocationData:
    from golem_rest_payment.types import Unset

    return AllocationData(
        allocation_id=AllocationId(wire.allocation_id),
        address=wire.address,
        platform=wire.payment_platform,
        total_amount=Decimal(wire.total_amount),
        spent_amount=Decimal(wire.spent_amount),
        remaining_amount=Decimal(wire.remaining_amount),
        timestamp=_aware(wire.timestamp),
        timeout=_optional_date(wire.timeout),
        extend_timeout=None if isinstance(wire.extend_timeout, Unset) else wire.extend_timeout,
    )


def debit_note_from(wire: WireDebitNote) -> DebitNoteData:
    from golem_rest_payment.types import Unset

    previous = wire.previous_debit_note_id
    return DebitNoteData(
        debit_note_id=DebitNoteId(wire.debit_note_id),
        agreement_id=AgreementId(wire.agreement_id),
        activity_id=ActivityId(wire.activity_id),
        issuer_id=NodeId(wire.issuer_id),
        recipient_id=NodeId(wire.recipient_id),
        payee_addr=wire.payee_addr,
        payer_addr=wire.payer_addr,
        platform=wire.payment_platform,
        timestamp=_aware(wire.timestamp),
        total_amount_due=Decimal(wire.total_amount_due),
        usage=_usage(wire.usage_counter_vector),
        payment_due_date=_optional_date(wire.payment_due_date),
        previous_debit_note_id=None if isinstance(previous, Unset) else DebitNoteId(previous),
        status=DocumentStatus(wire.status.value),
    )


def invoice_from(wire: WireInvoice) -> InvoiceData:
    return InvoiceData(
        invoice_id=InvoiceId(wire.invoice_id),
        agreement_id=AgreementId(wire.agreement_id),
        activity_ids=tuple(ActivityId(a) for a in wire.activity_ids),
        issuer_id=NodeId(wire.issuer_id),
        recipient_id=NodeId(wire.recipient_id),
        payee_addr=wire.payee_addr,
        payer_addr=wire.payer_addr,
        platform=wire.payment_platform,
        timestamp=_aware(wire.timestamp),
        amount=Decimal(wire.amount),
        payment_due_date=_aware(wire.payment_due_date),
        status=DocumentStatus(wire.status.value),
    )


def _rejection(wire: WireRejection) -> Rejection:
    from golem_rest_payment.types import Unset

    message = None if isinstance(wire.message, Unset) else wire.message
    return Rejection(
        RejectionReason(wire.rejection_reason.value), Decimal(wire.total_amount_accepted), message
    )


def _problem(wire: WireDriverStatus) -> DriverProblem:
    from golem_rest_payment.types import Unset

    return DriverProblem(
        kind=wire.kind.value,
        driver=wire.driver,
        network=None if isinstance(wire.network, Unset) else wire.network,
        address=None if isinstance(wire.address, Unset) else wire.address,
    )


def event_from(wire: Any, id_field: str, prefix: str) -> DocumentEventData:
    """`DebitNoteRejectedEvent` and friends -> one snapshot class with a kind."""
    from golem_rest_payment.models import DriverStatusProperty as WireDriverStatus
    from golem_rest_payment.models import Rejection as WireRejection

    name = wire.event_type.value.removeprefix(prefix).removesuffix("Event")
    rejection = getattr(wire, "rejection", None)
    problem = getattr(wire, "property_", None)
    return DocumentEventData(
        kind=_EVENT_KINDS[name],
        document_id=getattr(wire, id_field),
        date=_aware(wire.event_date),
        rejection=_rejection(rejection) if isinstance(rejection, WireRejection) else None,
        problem=_problem(problem) if isinstance(problem, WireDriverStatus) else None,
    )


def to_wire_rejection(rejection: Rejection) -> WireRejection:
    from golem_rest_payment.models import Rejection as WireRejection
    from golem_rest_payment.models import RejectionReason as WireRejectionReason
    from golem_rest_payment.types import UNSET

    return WireRejection(
        rejection_reason=WireRejectionReason(rejection.reason.value),
        total_amount_accepted=wire_amount(rejection.amount_accepted),
        message=UNSET if rejection.message is None else rejection.message,
    )
