import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.agreement_approved_event import AgreementApprovedEvent
from ...models.agreement_cancelled_event import AgreementCancelledEvent
from ...models.agreement_rejected_event import AgreementRejectedEvent
from ...models.agreement_terminated_event import AgreementTerminatedEvent
from ...models.error_message import ErrorMessage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    timeout: float | Unset = 5.0,
    after_timestamp: datetime.datetime | Unset = UNSET,
    max_events: int | Unset = 10,
    app_session_id: str | Unset = UNSET,
) -> dict[str, Any]:

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
        "url": "/agreementEvents",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorMessage
    | list[
        AgreementApprovedEvent
        | AgreementCancelledEvent
        | AgreementRejectedEvent
        | AgreementTerminatedEvent
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
                AgreementApprovedEvent
                | AgreementCancelledEvent
                | AgreementRejectedEvent
                | AgreementTerminatedEvent
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_agreement_operation_event_type_0 = (
                        AgreementApprovedEvent.from_dict(data)
                    )

                    return componentsschemas_agreement_operation_event_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_agreement_operation_event_type_1 = (
                        AgreementRejectedEvent.from_dict(data)
                    )

                    return componentsschemas_agreement_operation_event_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_agreement_operation_event_type_2 = (
                        AgreementCancelledEvent.from_dict(data)
                    )

                    return componentsschemas_agreement_operation_event_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_agreement_operation_event_type_3 = (
                    AgreementTerminatedEvent.from_dict(data)
                )

                return componentsschemas_agreement_operation_event_type_3

            response_200_item = _parse_response_200_item(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

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
        AgreementApprovedEvent
        | AgreementCancelledEvent
        | AgreementRejectedEvent
        | AgreementTerminatedEvent
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
) -> Response[
    ErrorMessage
    | list[
        AgreementApprovedEvent
        | AgreementCancelledEvent
        | AgreementRejectedEvent
        | AgreementTerminatedEvent
    ]
    | str
]:
    """Long-poll agreement state changes

     Returns approvals, rejections, cancellations and terminations of the caller's agreements, later than
    `afterTimestamp`. Events are not consumed: keep passing the date of the last one seen. An empty list
    means the timeout passed quietly.

    Args:
        timeout (float | Unset):  Default: 5.0.
        after_timestamp (datetime.datetime | Unset):
        max_events (int | Unset):  Default: 10.
        app_session_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[AgreementApprovedEvent | AgreementCancelledEvent | AgreementRejectedEvent | AgreementTerminatedEvent] | str]
    """

    kwargs = _get_kwargs(
        timeout=timeout,
        after_timestamp=after_timestamp,
        max_events=max_events,
        app_session_id=app_session_id,
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
) -> (
    ErrorMessage
    | list[
        AgreementApprovedEvent
        | AgreementCancelledEvent
        | AgreementRejectedEvent
        | AgreementTerminatedEvent
    ]
    | str
    | None
):
    """Long-poll agreement state changes

     Returns approvals, rejections, cancellations and terminations of the caller's agreements, later than
    `afterTimestamp`. Events are not consumed: keep passing the date of the last one seen. An empty list
    means the timeout passed quietly.

    Args:
        timeout (float | Unset):  Default: 5.0.
        after_timestamp (datetime.datetime | Unset):
        max_events (int | Unset):  Default: 10.
        app_session_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[AgreementApprovedEvent | AgreementCancelledEvent | AgreementRejectedEvent | AgreementTerminatedEvent] | str
    """

    return sync_detailed(
        client=client,
        timeout=timeout,
        after_timestamp=after_timestamp,
        max_events=max_events,
        app_session_id=app_session_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 5.0,
    after_timestamp: datetime.datetime | Unset = UNSET,
    max_events: int | Unset = 10,
    app_session_id: str | Unset = UNSET,
) -> Response[
    ErrorMessage
    | list[
        AgreementApprovedEvent
        | AgreementCancelledEvent
        | AgreementRejectedEvent
        | AgreementTerminatedEvent
    ]
    | str
]:
    """Long-poll agreement state changes

     Returns approvals, rejections, cancellations and terminations of the caller's agreements, later than
    `afterTimestamp`. Events are not consumed: keep passing the date of the last one seen. An empty list
    means the timeout passed quietly.

    Args:
        timeout (float | Unset):  Default: 5.0.
        after_timestamp (datetime.datetime | Unset):
        max_events (int | Unset):  Default: 10.
        app_session_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[AgreementApprovedEvent | AgreementCancelledEvent | AgreementRejectedEvent | AgreementTerminatedEvent] | str]
    """

    kwargs = _get_kwargs(
        timeout=timeout,
        after_timestamp=after_timestamp,
        max_events=max_events,
        app_session_id=app_session_id,
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
) -> (
    ErrorMessage
    | list[
        AgreementApprovedEvent
        | AgreementCancelledEvent
        | AgreementRejectedEvent
        | AgreementTerminatedEvent
    ]
    | str
    | None
):
    """Long-poll agreement state changes

     Returns approvals, rejections, cancellations and terminations of the caller's agreements, later than
    `afterTimestamp`. Events are not consumed: keep passing the date of the last one seen. An empty list
    means the timeout passed quietly.

    Args:
        timeout (float | Unset):  Default: 5.0.
        after_timestamp (datetime.datetime | Unset):
        max_events (int | Unset):  Default: 10.
        app_session_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[AgreementApprovedEvent | AgreementCancelledEvent | AgreementRejectedEvent | AgreementTerminatedEvent] | str
    """

    return (
        await asyncio_detailed(
            client=client,
            timeout=timeout,
            after_timestamp=after_timestamp,
            max_events=max_events,
            app_session_id=app_session_id,
        )
    ).parsed
