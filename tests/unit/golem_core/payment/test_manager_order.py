"""Debit notes before invoices: the payment manager never prices an invoice without the notes
that were sent before it, however its two event feeds race each other."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import httpx

from golem_core._api.payment import DocumentEventData, DocumentEventKind
from golem_core.payment import InvoiceOutcome
from golem_core.payment.documents import DocumentType
from golem_core.payment.inbox import DocumentInbox
from tests.unit.golem_core.payment.fake_yagna import FakeYagna
from tests.unit.golem_core.payment.test_manager import A1, PRICING, WAIT, X, golem, manager_for


class HookedYagna(FakeYagna):
    """Runs `on_invoice_read` once, as the manager reads an invoice."""

    def __init__(self) -> None:
        super().__init__()
        self.on_invoice_read: Callable[[], None] | None = None

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and "/invoices/" in request.url.path and self.on_invoice_read:
            hook, self.on_invoice_read = self.on_invoice_read, None
            hook()
        return await super().handle(request)


def received(document_id: str) -> DocumentEventData:
    return DocumentEventData(DocumentEventKind.RECEIVED, document_id, datetime.now(timezone.utc))


async def test_a_note_queued_while_the_invoice_is_read_is_decided_before_it() -> None:
    # The note feed fetched the final note (so a probe after its cursor cannot see it) and
    # queued it just after the worker took the invoice. The probe itself fails here.
    yagna = HookedYagna()
    yagna.failures[("GET", "/debitNoteEvents")] = (500, {"message": "busy"})
    async with golem(yagna) as node:
        manager = await manager_for(node)
        manager.register_agreement(A1, PRICING)
        note_id = yagna.deliver_debit_note(A1, X, "0.004", [4.0])
        yagna.on_invoice_read = lambda: manager._inbox.put(
            (DocumentType.DEBIT_NOTE, received(note_id))
        )
        invoice_id = yagna.deliver_invoice(A1, [X], "0.004")

        waited = await manager.wait_for_invoices([A1], timeout=WAIT)

        assert waited.outcomes == {A1: InvoiceOutcome.ACCEPTED}
        assert yagna.debit_notes[note_id]["status"] == "ACCEPTED"
        assert yagna.invoices[invoice_id]["status"] == "ACCEPTED"


async def test_queued_debit_notes_go_before_invoices_queued_earlier() -> None:
    inbox = DocumentInbox()
    inbox.put((DocumentType.INVOICE, received("invoice-1")))
    inbox.put((DocumentType.DEBIT_NOTE, received("note-1")))
    inbox.put((DocumentType.INVOICE, received("invoice-2")))
    order = [(await inbox.next())[1].document_id for _ in range(3)]
    assert order == ["note-1", "invoice-1", "invoice-2"]


def test_documents_of_unknown_agreements_wait_aside_until_claimed_up_to_a_limit() -> None:
    inbox = DocumentInbox(max_unclaimed=1)
    inbox.set_aside(A1, (DocumentType.DEBIT_NOTE, received("note-1")))
    inbox.set_aside(A1, (DocumentType.DEBIT_NOTE, received("note-2")))  # over the limit
    assert inbox.take_debit_note() is None
    inbox.claim(A1)
    taken = inbox.take_debit_note()
    assert taken is not None and taken.document_id == "note-1"
    assert inbox.take_debit_note() is None
