"""Paying providers: golem_core's PaymentManager, with the market strategy's say on amounts.

The manager decides every debit note and invoice with its ledger (prices,
usage, budget). The strategy's cap comes first: `debit_note_accepted_amount` /
`invoice_accepted_amount` is asked for the document, and a document it will
not pay in full is rejected with that amount as what we would accept. What
the manager does is then told to the application as golem_hl events
(`DebitNoteReceived`/`Accepted`, `InvoiceReceived`/`Accepted`, `PaymentFailed`).

The strategy plugs into the manager as its `PaymentApprover` (`StrategyApprover`);
the decision stays the manager's ledger's.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from golem_core import events as core_events
from golem_core.exceptions import GolemError
from golem_core.payment import DebitNoteData, InvoiceData
from golem_hl import events
from golem_hl._engine.emitter import EventEmitter
from golem_hl._engine.job import Job
from golem_hl.records import AgreementInfo, DebitNoteInfo, InvoiceInfo
from golem_hl.strategy import BaseMarketStrategy

__all__ = ["PAYMENT_EVENTS", "PaymentEvents", "StrategyApprover"]

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


class StrategyApprover:
    """yapapi's market strategy as golem_core's `PaymentApprover`: what it accepts is the cap."""

    name = "the market strategy"

    def __init__(self, strategy: BaseMarketStrategy) -> None:
        self._strategy = strategy

    async def debit_note(self, note: DebitNoteData) -> Decimal:
        info = DebitNoteInfo(
            debit_note_id=note.debit_note_id,
            agreement_id=note.agreement_id,
            activity_id=note.activity_id,
            issuer_id=note.issuer_id,
            total_amount_due=note.total_amount_due,
        )
        return Decimal(await self._strategy.debit_note_accepted_amount(info))

    async def invoice(self, invoice: InvoiceData) -> Decimal:
        info = InvoiceInfo(
            invoice_id=invoice.invoice_id,
            agreement_id=invoice.agreement_id,
            issuer_id=invoice.issuer_id,
            amount=invoice.amount,
        )
        return Decimal(await self._strategy.invoice_accepted_amount(info))


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
