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

import json
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx

from golem_core._api import YagnaApi, call
from golem_core._api.json_calls import json_call, read_answer, read_list, segment
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
    to_wire_rejection,
    wire_amount,
)
from golem_core._api.payment_json import (
    allocation_from_json,
    debit_note_from_json,
    decoration_from_json,
    event_from_json,
    invoice_from_json,
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


def _header(kinds: frozenset[DocumentEventKind]) -> str:
    return ",".join(sorted(k.value for k in kinds))


def _client(api: YagnaApi) -> httpx.AsyncClient:
    return api.payment.get_async_httpx_client()


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
    op = "create_allocation"
    # the generated NewAllocation's fields, in its order (makeDeposit defaults to false)
    body: dict[str, Any] = {"totalAmount": wire_amount(total_amount)}
    if address is not None:
        body["address"] = address
    body["makeDeposit"] = False
    body["paymentPlatform"] = platform
    if timeout is not None:
        body["timeout"] = _check_aware(timeout).isoformat()
    try:
        answer = await json_call(_client(api), op, "post", "/allocations", body=body)
    except ApiError as error:
        raise _problem_detail(error) from error
    return read_answer(op, allocation_from_json, answer)


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
    path = f"/allocations/{segment(allocation_id)}"
    await json_call(_client(api), "release_allocation", "delete", path, read=False)


async def demand_decorations(
    api: YagnaApi, allocation_ids: Sequence[AllocationId]
) -> DemandDecoration:
    if not allocation_ids:
        raise ValueError("demand decorations need at least one allocation")
    op = "get_demand_decorations"
    # the query keeps its commas raw (`query_string`): yagna 0.17.6 refuses them as %2C
    params = {"allocationIds": ",".join(allocation_ids)}
    answer = await json_call(_client(api), op, "get", "/demandDecorations", params=params)
    return read_answer(op, decoration_from_json, answer)


# --- documents, either side -------------------------------------------------------


async def get_debit_note(api: YagnaApi, debit_note_id: DebitNoteId) -> DebitNoteData:
    op = "get_debit_note"
    answer = await json_call(_client(api), op, "get", f"/debitNotes/{segment(debit_note_id)}")
    return read_answer(op, debit_note_from_json, answer)


async def get_invoice(api: YagnaApi, invoice_id: InvoiceId) -> InvoiceData:
    op = "get_invoice"
    answer = await json_call(_client(api), op, "get", f"/invoices/{segment(invoice_id)}")
    return read_answer(op, invoice_from_json, answer)


def _event_poll(
    after: datetime,
    timeout: float,
    max_events: int,
    requestor_kinds: frozenset[DocumentEventKind] | None,
    provider_kinds: frozenset[DocumentEventKind] | None,
    app_session_id: str | None,
) -> tuple[dict[str, Any], tuple[tuple[str, str], ...]]:
    """A document event poll's query and headers, in the generated operations' order."""
    params: dict[str, Any] = {
        "timeout": timeout,
        "afterTimestamp": _check_aware(after).isoformat(),
        "maxEvents": max_events,
    }
    if app_session_id is not None:
        params["appSessionId"] = app_session_id
    headers: list[tuple[str, str]] = []
    if requestor_kinds is not None:
        headers.append(("X-Requestor-Events", _header(requestor_kinds)))
    if provider_kinds is not None:
        headers.append(("X-Provider-Events", _header(provider_kinds)))
    return params, tuple(headers)


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
    op = "get_debit_note_events"
    params, headers = _event_poll(
        after, timeout, max_events, requestor_kinds, provider_kinds, app_session_id
    )
    answer = await json_call(
        _client(api), op, "get", "/debitNoteEvents", params=params, headers=headers
    )
    return read_list(op, _debit_note_event, answer)


def _debit_note_event(d: dict[str, Any]) -> DocumentEventData:
    return event_from_json(d, "debitNoteId", "DebitNote")


def _invoice_event(d: dict[str, Any]) -> DocumentEventData:
    return event_from_json(d, "invoiceId", "Invoice")


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
    op = "get_invoice_events"
    params, headers = _event_poll(
        after, timeout, max_events, requestor_kinds, provider_kinds, app_session_id
    )
    answer = await json_call(
        _client(api), op, "get", "/invoiceEvents", params=params, headers=headers
    )
    return read_list(op, _invoice_event, answer)


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
    body = {"allocationId": allocation_id, "totalAmountAccepted": wire_amount(amount)}
    await json_call(
        _client(api),
        "accept_debit_note",
        "post",
        f"/debitNotes/{segment(debit_note_id)}/accept",
        params={"timeout": _check_ack(ack_timeout)},
        body=body,
        read=False,
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
    body = {"allocationId": allocation_id, "totalAmountAccepted": wire_amount(amount)}
    await json_call(
        _client(api),
        "accept_invoice",
        "post",
        f"/invoices/{segment(invoice_id)}/accept",
        params={"timeout": _check_ack(ack_timeout)},
        body=body,
        read=False,
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
