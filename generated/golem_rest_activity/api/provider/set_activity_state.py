from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.activity_state import ActivityState
from ...models.error_message import ErrorMessage
from ...types import Response


def _get_kwargs(
    activity_id: str,
    *,
    body: ActivityState,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/activity/{activity_id}/state".format(
            activity_id=quote(str(activity_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorMessage | str | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
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

    if response.status_code == 404:
        response_404 = ErrorMessage.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = ErrorMessage.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ErrorMessage | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    activity_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ActivityState,
) -> Response[Any | ErrorMessage | str]:
    """Record a new state for an activity (provider side).

     Used by the provider agent, e.g. to mark an activity `Terminated` after its exe-unit died. It only
    overwrites the stored state; it does not count as a usage report. Only the agreement's provider may
    call it (others get 403). The daemon answers 200 with the JSON body `null`.

    Args:
        activity_id (str):
        body (ActivityState): Where an activity is in its lifecycle.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        activity_id=activity_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    activity_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ActivityState,
) -> Any | ErrorMessage | str | None:
    """Record a new state for an activity (provider side).

     Used by the provider agent, e.g. to mark an activity `Terminated` after its exe-unit died. It only
    overwrites the stored state; it does not count as a usage report. Only the agreement's provider may
    call it (others get 403). The daemon answers 200 with the JSON body `null`.

    Args:
        activity_id (str):
        body (ActivityState): Where an activity is in its lifecycle.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return sync_detailed(
        activity_id=activity_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    activity_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ActivityState,
) -> Response[Any | ErrorMessage | str]:
    """Record a new state for an activity (provider side).

     Used by the provider agent, e.g. to mark an activity `Terminated` after its exe-unit died. It only
    overwrites the stored state; it does not count as a usage report. Only the agreement's provider may
    call it (others get 403). The daemon answers 200 with the JSON body `null`.

    Args:
        activity_id (str):
        body (ActivityState): Where an activity is in its lifecycle.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        activity_id=activity_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    activity_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ActivityState,
) -> Any | ErrorMessage | str | None:
    """Record a new state for an activity (provider side).

     Used by the provider agent, e.g. to mark an activity `Terminated` after its exe-unit died. It only
    overwrites the stored state; it does not count as a usage report. Only the agreement's provider may
    call it (others get 403). The daemon answers 200 with the JSON body `null`.

    Args:
        activity_id (str):
        body (ActivityState): Where an activity is in its lifecycle.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return (
        await asyncio_detailed(
            activity_id=activity_id,
            client=client,
            body=body,
        )
    ).parsed
