"""Debit notes and invoices as resources, and the feeds of their events.

Both sides use these classes: the requestor accepts or rejects what it
received, the provider waits to see what became of what it sent. Waiting is
always a long poll of the daemon's document events, never a sleep.

Event feeds resume from the date of the last event they returned. The daemon
compares that date with more precision than the microseconds we keep, so the
last few events can come back once more: a feed remembers the ones it already
returned at that date and drops them.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from datetime import datetime, timedelta
from decimal import Decimal

from golem_core._api import payment as payment_api
from golem_core._api.payment import (
    ALL_EVENT_KINDS,
    DEFAULT_ACK_TIMEOUT,
    DebitNoteData,
    DocumentEventData,
    DocumentEventKind,
    DocumentStatus,
    InvoiceData,
    Rejection,
    RejectionReason,
)
from golem_core.events import (
    DebitNoteAccepted,
    DebitNoteRejected,
    InvoiceAccepted,
    InvoiceRejected,
    now,
)
from golem_core.exceptions import CallTimeoutError, ServerError
from golem_core.ids import AllocationId, DebitNoteId, InvoiceId
from golem_core.node import GolemNode

__all__ = [
    "DEFAULT_POLL_TIMEOUT",
    "DebitNote",
    "DocumentEventFeed",
    "DocumentType",
    "Invoice",
]

# Server-side timeout of one event long poll.
DEFAULT_POLL_TIMEOUT = 5.0
# How far back a wait looks for events, for the daemon's clock and ours to disagree a little.
_CLOCK_SLACK = timedelta(seconds=1)
_ONE_TICK = timedelta(microseconds=1)


class DocumentType(enum.Enum):
    DEBIT_NOTE = "debit note"
    INVOICE = "invoice"


_POLLS = {
    DocumentType.DEBIT_NOTE: payment_api.debit_note_events,
    DocumentType.INVOICE: payment_api.invoice_events,
}


class DocumentEventFeed:
    """Successive long polls of one document type's events, each starting where the last ended."""

    def __init__(
        self,
        node: GolemNode,
        documents: DocumentType,
        *,
        since: datetime | None = None,
        requestor_kinds: frozenset[DocumentEventKind] | None = ALL_EVENT_KINDS,
        provider_kinds: frozenset[DocumentEventKind] | None = ALL_EVENT_KINDS,
        poll_timeout: float = DEFAULT_POLL_TIMEOUT,
        max_events: int = 100,
    ) -> None:
        self.node = node
        self.after = since or now()
        self.poll_timeout = poll_timeout
        self.documents = documents
        self._requestor_kinds = requestor_kinds
        self._provider_kinds = provider_kinds
        self._max_events = max_events
        self._seen_at_after: set[tuple[str, DocumentEventKind]] = set()

    async def poll(self, timeout: float | None = None) -> list[DocumentEventData]:
        """New events, oldest first; empty when nothing happened within the timeout."""
        answer = await _POLLS[self.documents](
            self.node.api,
            after=self.after,
            timeout=self.poll_timeout if timeout is None else timeout,
            max_events=self._max_events,
            requestor_kinds=self._requestor_kinds,
            provider_kinds=self._provider_kinds,
            app_session_id=self.node.app_session_id,
        )
        fresh = [e for e in answer if not self._seen(e)]
        if answer and not fresh:
            # only repeats, all at `after` to the microsecond: step past them
            self.after += _ONE_TICK
            self._seen_at_after.clear()
        for event in fresh:
            if event.date > self.after:
                self.after = event.date
                self._seen_at_after.clear()
            self._seen_at_after.add((event.document_id, event.kind))
        return fresh

    async def probe(self) -> list[DocumentEventData]:
        """What the next poll would return now, without waiting and without moving this feed."""
        probe = DocumentEventFeed(
            self.node,
            self.documents,
            since=self.after,
            requestor_kinds=self._requestor_kinds,
            provider_kinds=self._provider_kinds,
        )
        return await probe.poll(timeout=0)

    def _seen(self, event: DocumentEventData) -> bool:
        if event.date < self.after:
            return True
        return event.date == self.after and (event.document_id, event.kind) in self._seen_at_after

    async def __aiter__(self) -> AsyncIterator[DocumentEventData]:
        """Every event from now on; errors end the iteration (the feed itself stays usable)."""
        while True:
            for event in await self.poll():
                yield event


async def _wait_for(
    feed: DocumentEventFeed,
    document_id: str,
    refresh: Callable[[], Awaitable[DocumentStatus]],
    statuses: Collection[DocumentStatus],
    timeout: float,
) -> None:
    """Refresh whenever an event about the document comes, until its status is wanted."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    # The feed starts before the first read, so no change can fall between the two.
    status = await refresh()
    while status not in statuses:
        remaining = deadline - loop.time()
        if remaining <= 0:
            wanted = "|".join(s.value for s in statuses)
            raise CallTimeoutError(f"waiting for {document_id} to become {wanted}", timeout)
        events = await feed.poll(timeout=min(feed.poll_timeout, remaining))
        if any(e.document_id == document_id for e in events):
            status = await refresh()


class DebitNote:
    """A debit note as this node sees it; `data` is the latest snapshot."""

    def __init__(self, node: GolemNode, data: DebitNoteData) -> None:
        self.node = node
        self.data = data

    def __repr__(self) -> str:
        return f"<DebitNote {self.id} {self.data.total_amount_due} {self.data.status.value}>"

    @property
    def id(self) -> DebitNoteId:
        return self.data.debit_note_id

    @classmethod
    async def get(cls, node: GolemNode, debit_note_id: DebitNoteId) -> DebitNote:
        return cls(node, await payment_api.get_debit_note(node.api, debit_note_id))

    async def refresh(self) -> DebitNoteData:
        self.data = await payment_api.get_debit_note(self.node.api, self.id)
        return self.data

    async def accept(
        self,
        amount: Decimal,
        allocation_id: AllocationId,
        *,
        ack_timeout: float = DEFAULT_ACK_TIMEOUT,
    ) -> None:
        """Agree to pay `amount` (the note's whole total due) from the allocation."""
        await payment_api.accept_debit_note(
            self.node.api, self.id, amount, allocation_id, ack_timeout=ack_timeout
        )
        self.node.events.emit(
            DebitNoteAccepted(
                debit_note_id=self.id, agreement_id=self.data.agreement_id, amount=amount
            )
        )

    async def reject(
        self,
        reason: RejectionReason,
        message: str,
        *,
        amount_accepted: Decimal = Decimal(0),
        ack_timeout: float = DEFAULT_ACK_TIMEOUT,
    ) -> bool:
        """Refuse the note; returns whether the provider was told.

        Yagna 0.17.6 cannot deliver debit-note rejections (it answers 501), so
        there the note simply stays unaccepted and False comes back.
        """
        rejection = Rejection(reason, amount_accepted, message)
        try:
            await payment_api.reject_debit_note(
                self.node.api, self.id, rejection, ack_timeout=ack_timeout
            )
            delivered = True
        except ServerError as error:
            if error.status != 501:
                raise
            delivered = False
        self.node.events.emit(
            DebitNoteRejected(
                debit_note_id=self.id, agreement_id=self.data.agreement_id, reason=message
            )
        )
        return delivered

    async def wait_status(
        self,
        statuses: Collection[DocumentStatus],
        timeout: float,
        *,
        poll_timeout: float = DEFAULT_POLL_TIMEOUT,
    ) -> DebitNoteData:
        """Wait until the note reaches one of `statuses` (CallTimeoutError after `timeout` s)."""
        feed = DocumentEventFeed(
            self.node,
            DocumentType.DEBIT_NOTE,
            since=now() - _CLOCK_SLACK,
            poll_timeout=poll_timeout,
        )

        async def refresh() -> DocumentStatus:
            return (await self.refresh()).status

        await _wait_for(feed, self.id, refresh, statuses, timeout)
        return self.data


class Invoice:
    """An invoice as this node sees it; `data` is the latest snapshot."""

    def __init__(self, node: GolemNode, data: InvoiceData) -> None:
        self.node = node
        self.data = data

    def __repr__(self) -> str:
        return f"<Invoice {self.id} {self.data.amount} {self.data.status.value}>"

    @property
    def id(self) -> InvoiceId:
        return self.data.invoice_id

    @classmethod
    async def get(cls, node: GolemNode, invoice_id: InvoiceId) -> Invoice:
        return cls(node, await payment_api.get_invoice(node.api, invoice_id))

    async def refresh(self) -> InvoiceData:
        self.data = await payment_api.get_invoice(self.node.api, self.id)
        return self.data

    async def accept(
        self,
        amount: Decimal,
        allocation_id: AllocationId,
        *,
        ack_timeout: float = DEFAULT_ACK_TIMEOUT,
    ) -> None:
        """Agree to pay `amount` (the invoice's whole amount) from the allocation."""
        await payment_api.accept_invoice(
            self.node.api, self.id, amount, allocation_id, ack_timeout=ack_timeout
        )
        self.node.events.emit(
            InvoiceAccepted(invoice_id=self.id, agreement_id=self.data.agreement_id, amount=amount)
        )

    async def reject(
        self,
        reason: RejectionReason,
        message: str,
        *,
        amount_accepted: Decimal = Decimal(0),
        ack_timeout: float = DEFAULT_ACK_TIMEOUT,
    ) -> None:
        """Refuse the invoice, telling the provider why and what we would pay instead."""
        rejection = Rejection(reason, amount_accepted, message)
        await payment_api.reject_invoice(self.node.api, self.id, rejection, ack_timeout=ack_timeout)
        self.node.events.emit(
            InvoiceRejected(invoice_id=self.id, agreement_id=self.data.agreement_id, reason=message)
        )

    async def wait_status(
        self,
        statuses: Collection[DocumentStatus],
        timeout: float,
        *,
        poll_timeout: float = DEFAULT_POLL_TIMEOUT,
    ) -> InvoiceData:
        """Wait until the invoice reaches one of `statuses` (CallTimeoutError after `timeout` s)."""
        feed = DocumentEventFeed(
            self.node, DocumentType.INVOICE, since=now() - _CLOCK_SLACK, poll_timeout=poll_timeout
        )

        async def refresh() -> DocumentStatus:
            return (await self.refresh()).status

        await _wait_for(feed, self.id, refresh, statuses, timeout)
        return self.data

    async def wait_settled(self, timeout: float) -> InvoiceData:
        """Wait until the invoice is paid: where on-chain settlement plugs in."""
        return await self.wait_status({DocumentStatus.SETTLED, DocumentStatus.FAILED}, timeout)
