"""Paying providers: golem_core's PaymentManager, with the market strategy's say on amounts.

The manager decides every debit note and invoice with its ledger (prices,
usage, budget). The strategy comes first: `debit_note_accepted_amount` /
`invoice_accepted_amount` is asked for the document, and a document it will
not pay in full is rejected with that amount as what we would accept. What
the manager does is then told to the application as golem_hl events
(`DebitNoteReceived`/`Accepted`, `InvoiceReceived`/`Accepted`, `PaymentFailed`).

golem_core's manager has no hook for this yet, so a subclass wraps its two
decision methods; see the report that came with this module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from golem_core import events as core_events
from golem_core.exceptions import GolemError
from golem_core.ids import ActivityId, AgreementId
from golem_core.node import GolemNode
from golem_core.payment import (
    Allocation,
    DebitNote,
    DebitNoteClaim,
    Decision,
    Invoice,
    Ledger,
    PaymentManager,
    Reject,
    RejectionCode,
)
from golem_hl import events
from golem_hl._engine.emitter import EventEmitter
from golem_hl._engine.job import Job
from golem_hl.records import AgreementInfo, DebitNoteInfo, InvoiceInfo
from golem_hl.strategy import BaseMarketStrategy

__all__ = ["PAYMENT_EVENTS", "PaymentEvents", "StrategyPaymentManager"]

logger = logging.getLogger(__name__)

ZERO = Decimal(0)

PAYMENT_EVENTS: tuple[type[core_events.Event], ...] = (
    core_events.DebitNoteReceived,
    core_events.DebitNoteAccepted,
    core_events.InvoiceReceived,
    core_events.InvoiceAccepted,
    core_events.PaymentActionFailed,
    core_events.DebitNoteRejected,
    core_events.InvoiceRejected,
)


_Document = tuple[str, ...]


def _note(agreement_id: str, activity_id: str) -> _Document:
    return ("debit note", agreement_id, activity_id)


def _invoice(agreement_id: str) -> _Document:
    return ("invoice", agreement_id)


class _StrategyLedger(Ledger):
    """A ledger that first applies the strategy's cap for the document being decided.

    Caps are kept per document, as deciding an invoice may first decide the
    debit notes it overtook.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.caps: dict[_Document, Decimal] = {}

    def _capped(self, document: _Document, amount: Decimal) -> Reject | None:
        cap = self.caps.pop(document, None)
        if cap is None or cap >= amount:
            return None
        return Reject(
            f"the market strategy accepts {cap} of the {amount} asked",
            RejectionCode.INCORRECT_AMOUNT,
            max(cap, ZERO),
        )

    def decide_debit_note(
        self, agreement_id: AgreementId, activity_id: ActivityId, claim: DebitNoteClaim
    ) -> Decision:
        return self._capped(_note(agreement_id, activity_id), claim.amount_due) or (
            super().decide_debit_note(agreement_id, activity_id, claim)
        )

    def decide_invoice(
        self, agreement_id: AgreementId, amount: Decimal, activity_ids: Iterable[ActivityId]
    ) -> Decision:
        return self._capped(_invoice(agreement_id), amount) or super().decide_invoice(
            agreement_id, amount, activity_ids
        )


class StrategyPaymentManager(PaymentManager):
    def __init__(
        self,
        node: GolemNode,
        allocation: Allocation,
        strategy: BaseMarketStrategy,
        budget: Decimal,
        **options: Any,
    ) -> None:
        super().__init__(node, allocation, budget, **options)
        self.ledger: _StrategyLedger = _StrategyLedger(self.ledger.budget, self.ledger.policy)
        self._strategy = strategy

    async def _cap(self, amount: Callable[[], Any], document: str) -> Decimal:
        try:
            return Decimal(await amount())
        except Exception:
            logger.exception("the market strategy failed on %s; it is not paid", document)
            return ZERO

    async def _decide_debit_note(self, note: DebitNote) -> None:
        data = note.data
        info = DebitNoteInfo(
            debit_note_id=data.debit_note_id,
            agreement_id=data.agreement_id,
            activity_id=data.activity_id,
            issuer_id=data.issuer_id,
            total_amount_due=data.total_amount_due,
        )
        self.ledger.caps[_note(data.agreement_id, data.activity_id)] = await self._cap(
            lambda: self._strategy.debit_note_accepted_amount(info), f"debit note {note.id}"
        )
        await super()._decide_debit_note(note)

    async def _decide_invoice(self, invoice: Invoice) -> None:
        data = invoice.data
        info = InvoiceInfo(
            invoice_id=data.invoice_id,
            agreement_id=data.agreement_id,
            issuer_id=data.issuer_id,
            amount=data.amount,
        )
        self.ledger.caps[_invoice(data.agreement_id)] = await self._cap(
            lambda: self._strategy.invoice_accepted_amount(info), f"invoice {invoice.id}"
        )
        await super()._decide_invoice(invoice)


class PaymentEvents:
    """Turns the payment manager's golem_core events into golem_hl events, per agreement."""

    def __init__(self, emitter: EventEmitter) -> None:
        self._emitter = emitter
        self._agreements: dict[str, tuple[Job, AgreementInfo]] = {}
        self._notes: dict[str, DebitNoteInfo] = {}
        self._invoices: dict[str, InvoiceInfo] = {}

    def register(self, job: Job, agreement: AgreementInfo) -> None:
        self._agreements[agreement.id] = (job, agreement)

    def consume(self, event: core_events.Event) -> None:
        agreement_id = getattr(event, "agreement_id", None)
        known = self._agreements.get(str(agreement_id))
        if known is None:
            return
        job, agreement = known
        context: dict[str, Any] = {
            "job": job,
            "agreement": agreement,
            "timestamp": event.timestamp,
        }
        if isinstance(event, core_events.DebitNoteReceived):
            note = DebitNoteInfo(
                debit_note_id=event.debit_note_id,
                agreement_id=event.agreement_id,
                activity_id=event.activity_id,
                issuer_id=event.provider_id,
                total_amount_due=event.total_amount_due,
            )
            self._notes[note.id] = note
            self._emitter.emit(events.DebitNoteReceived(debit_note=note, **context))
        elif isinstance(event, core_events.DebitNoteAccepted):
            note = self._notes.get(event.debit_note_id) or DebitNoteInfo(
                event.debit_note_id, event.agreement_id, "", "", event.amount
            )
            self._emitter.emit(events.DebitNoteAccepted(debit_note=note, **context))
        elif isinstance(event, core_events.InvoiceReceived):
            invoice = InvoiceInfo(
                invoice_id=event.invoice_id,
                agreement_id=event.agreement_id,
                issuer_id=event.provider_id,
                amount=event.amount,
            )
            self._invoices[invoice.id] = invoice
            self._emitter.emit(events.InvoiceReceived(invoice=invoice, **context))
        elif isinstance(event, core_events.InvoiceAccepted):
            invoice = self._invoices.get(event.invoice_id) or InvoiceInfo(
                event.invoice_id, event.agreement_id, agreement.provider_id, event.amount
            )
            self._emitter.emit(events.InvoiceAccepted(invoice=invoice, **context))
        elif isinstance(event, (core_events.DebitNoteRejected, core_events.InvoiceRejected)):
            # yapapi has no event for this; the provider was told why
            document = getattr(event, "invoice_id", None) or getattr(event, "debit_note_id", "")
            logger.warning(
                "rejected %s from %s: %s",
                document,
                agreement.details.provider_node_info.name or agreement.provider_id,
                event.reason,
            )
        elif isinstance(event, core_events.PaymentActionFailed):
            error = GolemError(f"could not {event.action} {event.document_id}: {event.error}")
            self._emitter.emit(events.PaymentFailed(exc_info=(type(error), error, None), **context))
