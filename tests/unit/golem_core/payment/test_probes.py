"""CatchUpProbes: which invoice needs a catch-up probe of the debit-note events (pure)."""

from __future__ import annotations

from datetime import datetime, timezone

from golem_core._api.payment import DocumentEventData, DocumentEventKind
from golem_core.ids import InvoiceId
from golem_core.payment.documents import DocumentType
from golem_core.payment.probes import CatchUpProbes

WHEN = datetime(2030, 1, 1, tzinfo=timezone.utc)


def event(document_id: str) -> DocumentEventData:
    return DocumentEventData(DocumentEventKind.RECEIVED, document_id, WHEN)


def test_a_probe_answered_after_an_invoice_was_fetched_covers_it() -> None:
    probes = CatchUpProbes()
    probes.fetched(DocumentType.INVOICE, event("i-1"))
    probes.fetched(DocumentType.INVOICE, event("i-2"))
    assert probes.needed(InvoiceId("i-1"))
    probes.answered(probes.start())
    assert not probes.needed(InvoiceId("i-2"))  # fetched with i-1: the same probe read its note
    probes.fetched(DocumentType.INVOICE, event("i-3"))
    assert probes.needed(InvoiceId("i-3"))  # fetched after that probe was sent


def test_a_probe_that_failed_or_an_invoice_never_fetched_leaves_a_probe_needed() -> None:
    probes = CatchUpProbes()
    probes.fetched(DocumentType.INVOICE, event("i-1"))
    probes.start()  # never answered
    assert probes.needed(InvoiceId("i-1"))
    probes.answered(probes.start())
    assert not probes.needed(InvoiceId("i-1"))
    assert probes.needed(InvoiceId("i-9"))  # not seen by the feed: no assumption made
    probes.fetched(DocumentType.DEBIT_NOTE, event("i-9"))  # a note's event says nothing
    assert probes.needed(InvoiceId("i-9"))
