"""The payment API's calls: allocations, debit notes, invoices and their event long polls.

Wire quirks handled here so nothing above has to know them: amounts travel as
decimal strings; `allocationIds` must reach the daemon with raw commas; document
events only include the kinds named in the `X-Requestor-Events` /
`X-Provider-Events` headers; acknowledged calls (send, accept, reject, cancel)
take a server-side `timeout` that must be positive; allocation errors come as
RFC 7807 problem documents, whose `detail` we surface. The snapshots these
calls return live in `payment_data`; the provider's calls in `payment_provider`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from golem_rest_payment import AuthenticatedClient
    from golem_rest_payment.models import MarketDecoration
    from golem_rest_payment.types import Response, Unset

from golem_core._api import YagnaApi, call
from golem_core._api.payment_data import (
    ALL_EVENT_KINDS,
    AllocationData,
    DebitNoteData,
    DemandDecoration,
    DocumentEventData,
    DocumentEventKind,
    DocumentStatus,
    DriverProblem,
    InvoiceData,
    Rejection,
    RejectionReason,
    allocation_from,
    debit_note_from,
    event_from,
    invoice_from,
    to_wire_rejection,
    wire_amount,
)
from golem_core.exceptions import ApiError, GolemError
from golem_core.ids import AllocationId, DebitNoteId, InvoiceId

__all__ = [
    "ALL_EVENT_KINDS",
    "DEFAULT_ACK_TIMEOUT",
    "DEFAULT_PLATFORM",
    "AllocationData",
    "DebitNoteData",
    "DemandDecoration",
    "DocumentEventData",
    "DocumentEventKind",
    "DocumentStatus",
    "DriverProblem",
    "InvoiceData",
    "Rejection",
    "RejectionReason",
    "accept_debit_note",
    "accept_invoice",
    "amend_allocation",
    "create_allocation",
    "debit_note_events",
    "demand_decorations",
    "get_allocation",
    "get_debit_note",
    "get_invoice",
    "invoice_events",
    "reject_debit_note",
    "reject_invoice",
    "release_allocation",
    "wire_amount",
]

DEFAULT_PLATFORM = "erc20-holesky-tglm"
# The daemon's own default wait for the other node to acknowledge a document.
DEFAULT_ACK_TIMEOUT = 15.0


def _check_aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"a timezone-aware datetime is needed, got {value!r}")
    return value


def _check_ack(timeout: float) -> float:
    # zero would not mean "forever" here: the daemon answers 504 at once
    if timeout <= 0:
        raise ValueError(f"an acknowledgement timeout must be positive, got {timeout}")
    return timeout


def _typed(value: object, cls: type[Any], operation: str) -> Any:
    if not isinstance(value, cls):
        raise GolemError(f"{operation}: unexpected answer {value!r}")
    return value


def _header(kinds: frozenset[DocumentEventKind] | None) -> str | Unset:
    from golem_rest_payment.types import UNSET

    return UNSET if kinds is None else ",".join(sorted(k.value for k in kinds))


def _problem_detail(error: ApiError) -> ApiError:
    """The `detail` of an RFC 7807 allocation problem, as the error message."""
    try:
        body = json.loads(error.message)
    except ValueError:
        return error
    if not isinstance(body, dict):
        return error
    detail = body.get("detail") or body.get("message") or body.get("title")
    if not isinstance(detail, str):
        return error
    return type(error)(error.operation, error.status, detail)


# --- allocations ------------------------------------------------------------------


async def create_allocation(
    api: YagnaApi,
    total_amount: Decimal,
    *,
    platform: str = DEFAULT_PLATFORM,
    address: str | None = None,
    timeout: datetime | None = None,
) -> AllocationData:
    from golem_rest_payment.api.requestor import create_allocation as _create_allocation
    from golem_rest_payment.models import Allocation as WireAllocation
    from golem_rest_payment.models import NewAllocation
    from golem_rest_payment.types import UNSET

    body = NewAllocation(
        total_amount=wire_amount(total_amount),
        payment_platform=platform,
        address=UNSET if address is None else address,
        timeout=UNSET if timeout is None else _check_aware(timeout),
    )
    try:
        answer = await call(_create_allocation.asyncio_detailed, client=api.payment, body=body)
    except ApiError as error:
        raise _problem_detail(error) from error
    return allocation_from(_typed(answer, WireAllocation, "create_allocation"))


async def get_allocation(api: YagnaApi, allocation_id: AllocationId) -> AllocationData:
    from golem_rest_payment.api.requestor import get_allocation as _get_allocation
    from golem_rest_payment.models import Allocation as WireAllocation

    answer = await call(
        _get_allocation.asyncio_detailed, allocation_id=allocation_id, client=api.payment
    )
    return allocation_from(_typed(answer, WireAllocation, "get_allocation"))


async def amend_allocation(
    api: YagnaApi,
    allocation_id: AllocationId,
    *,
    total_amount: Decimal | None = None,
    timeout: datetime | None = None,
) -> AllocationData:
    from golem_rest_payment.api.requestor import amend_allocation as _amend_allocation
    from golem_rest_payment.models import Allocation as WireAllocation
    from golem_rest_payment.models import AllocationUpdate
    from golem_rest_payment.types import UNSET

    body = AllocationUpdate(
        total_amount=UNSET if total_amount is None else wire_amount(total_amount),
        timeout=UNSET if timeout is None else _check_aware(timeout),
    )
    try:
        answer = await call(
            _amend_allocation.asyncio_detailed,
            allocation_id=allocation_id,
            client=api.payment,
            body=body,
        )
    except ApiError as error:
        raise _problem_detail(error) from error
    return allocation_from(_typed(answer, WireAllocation, "amend_allocation"))


async def release_allocation(api: YagnaApi, allocation_id: AllocationId) -> None:
    """Give the rest back; raises GoneError when it was released before."""
    from golem_rest_payment.api.requestor import release_allocation as _release_allocation

    await call(
        _release_allocation.asyncio_detailed, allocation_id=allocation_id, client=api.payment
    )


async def demand_decorations(
    api: YagnaApi, allocation_ids: Sequence[AllocationId]
) -> DemandDecoration:
    from golem_rest_payment.api.requestor import get_demand_decorations as operation
    from golem_rest_payment.models import MarketDecoration

    @functools.wraps(operation.asyncio_detailed)  # errors name the generated operation
    async def raw_commas(*, client: AuthenticatedClient, allocation_ids: str) -> Response[Any]:
        # The generated call passes `params`, and httpx would send the commas as %2C,
        # which yagna 0.17.6 refuses. A ready-made query string is sent as it is.
        kwargs = operation._get_kwargs(allocation_ids=allocation_ids)
        kwargs.pop("params", None)
        kwargs["url"] += "?allocationIds=" + quote(allocation_ids, safe=",")
        response = await client.get_async_httpx_client().request(**kwargs)
        return operation._build_response(client=client, response=response)

    if not allocation_ids:
        raise ValueError("demand decorations need at least one allocation")
    answer = await call(raw_commas, client=api.payment, allocation_ids=",".join(allocation_ids))
    decoration: MarketDecoration = _typed(answer, MarketDecoration, "get_demand_decorations")
    return DemandDecoration(
        properties=tuple((p.key, p.value) for p in decoration.properties),
        constraints=tuple(decoration.constraints),
    )


# --- documents, either side -------------------------------------------------------


async def get_debit_note(api: YagnaApi, debit_note_id: DebitNoteId) -> DebitNoteData:
    from golem_rest_payment.api.requestor import get_debit_note as _get_debit_note
    from golem_rest_payment.models import DebitNote as WireDebitNote

    answer = await call(
        _get_debit_note.asyncio_detailed, debit_note_id=debit_note_id, client=api.payment
    )
    return debit_note_from(_typed(answer, WireDebitNote, "get_debit_note"))


async def get_invoice(api: YagnaApi, invoice_id: InvoiceId) -> InvoiceData:
    from golem_rest_payment.api.requestor import get_invoice as _get_invoice
    from golem_rest_payment.models import Invoice as WireInvoice

    answer = await call(_get_invoice.asyncio_detailed, invoice_id=invoice_id, client=api.payment)
    return invoice_from(_typed(answer, WireInvoice, "get_invoice"))


async def debit_note_events(
    api: YagnaApi,
    *,
    after: datetime,
    timeout: float,
    max_events: int = 100,
    requestor_kinds: frozenset[DocumentEventKind] | None = None,
    provider_kinds: frozenset[DocumentEventKind] | None = None,
    app_session_id: str | None = None,
) -> list[DocumentEventData]:
    """One long poll; `None` kinds leave the daemon's defaults for that role.

    With `app_session_id`, only events of agreements confirmed in that session.
    """
    from golem_rest_payment.api.requestor import get_debit_note_events as _debit_note_events
    from golem_rest_payment.types import UNSET

    answer = await call(
        _debit_note_events.asyncio_detailed,
        client=api.payment,
        timeout=timeout,
        after_timestamp=_check_aware(after),
        max_events=max_events,
        x_requestor_events=_header(requestor_kinds),
        x_provider_events=_header(provider_kinds),
        app_session_id=UNSET if app_session_id is None else app_session_id,
    )
    events: list[Any] = _typed(answer, list, "get_debit_note_events")
    return [event_from(e, "debit_note_id", "DebitNote") for e in events]


async def invoice_events(
    api: YagnaApi,
    *,
    after: datetime,
    timeout: float,
    max_events: int = 100,
    requestor_kinds: frozenset[DocumentEventKind] | None = None,
    provider_kinds: frozenset[DocumentEventKind] | None = None,
    app_session_id: str | None = None,
) -> list[DocumentEventData]:
    """One long poll; `None` kinds leave the daemon's defaults for that role.

    With `app_session_id`, only events of agreements confirmed in that session.
    """
    from golem_rest_payment.api.requestor import get_invoice_events as _invoice_events
    from golem_rest_payment.types import UNSET

    answer = await call(
        _invoice_events.asyncio_detailed,
        client=api.payment,
        timeout=timeout,
        after_timestamp=_check_aware(after),
        max_events=max_events,
        x_requestor_events=_header(requestor_kinds),
        x_provider_events=_header(provider_kinds),
        app_session_id=UNSET if app_session_id is None else app_session_id,
    )
    events: list[Any] = _typed(answer, list, "get_invoice_events")
    return [event_from(e, "invoice_id", "Invoice") for e in events]


# --- documents, requestor side ----------------------------------------------------


async def accept_debit_note(
    api: YagnaApi,
    debit_note_id: DebitNoteId,
    amount: Decimal,
    allocation_id: AllocationId,
    *,
    ack_timeout: float = DEFAULT_ACK_TIMEOUT,
) -> None:
    """`amount` must equal the note's total due (the daemon answers 400 otherwise)."""
    from golem_rest_payment.api.requestor import accept_debit_note as _accept_debit_note
    from golem_rest_payment.models import DebitNoteAcceptance

    body = DebitNoteAcceptance(
        total_amount_accepted=wire_amount(amount), allocation_id=allocation_id
    )
    await call(
        _accept_debit_note.asyncio_detailed,
        debit_note_id=debit_note_id,
        client=api.payment,
        body=body,
        timeout=_check_ack(ack_timeout),
    )


async def reject_debit_note(
    api: YagnaApi,
    debit_note_id: DebitNoteId,
    rejection: Rejection,
    *,
    ack_timeout: float = DEFAULT_ACK_TIMEOUT,
) -> None:
    """Yagna 0.17.6 answers 501 (a ServerError) to every call of this."""
    from golem_rest_payment.api.requestor import reject_debit_note as _reject_debit_note

    await call(
        _reject_debit_note.asyncio_detailed,
        debit_note_id=debit_note_id,
        client=api.payment,
        body=to_wire_rejection(rejection),
        timeout=_check_ack(ack_timeout),
    )


async def accept_invoice(
    api: YagnaApi,
    invoice_id: InvoiceId,
    amount: Decimal,
    allocation_id: AllocationId,
    *,
    ack_timeout: float = DEFAULT_ACK_TIMEOUT,
) -> None:
    """`amount` must equal the invoice amount (the daemon answers 400 otherwise)."""
    from golem_rest_payment.api.requestor import accept_invoice as _accept_invoice
    from golem_rest_payment.models import Acceptance

    body = Acceptance(total_amount_accepted=wire_amount(amount), allocation_id=allocation_id)
    await call(
        _accept_invoice.asyncio_detailed,
        invoice_id=invoice_id,
        client=api.payment,
        body=body,
        timeout=_check_ack(ack_timeout),
    )


async def reject_invoice(
    api: YagnaApi,
    invoice_id: InvoiceId,
    rejection: Rejection,
    *,
    ack_timeout: float = DEFAULT_ACK_TIMEOUT,
) -> None:
    """400 when the invoice was already accepted, settled or cancelled."""
    from golem_rest_payment.api.requestor import reject_invoice as _reject_invoice

    await call(
        _reject_invoice.asyncio_detailed,
        invoice_id=invoice_id,
        client=api.payment,
        body=to_wire_rejection(rejection),
        timeout=_check_ack(ack_timeout),
    )
