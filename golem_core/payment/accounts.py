"""What the daemon holds for this requestor: allocations, invoices, debit notes, accounts.

Lists come from the daemon a page at a time (oldest first, after a timestamp); these
functions page through to the end, so callers see everything at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Protocol, TypeVar

from golem_core._api import payment_lists
from golem_core._api.payment_data import AllocationData, DebitNoteData, InvoiceData
from golem_core._api.payment_lists import AccountData
from golem_core.node import GolemNode

__all__ = [
    "PAGE_SIZE",
    "AccountData",
    "list_allocations",
    "list_debit_notes",
    "list_invoices",
    "requestor_accounts",
]

PAGE_SIZE = 100


class _Stamped(Protocol):
    @property
    def timestamp(self) -> datetime: ...


T = TypeVar("T", bound=_Stamped)
Page = Callable[[datetime | None, int], Awaitable[Sequence[T]]]


async def _all_pages(page: Page[T], since: datetime | None, key: Callable[[T], str]) -> list[T]:
    items: list[T] = []
    seen: set[str] = set()
    after = since
    while True:
        batch = await page(after, PAGE_SIZE)
        fresh = [item for item in batch if key(item) not in seen]
        seen.update(key(item) for item in fresh)
        items.extend(fresh)
        if len(batch) < PAGE_SIZE or not fresh:
            return items
        after = max(item.timestamp for item in batch)


async def list_allocations(node: GolemNode) -> list[AllocationData]:
    """Every allocation of this identity that is not released, oldest first."""

    async def page(after: datetime | None, size: int) -> list[AllocationData]:
        return await payment_lists.list_allocations(node.api, after=after, max_items=size)

    return await _all_pages(page, None, lambda a: a.allocation_id)


async def list_invoices(node: GolemNode, *, since: datetime | None = None) -> list[InvoiceData]:
    """Every invoice this node issued or received (after `since`), oldest first."""

    async def page(after: datetime | None, size: int) -> list[InvoiceData]:
        return await payment_lists.list_invoices(node.api, after=after, max_items=size)

    return await _all_pages(page, since, lambda i: i.invoice_id)


async def list_debit_notes(
    node: GolemNode, *, since: datetime | None = None
) -> list[DebitNoteData]:
    """Every debit note this node issued or received (after `since`), oldest first."""

    async def page(after: datetime | None, size: int) -> list[DebitNoteData]:
        return await payment_lists.list_debit_notes(node.api, after=after, max_items=size)

    return await _all_pages(page, since, lambda d: d.debit_note_id)


async def requestor_accounts(node: GolemNode) -> list[AccountData]:
    """This node's accounts able to pay, one per platform that was initialised."""
    return await payment_lists.requestor_accounts(node.api)
