"""When an invoice needs a catch-up probe of the debit-note events, and when one already did.

A provider's final debit note reaches the daemon before its invoice, so a probe
sent after the invoice's event was fetched has read that note already: invoices
that come together (every agreement ending at a job's end) share one probe.
The decision counts probes, not time; `read` only wraps the one call.
"""

from __future__ import annotations

import logging

from golem_core._api.payment import DocumentEventData
from golem_core.exceptions import GolemError
from golem_core.ids import InvoiceId
from golem_core.payment.documents import DocumentEventFeed, DocumentType

__all__ = ["CatchUpProbes"]

logger = logging.getLogger(__name__)


class CatchUpProbes:
    """`fetched` as each invoice event arrives; `start` then `answered` around a probe."""

    def __init__(self) -> None:
        self._sent = 0
        self._answered = 0
        # for each invoice, how many probes had been sent when its event was fetched
        self._sent_before: dict[InvoiceId, int] = {}

    def fetched(self, documents: DocumentType, event: DocumentEventData) -> None:
        if documents is DocumentType.INVOICE:
            self._sent_before.setdefault(InvoiceId(event.document_id), self._sent)

    def needed(self, invoice_id: InvoiceId) -> bool:
        """No probe sent after this invoice was fetched has answered (unknown: needed)."""
        return self._answered <= self._sent_before.get(invoice_id, self._sent)

    def start(self) -> int:
        self._sent += 1
        return self._sent

    def answered(self, probe: int) -> None:
        self._answered = max(self._answered, probe)

    async def read(self, feed: DocumentEventFeed, invoice_id: InvoiceId) -> list[DocumentEventData]:
        """The debit-note events `feed` has not fetched yet, if this invoice needs a probe."""
        if not self.needed(invoice_id):
            return []
        probe = self.start()
        try:
            fetched = await feed.probe()
        except GolemError as error:
            logger.warning("reading debit notes before an invoice failed: %s", error)
            return []
        self.answered(probe)
        return fetched
