"""A requestor's payment answers read from the daemon's JSON into `payment_data`'s snapshots.

The same snapshots `payment_data` makes from the generated models, without
building those (and dateutil) at first use. A field we use is required as the
generated model requires it: a missing one raises KeyError, a wrong kind
ValueError or TypeError, which the calls turn into `RemoteProtocolError`.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from golem_core._api.payment_data import (
    _EVENT_KINDS,
    AllocationData,
    DebitNoteData,
    DemandDecoration,
    DocumentEventData,
    DocumentStatus,
    DriverProblem,
    InvoiceData,
    Rejection,
    RejectionReason,
    _usage,
)
from golem_core._api.wire_dates import wire_date
from golem_core.ids import ActivityId, AgreementId, AllocationId, DebitNoteId, InvoiceId, NodeId

__all__ = [
    "allocation_from_json",
    "debit_note_from_json",
    "decoration_from_json",
    "event_from_json",
    "invoice_from_json",
]

_DRIVER_PROBLEMS = frozenset(
    ("CantSign", "InsufficientGas", "InsufficientToken", "InvalidChainId", "RpcError", "TxStuck")
)


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r:.100}")
    return value


def _date(value: object) -> datetime:
    """Naive times are UTC, as `payment_data` reads them."""
    parsed = wire_date(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _optional_date(value: object) -> datetime | None:
    return None if value is None else _date(value)


def _amount(value: object) -> Decimal:
    return Decimal(_str(value))


def allocation_from_json(d: dict[str, Any]) -> AllocationData:
    extend = d.get("extendTimeout")
    return AllocationData(
        allocation_id=AllocationId(_str(d["allocationId"])),
        address=_str(d["address"]),
        platform=_str(d["paymentPlatform"]),
        total_amount=_amount(d["totalAmount"]),
        spent_amount=_amount(d["spentAmount"]),
        remaining_amount=_amount(d["remainingAmount"]),
        timestamp=_date(d["timestamp"]),
        timeout=_optional_date(d.get("timeout")),
        extend_timeout=extend,
    )


def decoration_from_json(d: dict[str, Any]) -> DemandDecoration:
    constraints = d["constraints"]
    if not isinstance(constraints, list):
        raise TypeError(f"expected a list of constraints, got {constraints!r:.100}")
    return DemandDecoration(
        properties=tuple((p["key"], p["value"]) for p in d["properties"]),
        constraints=tuple(constraints),
    )


def debit_note_from_json(d: dict[str, Any]) -> DebitNoteData:
    previous = d.get("previousDebitNoteId")
    return DebitNoteData(
        debit_note_id=DebitNoteId(_str(d["debitNoteId"])),
        agreement_id=AgreementId(_str(d["agreementId"])),
        activity_id=ActivityId(_str(d["activityId"])),
        issuer_id=NodeId(_str(d["issuerId"])),
        recipient_id=NodeId(_str(d["recipientId"])),
        payee_addr=_str(d["payeeAddr"]),
        payer_addr=_str(d["payerAddr"]),
        platform=_str(d["paymentPlatform"]),
        timestamp=_date(d["timestamp"]),
        total_amount_due=_amount(d["totalAmountDue"]),
        usage=_usage(d.get("usageCounterVector")),
        payment_due_date=_optional_date(d.get("paymentDueDate")),
        previous_debit_note_id=None if previous is None else DebitNoteId(_str(previous)),
        status=DocumentStatus(d["status"]),
    )


def invoice_from_json(d: dict[str, Any]) -> InvoiceData:
    activity_ids = d["activityIds"]
    if not isinstance(activity_ids, list):
        raise TypeError(f"expected a list of activity ids, got {activity_ids!r:.100}")
    return InvoiceData(
        invoice_id=InvoiceId(_str(d["invoiceId"])),
        agreement_id=AgreementId(_str(d["agreementId"])),
        activity_ids=tuple(ActivityId(_str(a)) for a in activity_ids),
        issuer_id=NodeId(_str(d["issuerId"])),
        recipient_id=NodeId(_str(d["recipientId"])),
        payee_addr=_str(d["payeeAddr"]),
        payer_addr=_str(d["payerAddr"]),
        platform=_str(d["paymentPlatform"]),
        timestamp=_date(d["timestamp"]),
        amount=_amount(d["amount"]),
        payment_due_date=_date(d["paymentDueDate"]),
        status=DocumentStatus(d["status"]),
    )


def _rejection(d: dict[str, Any]) -> Rejection:
    message = d.get("message")
    return Rejection(
        RejectionReason(d["rejectionReason"]),
        _amount(d["totalAmountAccepted"]),
        None if message is None else _str(message),
    )


def _problem(d: dict[str, Any]) -> DriverProblem:
    kind = _str(d["kind"])
    if kind not in _DRIVER_PROBLEMS:
        raise ValueError(f"unknown driver status {kind!r:.100}")
    network, address = d.get("network"), d.get("address")
    return DriverProblem(
        kind=kind,
        driver=_str(d["driver"]),
        network=None if network is None else _str(network),
        address=None if address is None else _str(address),
    )


def event_from_json(d: dict[str, Any], id_field: str, prefix: str) -> DocumentEventData:
    """`{"eventType": "DebitNoteRejectedEvent", ...}` and friends -> one snapshot with a kind.

    `id_field` is the wire name of the document's id (`debitNoteId`, `invoiceId`).
    """
    event_type = _str(d["eventType"])
    name = event_type.removeprefix(prefix).removesuffix("Event")
    if not event_type.startswith(prefix) or not event_type.endswith("Event"):
        raise ValueError(f"not a {prefix} event: {event_type!r:.100}")
    kind = _EVENT_KINDS[name]
    return DocumentEventData(
        kind=kind,
        document_id=_str(d[id_field]),
        date=_date(d["eventDate"]),
        rejection=_rejection(d["rejection"]) if name == "Rejected" else None,
        problem=_problem(d["property"]) if name == "PaymentStatus" else None,
    )
