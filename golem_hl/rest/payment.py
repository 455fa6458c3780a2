"""yapapi's low-level payment façade (`rest.payment`), over golem_core's allocations and documents.

Amounts are `Decimal`, as in yapapi's façade. `new_allocation(...)` is used as
`async with payment.new_allocation(...) as allocation:` (released on exit) or
kept with `await ....detach()`. `decorate_demand(ids)` gives what a demand paid
from those allocations must carry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from types import TracebackType
from typing import Any

from golem_core.ids import AllocationId, DebitNoteId, InvoiceId
from golem_core.payment import Allocation as CoreAllocation
from golem_core.payment import DebitNote as CoreDebitNote
from golem_core.payment import (
    DocumentEventFeed,
    DocumentEventKind,
    DocumentStatus,
    DocumentType,
    demand_decorations,
)
from golem_core.payment import Invoice as CoreInvoice
from golem_hl.rest.configuration import ApiClient
from golem_hl.rest.resource import ResourceCtx

__all__ = [
    "Allocation",
    "AllocationDetails",
    "DebitNote",
    "Invoice",
    "InvoiceStatus",
    "MarketDecoration",
    "MarketProperty",
    "Payment",
]

# a debit note's or invoice's status; the same values as yapapi's
InvoiceStatus = DocumentStatus

# as yapapi: an allocation without an expiry lasts ten years
_DEFAULT_LIFETIME = timedelta(days=365 * 10)


@dataclasses.dataclass(frozen=True)
class MarketProperty:
    key: str
    value: str


@dataclasses.dataclass(frozen=True)
class MarketDecoration:
    """Properties and constraints that make a demand payable from some allocations."""

    properties: list[MarketProperty]
    constraints: list[str]


@dataclasses.dataclass(frozen=True)
class AllocationDetails:
    spent_amount: Decimal
    remaining_amount: Decimal


@dataclasses.dataclass
class Allocation:
    """A budget reserved on one payment platform."""

    _allocation: CoreAllocation = dataclasses.field(repr=False)
    id: str
    amount: Decimal
    payment_platform: str | None
    payment_address: str | None
    expires: datetime | None

    @classmethod
    def _of(cls, allocation: CoreAllocation) -> Allocation:
        data = allocation.data
        return cls(
            allocation,
            str(allocation.id),
            data.total_amount,
            data.platform,
            data.address,
            data.timeout,
        )

    async def details(self) -> AllocationDetails:
        data = await self._allocation.refresh()
        return AllocationDetails(data.spent_amount, data.remaining_amount)

    async def delete(self) -> None:
        """Release what is left of it (again is fine)."""
        await self._allocation.release()


class _NewAllocation(ResourceCtx[Allocation]):
    def __init__(
        self, client: ApiClient, amount: Decimal, platform: str, address: str, expires: datetime
    ) -> None:
        self._client = client
        self._args = (amount, platform, address, expires)
        self._created: Allocation | None = None

    async def __aenter__(self) -> Allocation:
        amount, platform, address, expires = self._args
        allocation = await CoreAllocation.create(
            self._client.node, amount, platform=platform, address=address, expires=expires
        )
        self._created = Allocation._of(allocation)
        return self._created

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._created is not None:
            await self._created.delete()


class DebitNote:
    """A provider's debit note; `accept(amount=..., allocation=...)` agrees to pay it."""

    def __init__(self, note: CoreDebitNote) -> None:
        self._note = note
        data = note.data
        self.debit_note_id = str(note.id)
        self.agreement_id = str(data.agreement_id)
        self.activity_id = str(data.activity_id)
        self.total_amount_due = data.total_amount_due
        self.status = data.status

    async def accept(self, *, amount: Decimal | str, allocation: Allocation) -> None:
        await self._note.accept(Decimal(amount), AllocationId(allocation.id))


class Invoice:
    """A provider's invoice; `accept(amount=..., allocation=...)` agrees to pay it."""

    def __init__(self, invoice: CoreInvoice) -> None:
        self._invoice = invoice
        data = invoice.data
        self.invoice_id = str(invoice.id)
        self.agreement_id = str(data.agreement_id)
        self.amount = data.amount
        self.status = data.status

    async def accept(self, *, amount: Decimal | str, allocation: Allocation) -> None:
        await self._invoice.accept(Decimal(amount), AllocationId(allocation.id))


class Payment:
    """The payment API of one client (`Configuration(...).payment()`)."""

    def __init__(self, api_client: ApiClient) -> None:
        self._client = api_client

    def new_allocation(
        self,
        amount: Decimal,
        payment_platform: str,
        payment_address: str,
        *,
        expires: datetime | None = None,
        make_deposit: bool = False,
    ) -> ResourceCtx[Allocation]:
        """Reserve `amount`; `make_deposit` is accepted and ignored, as in yapapi."""
        until = expires or datetime.now(timezone.utc) + _DEFAULT_LIFETIME
        return _NewAllocation(
            self._client, Decimal(amount), payment_platform, payment_address, until
        )

    async def allocation(self, allocation_id: str) -> Allocation:
        return Allocation._of(
            await CoreAllocation.get(self._client.node, AllocationId(allocation_id))
        )

    async def decorate_demand(self, ids: list[str]) -> MarketDecoration:
        allocations = [await CoreAllocation.get(self._client.node, AllocationId(i)) for i in ids]
        found = await demand_decorations(self._client.node, allocations)
        return MarketDecoration(
            [MarketProperty(key, _text(value)) for key, value in found.properties],
            list(found.constraints),
        )

    async def debit_note(self, debit_note_id: str) -> DebitNote:
        return DebitNote(await CoreDebitNote.get(self._client.node, DebitNoteId(debit_note_id)))

    async def invoice(self, invoice_id: str) -> Invoice:
        return Invoice(await CoreInvoice.get(self._client.node, InvoiceId(invoice_id)))

    def _received(self, documents: DocumentType) -> AsyncIterator[str]:
        feed = DocumentEventFeed(
            self._client.node,
            documents,
            requestor_kinds=frozenset({DocumentEventKind.RECEIVED}),
            provider_kinds=None,
        )

        async def ids() -> AsyncIterator[str]:
            async for event in feed:
                yield event.document_id

        return ids()

    def incoming_invoices(self) -> AsyncIterator[Invoice]:
        """Invoices as they arrive from now on (long polls; ends when the loop stops it)."""
        received = self._received(DocumentType.INVOICE)

        async def invoices() -> AsyncIterator[Invoice]:
            async for invoice_id in received:
                yield await self.invoice(invoice_id)

        return invoices()

    def incoming_debit_note_ids(self) -> AsyncIterator[str]:
        """The ids of debit notes as they arrive from now on."""
        return self._received(DocumentType.DEBIT_NOTE)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)
