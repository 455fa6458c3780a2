"""Document events waiting for the payment worker, in the order it must take them.

Debit notes go before invoices (an invoice is priced on the notes sent before
it). Events of agreements the manager was not told about yet wait aside,
up to `max_unclaimed`, until `claim` names the agreement (a provider can be
quicker than our bookkeeping). No I/O: the manager's long polls put, its
worker takes.
"""

from __future__ import annotations

import asyncio
import logging

from golem_core._api.payment import DocumentEventData
from golem_core.ids import AgreementId
from golem_core.payment.documents import DocumentType

__all__ = ["MAX_UNCLAIMED", "DocumentInbox", "DocumentWork"]

logger = logging.getLogger(__name__)

# Documents of unknown agreements kept for a later `claim`, at most.
MAX_UNCLAIMED = 1000

DocumentWork = tuple[DocumentType, DocumentEventData]


class DocumentInbox:
    def __init__(self, max_unclaimed: int = MAX_UNCLAIMED) -> None:
        self.max_unclaimed = max_unclaimed
        self._queues: dict[DocumentType, asyncio.Queue[DocumentEventData]] = {
            documents: asyncio.Queue() for documents in DocumentType
        }
        self._queued = asyncio.Event()
        self._unclaimed: dict[AgreementId, list[DocumentWork]] = {}
        self._unclaimed_count = 0

    def put(self, work: DocumentWork) -> None:
        documents, event = work
        self._queues[documents].put_nowait(event)
        self._queued.set()

    async def next(self) -> DocumentWork:
        """The next document event to handle: queued debit notes before any invoice."""
        while True:
            for documents in (DocumentType.DEBIT_NOTE, DocumentType.INVOICE):
                if not self._queues[documents].empty():
                    return documents, self._queues[documents].get_nowait()
            self._queued.clear()
            await self._queued.wait()

    def take_debit_note(self) -> DocumentEventData | None:
        """A queued debit-note event, if any (to decide it before an invoice)."""
        queued = self._queues[DocumentType.DEBIT_NOTE]
        return None if queued.empty() else queued.get_nowait()

    def set_aside(self, agreement_id: AgreementId, work: DocumentWork) -> None:
        """Keep the event of an agreement not registered yet (dropped past the limit)."""
        if self._unclaimed_count >= self.max_unclaimed:
            logger.warning("too many documents of unknown agreements; dropping %s", work[1])
            return
        self._unclaimed.setdefault(agreement_id, []).append(work)
        self._unclaimed_count += 1

    def claim(self, agreement_id: AgreementId) -> None:
        """The agreement is registered: queue what waited aside for it."""
        for work in self._unclaimed.pop(agreement_id, []):
            self._unclaimed_count -= 1
            self.put(work)
