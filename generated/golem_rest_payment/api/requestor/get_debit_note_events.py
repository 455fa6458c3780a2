import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.debit_note_accepted_event import DebitNoteAcceptedEvent
from ...models.debit_note_cancelled_event import DebitNoteCancelledEvent
from ...models.debit_note_failed_event import DebitNoteFailedEvent
from ...models.debit_note_payment_ok_event import DebitNotePaymentOkEvent
from ...models.debit_note_payment_status_event import DebitNotePaymentStatusEvent
from ...models.debit_note_received_event import DebitNoteReceivedEvent
from ...models.debit_note_rejected_event import DebitNoteRejectedEvent
from ...models.debit_note_settled_event import DebitNoteSettledEvent
from ...models.error_message import ErrorMessage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    timeout: float | Unset = 5.0,
    after_timestamp: datetime.datetime | Unset = UNSET,
    max_events: int | Unset = 10,
    app_session_id: str | Unset = UNSET,
    x_requestor_events: str | Unset = UNSET,
    x_provider_events: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_requestor_events, Unset):
        headers["X-Requestor-Events"] = x_requestor_events

    if not isinstance(x_provider_events, Unset):
        headers["X-Provider-Events"] = x_provider_events

    params: dict[str, Any] = {}

    params["timeout"] = timeout

    json_after_timestamp: str | Unset = UNSET
    if not isinstance(after_timestamp, Unset):
        json_after_timestamp = after_timestamp.isoformat()
    params["afterTimestamp"] = json_after_timestamp

    params["maxEvents"] = max_events

    params["appSessionId"] = app_session_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/debitNoteEvents",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorMessage
    | list[
        DebitNoteAcceptedEvent
        | DebitNoteCancelledEvent
        | DebitNoteFailedEvent
        | DebitNotePaymentOkEvent
        | DebitNotePaymentStatusEvent
        | DebitNoteReceivedEvent
        | DebitNoteRejectedEvent
        | DebitNoteSettledEvent
    ]
    | str
    | None
):
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:

            def _parse_response_200_item(
                data: object,
            ) -> (
                DebitNoteAcceptedEvent
                | DebitNoteCancelledEvent
                | DebitNoteFailedEvent
                | DebitNotePaymentOkEvent
                | DebitNotePaymentStatusEvent
                | DebitNoteReceivedEvent
                | DebitNoteRejectedEvent
                | DebitNoteSettledEvent
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_debit_note_event_type_0 = (
                        DebitNoteReceivedEvent.from_dict(data)
                    )

                    return componentsschemas_debit_note_event_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_debit_note_event_type_1 = (
                        DebitNoteAcceptedEvent.from_dict(data)
                    )

                    return componentsschemas_debit_note_event_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_debit_note_event_type_2 = (
                        DebitNoteRejectedEvent.from_dict(data)
                    )

                    return componentsschemas_debit_note_event_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_debit_note_event_type_3 = (
                        DebitNoteCancelledEvent.from_dict(data)
                    )

                    return componentsschemas_debit_note_event_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_debit_note_event_type_4 = (
                        DebitNoteSettledEvent.from_dict(data)
                    )

                    return componentsschemas_debit_note_event_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_debit_note_event_type_5 = (
                        DebitNotePaymentStatusEvent.from_dict(data)
                    )

                    return componentsschemas_debit_note_event_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_debit_note_event_type_6 = (
                        DebitNotePaymentOkEvent.from_dict(data)
                    )

                    return componentsschemas_debit_note_event_type_6
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_debit_note_event_type_7 = (
                    DebitNoteFailedEvent.from_dict(data)
                )

                return componentsschemas_debit_note_event_type_7

            response_200_item = _parse_response_200_item(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 500:
        response_500 = ErrorMessage.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    ErrorMessage
    | list[
        DebitNoteAcceptedEvent
        | DebitNoteCancelledEvent
        | DebitNoteFailedEvent
        | DebitNotePaymentOkEvent
        | DebitNotePaymentStatusEvent
        | DebitNoteReceivedEvent
        | DebitNoteRejectedEvent
        | DebitNoteSettledEvent
    ]
    | str
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 5.0,
    after_timestamp: datetime.datetime | Unset = UNSET,
    max_events: int | Unset = 10,
    app_session_id: str | Unset = UNSET,
    x_requestor_events: str | Unset = UNSET,
    x_provider_events: str | Unset = UNSET,
) -> Response[
    ErrorMessage
    | list[
        DebitNoteAcceptedEvent
        | DebitNoteCancelledEvent
        | DebitNoteFailedEvent
        | DebitNotePaymentOkEvent
        | DebitNotePaymentStatusEvent
        | DebitNoteReceivedEvent
        | DebitNoteRejectedEvent
        | DebitNoteSettledEvent
    ]
    | str
]:
    """Long-poll for debit note events.

     Returns at once when events are stored, otherwise waits up to `timeout` seconds and may return an
    empty list. Events stay stored, so pass the `eventDate` of the last one handled as `afterTimestamp`.

    Args:
        timeout (float | Unset):  Default: 5.0.
        after_timestamp (datetime.datetime | Unset):
        max_events (int | Unset):  Default: 10.
        app_session_id (str | Unset):
        x_requestor_events (str | Unset):
        x_provider_events (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[DebitNoteAcceptedEvent | DebitNoteCancelledEvent | DebitNoteFailedEvent | DebitNotePaymentOkEvent | DebitNotePaymentStatusEvent | DebitNoteReceivedEvent | DebitNoteRejectedEvent | DebitNoteSettledEvent] | str]
    """

    kwargs = _get_kwargs(
        timeout=timeout,
        after_timestamp=after_timestamp,
        max_events=max_events,
        app_session_id=app_session_id,
        x_requestor_events=x_requestor_events,
        x_provider_events=x_provider_events,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 5.0,
    after_timestamp: datetime.datetime | Unset = UNSET,
    max_events: int | Unset = 10,
    app_session_id: str | Unset = UNSET,
    x_requestor_events: str | Unset = UNSET,
    x_provider_events: str | Unset = UNSET,
) -> (
    ErrorMessage
    | list[
        DebitNoteAcceptedEvent
        | DebitNoteCancelledEvent
        | DebitNoteFailedEvent
        | DebitNotePaymentOkEvent
        | DebitNotePaymentStatusEvent
        | DebitNoteReceivedEvent
        | DebitNoteRejectedEvent
        | DebitNoteSettledEvent
    ]
    | str
    | None
):
    """Long-poll for debit note events.

     Returns at once when events are stored, otherwise waits up to `timeout` seconds and may return an
    empty list. Events stay stored, so pass the `eventDate` of the last one handled as `afterTimestamp`.

    Args:
        timeout (float | Unset):  Default: 5.0.
        after_timestamp (datetime.datetime | Unset):
        max_events (int | Unset):  Default: 10.
        app_session_id (str | Unset):
        x_requestor_events (str | Unset):
        x_provider_events (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[DebitNoteAcceptedEvent | DebitNoteCancelledEvent | DebitNoteFailedEvent | DebitNotePaymentOkEvent | DebitNotePaymentStatusEvent | DebitNoteReceivedEvent | DebitNoteRejectedEvent | DebitNoteSettledEvent] | str
    """

    return sync_detailed(
        client=client,
        timeout=timeout,
        after_timestamp=after_timestamp,
        max_events=max_events,
        app_session_id=app_session_id,
        x_requestor_events=x_requestor_events,
        x_provider_events=x_provider_events,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 5.0,
    after_timestamp: datetime.datetime | Unset = UNSET,
    max_events: int | Unset = 10,
    app_session_id: str | Unset = UNSET,
    x_requestor_events: str | Unset = UNSET,
    x_provider_events: str | Unset = UNSET,
) -> Response[
    ErrorMessage
    | list[
        DebitNoteAcceptedEvent
        | DebitNoteCancelledEvent
        | DebitNoteFailedEvent
        | DebitNotePaymentOkEvent
        | DebitNotePaymentStatusEvent
        | DebitNoteReceivedEvent
        | DebitNoteRejectedEvent
        | DebitNoteSettledEvent
    ]
    | str
]:
    """Long-poll for debit note events.

     Returns at once when events are stored, otherwise waits up to `timeout` seconds and may return an
    empty list. Events stay stored, so pass the `eventDate` of the last one handled as `afterTimestamp`.

    Args:
        timeout (float | Unset):  Default: 5.0.
        after_timestamp (datetime.datetime | Unset):
        max_events (int | Unset):  Default: 10.
        app_session_id (str | Unset):
        x_requestor_events (str | Unset):
        x_provider_events (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[DebitNoteAcceptedEvent | DebitNoteCancelledEvent | DebitNoteFailedEvent | DebitNotePaymentOkEvent | DebitNotePaymentStatusEvent | DebitNoteReceivedEvent | DebitNoteRejectedEvent | DebitNoteSettledEvent] | str]
    """

    kwargs = _get_kwargs(
        timeout=timeout,
        after_timestamp=after_timestamp,
        max_events=max_events,
        app_session_id=app_session_id,
        x_requestor_events=x_requestor_events,
        x_provider_events=x_provider_events,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 5.0,
    after_timestamp: datetime.datetime | Unset = UNSET,
    max_events: int | Unset = 10,
    app_session_id: str | Unset = UNSET,
    x_requestor_events: str | Unset = UNSET,
    x_provider_events: str | Unset = UNSET,
) -> (
    ErrorMessage
    | list[
        DebitNoteAcceptedEvent
        | DebitNoteCancelledEvent
        | DebitNoteFailedEvent
        | DebitNotePaymentOkEvent
        | DebitNotePaymentStatusEvent
        | DebitNoteReceivedEvent
        | DebitNoteRejectedEvent
        | DebitNoteSettledEvent
    ]
    | str
    | None
):
    """Long-poll for debit note events.

     Returns at once when events are stored, otherwise waits up to `timeout` seconds and may return an
    empty list. Events stay stored, so pass the `eventDate` of the last one handled as `afterTimestamp`.

    Args:
        timeout (float | Unset):  Default: 5.0.
        after_timestamp (datetime.datetime | Unset):
        max_events (int | Unset):  Default: 10.
        app_session_id (str | Unset):
        x_requestor_events (str | Unset):
        x_provider_events (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[DebitNoteAcceptedEvent | DebitNoteCancelledEvent | DebitNoteFailedEvent | DebitNotePaymentOkEvent | DebitNotePaymentStatusEvent | DebitNoteReceivedEvent | DebitNoteRejectedEvent | DebitNoteSettledEvent] | str
    """

    return (
        await asyncio_detailed(
            client=client,
            timeout=timeout,
            after_timestamp=after_timestamp,
            max_events=max_events,
            app_session_id=app_session_id,
            x_requestor_events=x_requestor_events,
            x_provider_events=x_provider_events,
        )
    ).parsed
