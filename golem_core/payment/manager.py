"""The requestor's payment loop: accept what is fair, reject the rest, never pass the budget.

Two long polls (debit-note events and invoice events) feed two queues, and a
single worker handles them, so decisions never race each other for the budget.
Queued debit notes go first: an invoice is priced on the notes sent before it.
For each received document the worker reads it, asks the ledger (pure) for a
decision, performs it, then records the outcome: decide first, I/O after.

Documents of agreements not yet registered wait aside until `register_agreement`
names them (a provider can be quicker than our bookkeeping). Debit notes are
decided only while their agreement is in use (`agreement_ended`, `debit_notes.py`,
`following.py`). Before the node
closes the manager waits, on events, for every registered agreement's invoice to
be decided or cancelled (or a timeout), then releases the allocation.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

from golem_core._api.payment import (
    ALL_EVENT_KINDS,
    DEFAULT_ACK_TIMEOUT,
    DocumentEventData,
    DocumentEventKind,
    DocumentStatus,
)
from golem_core.events import (
    InvoiceCancelled,
    InvoiceReceived,
    InvoiceSettled,
    PaymentActionFailed,
    now,
)
from golem_core.exceptions import GolemError
from golem_core.ids import ActivityId, AgreementId, InvoiceId
from golem_core.node import GolemNode
from golem_core.payment.allocation import RELEASE_RETRY_S, Allocation
from golem_core.payment.answer import send_decision
from golem_core.payment.approval import PaymentApprover, ask_cap
from golem_core.payment.checks import (
    DEFAULT_POLICY,
    Accept,
    Decision,
    PaymentPolicy,
)
from golem_core.payment.debit_notes import DebitNoteDesk
from golem_core.payment.documents import (
    DEFAULT_POLL_TIMEOUT,
    DocumentEventFeed,
    DocumentType,
    Invoice,
)
from golem_core.payment.following import DebitNoteFollowing
from golem_core.payment.inbox import DocumentInbox, DocumentWork
from golem_core.payment.ledger import InvoiceOutcome, Ledger
from golem_core.payment.pricing import LinearPricing, PaymentTerms
from golem_core.payment.probes import CatchUpProbes
from golem_core.payment.waiting import InvoiceWait, InvoiceWaiters
from golem_core.retry import Backoff, follow

__all__ = ["InvoiceWait", "PaymentManager"]

logger = logging.getLogger(__name__)

# Events reaching back this far before start() are still ours (clocks differ a little).
_START_SLACK = timedelta(seconds=1)
# Events the manager acts on: not our own accepts and rejects (they woke each poll again)
_OURS = {DocumentEventKind.ACCEPTED, DocumentEventKind.REJECTED, DocumentEventKind.PAYMENT_OK}
HANDLED_KINDS = ALL_EVENT_KINDS - _OURS


class PaymentManager:
    """Pays for registered agreements from one allocation, within `budget`.

    `policy` tunes the ledger's checks; `approver`, if given, is asked for the
    most it will pay for each document before the ledger decides.
    """

    def __init__(
        self,
        node: GolemNode,
        allocation: Allocation,
        budget: Decimal | None = None,
        *,
        policy: PaymentPolicy = DEFAULT_POLICY,
        approver: PaymentApprover | None = None,
        poll_timeout: float = DEFAULT_POLL_TIMEOUT,
        ack_timeout: float = DEFAULT_ACK_TIMEOUT,
        close_timeout: float = 30.0,
        # after a failed long poll (daemon briefly unreachable), before the next one
        retry_delay: float = 1.0,
        release_allocation: bool = True,
    ) -> None:
        self.node = node
        self.allocation = allocation
        self.ledger = Ledger(
            allocation.data.total_amount if budget is None else budget, policy=policy
        )
        self.approver = approver
        self.poll_timeout = poll_timeout
        self.ack_timeout = ack_timeout
        self.close_timeout = close_timeout
        self.retry_delay = retry_delay
        self.release_allocation = release_allocation
        self._inbox = DocumentInbox()
        self._feeds: dict[DocumentType, DocumentEventFeed] = {}
        self._invoice_agreements: dict[InvoiceId, AgreementId] = {}
        self._following = DebitNoteFollowing()
        self._notes = DebitNoteDesk(self, self._following, self._inbox)
        self._probes = CatchUpProbes()
        self._waiters = InvoiceWaiters(self.ledger)
        self._tasks: list[asyncio.Task[None]] = []
        self._closed = False
        self._closer = self.close

    def __repr__(self) -> str:
        return f"<PaymentManager {self.allocation.id} {self.ledger!r}>"

    async def start(self) -> None:
        if self._tasks:
            return
        since = now() - _START_SLACK
        for documents in DocumentType:
            feed = DocumentEventFeed(
                self.node,
                documents,
                since=since,
                requestor_kinds=HANDLED_KINDS,
                provider_kinds=None,
                poll_timeout=self.poll_timeout,
            )
            self._feeds[documents] = feed
            if documents is DocumentType.DEBIT_NOTE:  # (only while an agreement is in use)
                poll = self._following.run(partial(self._poll, feed))
            else:
                poll = self._poll(feed)
            self._tasks.append(asyncio.create_task(poll, name=f"poll {documents}"))
        self._tasks.append(asyncio.create_task(self._work(), name="payment worker"))
        self.node.add_closer(f"payment manager of {self.allocation.id}", self._closer)

    async def close(self) -> None:
        """Wait for the invoices (up to `close_timeout`), stop, release the allocation."""
        if self._closed:
            return
        self._closed = True
        self.node.remove_closer(self._closer)
        try:
            if self._tasks:
                waited = await self.wait_for_invoices(timeout=self.close_timeout)
                if waited.missing:
                    logger.warning(
                        "closing with no invoice decided for %d agreement(s): %s",
                        len(waited.missing),
                        ", ".join(sorted(waited.missing)),
                    )
        finally:
            for task in self._tasks:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            self._tasks.clear()
            if self.release_allocation:
                await self.allocation.release(retry_for=RELEASE_RETRY_S)

    async def __aenter__(self) -> PaymentManager:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # --- what callers tell us -----------------------------------------------------

    def register_agreement(
        self,
        agreement_id: AgreementId,
        pricing: LinearPricing | PaymentTerms,
        *,
        debit_note_interval: timedelta | None = None,
        started_at: datetime | None = None,
    ) -> None:
        """Pay for this agreement's documents, priced by its offer's linear model.

        `started_at` is when the agreement was approved (default: now): debit
        notes are counted against the intervals since then, so registering late
        must not make a provider's punctual notes look early.
        """
        terms = (
            pricing
            if isinstance(pricing, PaymentTerms)
            else PaymentTerms(pricing, debit_note_interval=debit_note_interval)
        )
        self.ledger.register(agreement_id, terms, started_at=started_at or now())
        self._inbox.claim(agreement_id)
        # a note skipped while nothing was in use may be this agreement's (registered late)
        for event in self._following.take_skipped():
            self._inbox.put((DocumentType.DEBIT_NOTE, event))
        self._following.wanted(self.ledger.debit_notes_wanted())

    def agreement_ended(self, agreement_id: AgreementId) -> None:
        """We are done with this agreement (ending it, or the provider did): its debit
        notes are no longer decided; its invoice still is, against the usage seen."""
        if self.ledger.wants_debit_notes(agreement_id):
            self.ledger.end(agreement_id)
            self._following.wanted(self.ledger.debit_notes_wanted())

    def observe_usage(
        self, agreement_id: AgreementId, activity_id: ActivityId, usage: Sequence[object]
    ) -> None:
        """Usage we measured ourselves; an invoice may charge up to its price."""
        self.ledger.observe_usage(agreement_id, activity_id, usage, at=now())

    # --- waiting ------------------------------------------------------------------

    async def wait_for_invoices(
        self, agreement_ids: Iterable[AgreementId] | None = None, timeout: float = 30.0
    ) -> InvoiceWait:
        """Wait until each agreement's invoice was accepted, rejected or cancelled.

        Returns when all are, or when `timeout` passes; `missing` lists those still open.
        """
        return await self._waiters.decided(agreement_ids, timeout)

    async def wait_for_settled(
        self, agreement_ids: Iterable[AgreementId] | None = None, timeout: float = 60.0
    ) -> frozenset[AgreementId]:
        """Wait until the invoices of these agreements are paid; returns those still unpaid."""
        return await self._waiters.paid(agreement_ids, timeout)

    # --- the loops ----------------------------------------------------------------

    async def _poll(self, feed: DocumentEventFeed) -> None:
        backoff = Backoff(initial=self.retry_delay, cap=max(self.retry_delay, 30.0))
        what = f"{feed.documents.value} events"
        async for event in follow(lambda: aiter(feed), backoff=backoff, what=what):
            self._probes.fetched(feed.documents, event)
            self._inbox.put((feed.documents, event))

    async def _work(self) -> None:
        while True:
            await self._handle(await self._inbox.next())

    async def _handle(self, work: DocumentWork) -> None:
        documents, event = work
        try:
            if documents is DocumentType.DEBIT_NOTE:
                await self._notes.event(event)
            else:
                await self._invoice_event(event)
        except GolemError as error:
            logger.warning("handling %s %s failed: %s", documents.value, event, error)
        except Exception:
            logger.exception("handling %s %s failed", documents.value, event)

    # --- invoices -----------------------------------------------------------------

    async def _invoice_event(self, event: DocumentEventData) -> None:
        invoice_id = InvoiceId(event.document_id)
        invoice: Invoice | None = None
        agreement_id = self._invoice_agreements.get(invoice_id)
        if agreement_id is None:
            invoice = await Invoice.get(self.node, invoice_id)
            agreement_id = invoice.data.agreement_id
            # kept even for others' invoices, so each of their later events costs no GET
            self._invoice_agreements[invoice_id] = agreement_id
        if not self.ledger.knows(agreement_id):
            # all its events wait, so a withdrawal is not lost before the agreement is named
            self._inbox.set_aside(agreement_id, (DocumentType.INVOICE, event))
            return
        if event.kind is DocumentEventKind.RECEIVED:
            invoice = invoice or await Invoice.get(self.node, invoice_id)
            if (status := invoice.data.status) is DocumentStatus.RECEIVED:
                await self._decide_invoice(invoice)
                return
            self.ledger.record_decided_invoice(agreement_id, status, invoice.data.amount)
            if status is DocumentStatus.SETTLED:
                self._waiters.settled.add(agreement_id)
        elif event.kind is DocumentEventKind.CANCELLED:
            self.ledger.record_invoice(agreement_id, InvoiceOutcome.CANCELLED)
            cancelled = InvoiceCancelled(invoice_id=invoice_id, agreement_id=agreement_id)
            self.node.events.emit(cancelled)
        elif event.kind is DocumentEventKind.SETTLED:
            self._waiters.settled.add(agreement_id)
            self.node.events.emit(InvoiceSettled(invoice_id=invoice_id, agreement_id=agreement_id))
        elif event.kind is DocumentEventKind.PAYMENT_PROBLEM:
            logger.warning("paying invoice %s is stuck: %s", invoice_id, event.problem)
        await self._waiters.changed()

    async def _catch_up_debit_notes(self, invoice_id: InvoiceId) -> None:
        """Decide debit notes the invoice feed overtook before the invoice itself.

        The two feeds race: a provider's final debit note, sent just before its
        invoice, may still sit in the other long poll, or be fetched already and
        wait in its queue while the worker took the invoice. The probe reads what
        the feed has not fetched yet; the queue is drained after it, so a note
        the feed fetched meanwhile is not missed. Deciding a note twice is
        harmless (only a RECEIVED note is decided). Invoices fetched together
        share one probe (`probes.py`).
        """
        feed = self._feeds.get(DocumentType.DEBIT_NOTE)
        if feed is None:
            return
        for event in await self._probes.read(feed, invoice_id):
            await self._handle((DocumentType.DEBIT_NOTE, event))
        while (queued := self._inbox.take_debit_note()) is not None:
            await self._handle((DocumentType.DEBIT_NOTE, queued))

    async def _decide_invoice(self, invoice: Invoice) -> None:
        data = invoice.data
        received_at = now()
        if self.ledger.wants_debit_notes(data.agreement_id):
            # (the notes of an agreement we ended are not decided: nothing to catch up on)
            await self._catch_up_debit_notes(invoice.id)
        self._invoice_agreements[invoice.id] = data.agreement_id
        self.node.events.emit(
            InvoiceReceived(
                invoice_id=invoice.id,
                agreement_id=data.agreement_id,
                provider_id=data.issuer_id,
                amount=data.amount,
            )
        )
        cap = await ask_cap(self.approver, lambda a: a.invoice(data), invoice.id)
        decision = self.ledger.decide_invoice(
            data.agreement_id,
            data.amount,
            data.activity_ids,
            cap=cap,
            received_at=received_at,
        )
        try:
            await send_decision(invoice, decision, self.allocation.id, ack_timeout=self.ack_timeout)
        except GolemError as error:
            self.failed(invoice.id, data.agreement_id, decision, error)
        else:
            if isinstance(decision, Accept):
                self.ledger.record_invoice(data.agreement_id, InvoiceOutcome.ACCEPTED, data.amount)
            else:
                self.ledger.record_invoice(data.agreement_id, InvoiceOutcome.REJECTED)
        await self._waiters.changed()

    def failed(
        self, document_id: str, agreement_id: AgreementId, decision: Decision, error: GolemError
    ) -> None:
        action = "accept" if isinstance(decision, Accept) else "reject"
        logger.warning("could not %s %s: %s", action, document_id, error)
        self.node.events.emit(
            PaymentActionFailed(
                document_id=document_id, agreement_id=agreement_id, action=action, error=str(error)
            )
        )
