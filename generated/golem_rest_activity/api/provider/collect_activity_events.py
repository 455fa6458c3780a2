import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.provider_event import ProviderEvent
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    app_session_id: str | Unset = UNSET,
    after_timestamp: datetime.datetime,
    timeout: float | Unset = 5.0,
    max_events: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["appSessionId"] = app_session_id

    json_after_timestamp = after_timestamp.isoformat()
    params["afterTimestamp"] = json_after_timestamp

    params["timeout"] = timeout

    params["maxEvents"] = max_events

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | list[ProviderEvent] | str | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = ProviderEvent.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 403:
        response_403 = ErrorMessage.from_dict(response.json())

        return response_403

    if response.status_code == 408:
        response_408 = ErrorMessage.from_dict(response.json())

        return response_408

    if response.status_code == 500:
        response_500 = ErrorMessage.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorMessage | list[ProviderEvent] | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    app_session_id: str | Unset = UNSET,
    after_timestamp: datetime.datetime,
    timeout: float | Unset = 5.0,
    max_events: int | Unset = UNSET,
) -> Response[ErrorMessage | list[ProviderEvent] | str]:
    """Long-poll the provider's feed of activity events.

     Returns the events (activity created or to be destroyed) stamped after `afterTimestamp`, oldest
    first. If none arrives before `timeout`, the daemon answers 408 rather than an empty list; callers
    treat that as "nothing new" and poll again.

    Args:
        app_session_id (str | Unset):
        after_timestamp (datetime.datetime):
        timeout (float | Unset):  Default: 5.0.
        max_events (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[ProviderEvent] | str]
    """

    kwargs = _get_kwargs(
        app_session_id=app_session_id,
        after_timestamp=after_timestamp,
        timeout=timeout,
        max_events=max_events,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    app_session_id: str | Unset = UNSET,
    after_timestamp: datetime.datetime,
    timeout: float | Unset = 5.0,
    max_events: int | Unset = UNSET,
) -> ErrorMessage | list[ProviderEvent] | str | None:
    """Long-poll the provider's feed of activity events.

     Returns the events (activity created or to be destroyed) stamped after `afterTimestamp`, oldest
    first. If none arrives before `timeout`, the daemon answers 408 rather than an empty list; callers
    treat that as "nothing new" and poll again.

    Args:
        app_session_id (str | Unset):
        after_timestamp (datetime.datetime):
        timeout (float | Unset):  Default: 5.0.
        max_events (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[ProviderEvent] | str
    """

    return sync_detailed(
        client=client,
        app_session_id=app_session_id,
        after_timestamp=after_timestamp,
        timeout=timeout,
        max_events=max_events,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    app_session_id: str | Unset = UNSET,
    after_timestamp: datetime.datetime,
    timeout: float | Unset = 5.0,
    max_events: int | Unset = UNSET,
) -> Response[ErrorMessage | list[ProviderEvent] | str]:
    """Long-poll the provider's feed of activity events.

     Returns the events (activity created or to be destroyed) stamped after `afterTimestamp`, oldest
    first. If none arrives before `timeout`, the daemon answers 408 rather than an empty list; callers
    treat that as "nothing new" and poll again.

    Args:
        app_session_id (str | Unset):
        after_timestamp (datetime.datetime):
        timeout (float | Unset):  Default: 5.0.
        max_events (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[ProviderEvent] | str]
    """

    kwargs = _get_kwargs(
        app_session_id=app_session_id,
        after_timestamp=after_timestamp,
        timeout=timeout,
        max_events=max_events,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    app_session_id: str | Unset = UNSET,
    after_timestamp: datetime.datetime,
    timeout: float | Unset = 5.0,
    max_events: int | Unset = UNSET,
) -> ErrorMessage | list[ProviderEvent] | str | None:
    """Long-poll the provider's feed of activity events.

     Returns the events (activity created or to be destroyed) stamped after `afterTimestamp`, oldest
    first. If none arrives before `timeout`, the daemon answers 408 rather than an empty list; callers
    treat that as "nothing new" and poll again.

    Args:
        app_session_id (str | Unset):
        after_timestamp (datetime.datetime):
        timeout (float | Unset):  Default: 5.0.
        max_events (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[ProviderEvent] | str
    """

    return (
        await asyncio_detailed(
            client=client,
            app_session_id=app_session_id,
            after_timestamp=after_timestamp,
            timeout=timeout,
            max_events=max_events,
        )
    ).parsed
