"""The payment API, provider side: issuing, sending and cancelling debit notes and invoices."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from golem_core._api import YagnaApi, call
from golem_core._api.payment import DEFAULT_ACK_TIMEOUT, _check_ack, _check_aware, _typed
from golem_core._api.payment_data import (
    DebitNoteData,
    InvoiceData,
    debit_note_from,
    invoice_from,
    wire_amount,
)
from golem_core.ids import ActivityId, AgreementId, DebitNoteId, InvoiceId

__all__ = ["cancel_invoice", "issue_debit_note", "issue_invoice", "send_debit_note", "send_invoice"]


# --- documents, provider side -----------------------------------------------------


async def issue_debit_note(
    api: YagnaApi,
    activity_id: ActivityId,
    total_amount_due: Decimal,
    *,
    usage: Sequence[Decimal] | None = None,
    payment_due_date: datetime | None = None,
) -> DebitNoteData:
    """Create (not send) a debit note; the daemon answers 400 for an unknown activity."""
    from golem_rest_payment.api.provider import issue_debit_note as _issue_debit_note
    from golem_rest_payment.models import DebitNote as WireDebitNote
    from golem_rest_payment.models import NewDebitNote
    from golem_rest_payment.types import UNSET

    body = NewDebitNote(
        activity_id=activity_id,
        total_amount_due=wire_amount(total_amount_due),
        # counters are JSON numbers on the wire, as every provider sends them
        usage_counter_vector=UNSET if usage is None else [float(u) for u in usage],
        payment_due_date=UNSET if payment_due_date is None else _check_aware(payment_due_date),
    )
    answer = await call(_issue_debit_note.asyncio_detailed, client=api.payment, body=body)
    return debit_note_from(_typed(answer, WireDebitNote, "issue_debit_note"))


async def send_debit_note(
    api: YagnaApi, debit_note_id: DebitNoteId, *, ack_timeout: float = DEFAULT_ACK_TIMEOUT
) -> None:
    from golem_rest_payment.api.provider import send_debit_note as _send_debit_note

    await call(
        _send_debit_note.asyncio_detailed,
        debit_note_id=debit_note_id,
        client=api.payment,
        timeout=_check_ack(ack_timeout),
    )


async def issue_invoice(
    api: YagnaApi,
    agreement_id: AgreementId,
    amount: Decimal,
    payment_due_date: datetime,
    *,
    activity_ids: Sequence[ActivityId] = (),
) -> InvoiceData:
    """Create (not send) an invoice.

    The daemon answers 400 when an activity belongs to another agreement, or
    when the amount is below what the agreement's documents asked before.
    """
    from golem_rest_payment.api.provider import issue_invoice as _issue_invoice
    from golem_rest_payment.models import Invoice as WireInvoice
    from golem_rest_payment.models import NewInvoice

    body = NewInvoice(
        agreement_id=agreement_id,
        amount=wire_amount(amount),
        payment_due_date=_check_aware(payment_due_date),
        activity_ids=list(activity_ids),
    )
    answer = await call(_issue_invoice.asyncio_detailed, client=api.payment, body=body)
    return invoice_from(_typed(answer, WireInvoice, "issue_invoice"))


async def send_invoice(
    api: YagnaApi, invoice_id: InvoiceId, *, ack_timeout: float = DEFAULT_ACK_TIMEOUT
) -> None:
    from golem_rest_payment.api.provider import send_invoice as _send_invoice

    await call(
        _send_invoice.asyncio_detailed,
        invoice_id=invoice_id,
        client=api.payment,
        timeout=_check_ack(ack_timeout),
    )


async def cancel_invoice(
    api: YagnaApi, invoice_id: InvoiceId, *, ack_timeout: float = DEFAULT_ACK_TIMEOUT
) -> None:
    """ConflictError (409) once the requestor has accepted it."""
    from golem_rest_payment.api.provider import cancel_invoice as _cancel_invoice

    await call(
        _cancel_invoice.asyncio_detailed,
        invoice_id=invoice_id,
        client=api.payment,
        timeout=_check_ack(ack_timeout),
    )
