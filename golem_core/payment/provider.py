"""The provider's half of payment: bill activities and agreements, and learn the requestor's answer.

A provider sends debit notes while an activity runs (each one the running total
for that activity) and one invoice per agreement at the end. Issuing stores the
document on the provider's daemon; sending delivers it and waits, up to
`ack_timeout`, for the requestor's daemon to confirm receipt. The requestor's
answer comes later: `wait_for_decision` long-polls the provider's document events.

Two things yagna 0.17.6 does that a provider must expect: a requestor cannot
reject a debit note (such a note just stays RECEIVED), and an invoice may not
ask for less than the agreement's documents asked before (400).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from golem_core._api import payment_provider as payment_api
from golem_core._api.payment import (
    DEFAULT_ACK_TIMEOUT,
    DebitNoteData,
    DocumentStatus,
    InvoiceData,
)
from golem_core.ids import ActivityId, AgreementId
from golem_core.node import GolemNode
from golem_core.payment.documents import DEFAULT_POLL_TIMEOUT, DebitNote, Invoice

__all__ = [
    "DECIDED",
    "DEFAULT_PAYMENT_DUE",
    "cancel_invoice",
    "issue_debit_note",
    "issue_invoice",
    "send_debit_note",
    "send_invoice",
    "wait_for_decision",
]

# When an invoice asks to be paid, unless told otherwise: a day after it is issued.
DEFAULT_PAYMENT_DUE = timedelta(days=1)
# Statuses that mean the requestor has answered (or the document is out of play).
DECIDED = frozenset(
    {
        DocumentStatus.ACCEPTED,
        DocumentStatus.REJECTED,
        DocumentStatus.SETTLED,
        DocumentStatus.CANCELLED,
        DocumentStatus.FAILED,
    }
)


def _due(due: datetime | timedelta) -> datetime:
    return datetime.now(timezone.utc) + due if isinstance(due, timedelta) else due


async def issue_debit_note(
    node: GolemNode,
    activity_id: ActivityId,
    total_amount_due: Decimal,
    *,
    usage: Sequence[Decimal] | None = None,
    payment_due: datetime | timedelta | None = None,
    send: bool = True,
    ack_timeout: float = DEFAULT_ACK_TIMEOUT,
) -> DebitNote:
    """Bill an activity its running total, with the usage counters behind it.

    A note with `payment_due` asks to be paid now (pay-as-you-go); without it,
    it only informs. With `send` (the default) the note is delivered too.
    """
    data = await payment_api.issue_debit_note(
        node.api,
        activity_id,
        total_amount_due,
        usage=usage,
        payment_due_date=None if payment_due is None else _due(payment_due),
    )
    note = DebitNote(node, data)
    if send:
        await send_debit_note(note, ack_timeout=ack_timeout)
    return note


async def send_debit_note(
    note: DebitNote, *, ack_timeout: float = DEFAULT_ACK_TIMEOUT
) -> DebitNoteData:
    """Deliver an issued note; returns it as the requestor has it now (RECEIVED)."""
    await payment_api.send_debit_note(note.node.api, note.id, ack_timeout=ack_timeout)
    return await note.refresh()


async def issue_invoice(
    node: GolemNode,
    agreement_id: AgreementId,
    amount: Decimal,
    *,
    activity_ids: Sequence[ActivityId] = (),
    payment_due: datetime | timedelta = DEFAULT_PAYMENT_DUE,
    send: bool = True,
    ack_timeout: float = DEFAULT_ACK_TIMEOUT,
) -> Invoice:
    """Bill an agreement its final amount; with `send` (the default) deliver it too."""
    data = await payment_api.issue_invoice(
        node.api, agreement_id, amount, _due(payment_due), activity_ids=activity_ids
    )
    invoice = Invoice(node, data)
    if send:
        await send_invoice(invoice, ack_timeout=ack_timeout)
    return invoice


async def send_invoice(
    invoice: Invoice, *, ack_timeout: float = DEFAULT_ACK_TIMEOUT
) -> InvoiceData:
    """Deliver an issued invoice; returns it as it stands now (RECEIVED)."""
    await payment_api.send_invoice(invoice.node.api, invoice.id, ack_timeout=ack_timeout)
    return await invoice.refresh()


async def cancel_invoice(
    invoice: Invoice, *, ack_timeout: float = DEFAULT_ACK_TIMEOUT
) -> InvoiceData:
    """Withdraw an invoice the requestor has not accepted (ConflictError once it has)."""
    await payment_api.cancel_invoice(invoice.node.api, invoice.id, ack_timeout=ack_timeout)
    return await invoice.refresh()


async def wait_for_decision(
    document: DebitNote | Invoice,
    timeout: float,
    *,
    poll_timeout: float = DEFAULT_POLL_TIMEOUT,
) -> DebitNoteData | InvoiceData:
    """Wait for the requestor's answer: the document once ACCEPTED, REJECTED, SETTLED...

    Raises CallTimeoutError when nothing is decided within `timeout` seconds,
    which is what a debit note refused by a 0.17.6 requestor looks like.
    """
    return await document.wait_status(DECIDED, timeout, poll_timeout=poll_timeout)
