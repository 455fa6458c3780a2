"""The payment API's lists: allocations, invoices, debit notes and the node's payment accounts.

Each list call returns one page: items after a timestamp, at most `max_items` of them
(the daemon's own default is 10). Paging through all of them is `golem_core.payment.accounts`'s
job.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from golem_rest_payment.models import Account as WireAccount

from golem_core._api import YagnaApi, call
from golem_core._api.payment import _check_aware, _typed
from golem_core._api.payment_data import (
    AllocationData,
    DebitNoteData,
    InvoiceData,
    allocation_from,
    debit_note_from,
    invoice_from,
)

__all__ = [
    "AccountData",
    "list_allocations",
    "list_debit_notes",
    "list_invoices",
    "requestor_accounts",
]


@attrs.frozen
class AccountData:
    """A payment account of this node: an address on one platform, able to send or receive."""

    platform: str
    address: str
    driver: str
    network: str
    token: str
    send: bool
    receive: bool


def _list(answer: object, operation: str) -> list[Any]:
    found: list[Any] = _typed(answer, list, operation)
    return found


def _after(value: datetime | None) -> datetime | Any:
    from golem_rest_payment.types import UNSET

    return UNSET if value is None else _check_aware(value)


async def list_allocations(
    api: YagnaApi, *, after: datetime | None = None, max_items: int = 100
) -> list[AllocationData]:
    """This identity's allocations that are not released, oldest first."""
    from golem_rest_payment.api.requestor import get_allocations as _get_allocations

    answer = await call(
        _get_allocations.asyncio_detailed,
        client=api.payment,
        after_timestamp=_after(after),
        max_items=max_items,
    )
    return [allocation_from(a) for a in _list(answer, "get_allocations")]


async def list_invoices(
    api: YagnaApi, *, after: datetime | None = None, max_items: int = 100
) -> list[InvoiceData]:
    """Invoices this node issued or received."""
    from golem_rest_payment.api.requestor import get_invoices as _get_invoices

    answer = await call(
        _get_invoices.asyncio_detailed,
        client=api.payment,
        after_timestamp=_after(after),
        max_items=max_items,
    )
    return [invoice_from(i) for i in _list(answer, "get_invoices")]


async def list_debit_notes(
    api: YagnaApi, *, after: datetime | None = None, max_items: int = 100
) -> list[DebitNoteData]:
    """Debit notes this node issued or received."""
    from golem_rest_payment.api.requestor import get_debit_notes as _get_debit_notes

    answer = await call(
        _get_debit_notes.asyncio_detailed,
        client=api.payment,
        after_timestamp=_after(after),
        max_items=max_items,
    )
    return [debit_note_from(d) for d in _list(answer, "get_debit_notes")]


async def requestor_accounts(api: YagnaApi) -> list[AccountData]:
    """Accounts able to send payments (one shows up once its platform was initialised)."""
    from golem_rest_payment.api.requestor import get_requestor_accounts as _get_requestor_accounts

    answer = await call(_get_requestor_accounts.asyncio_detailed, client=api.payment)
    accounts: list[WireAccount] = _list(answer, "get_requestor_accounts")
    return [
        AccountData(
            platform=a.platform,
            address=a.address,
            driver=a.driver,
            network=a.network,
            token=a.token,
            send=a.send,
            receive=a.receive,
        )
        for a in accounts
    ]
