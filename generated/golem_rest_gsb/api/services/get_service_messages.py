from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...types import Response


def _get_kwargs(
    services_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/services/{services_id}".format(
            services_id=quote(str(services_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorMessage | str | None:
    if response.status_code == 101:
        response_101 = cast(Any, None)
        return response_101

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

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
    services_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | ErrorMessage | str]:
    """Open the WebSocket on which a binding's calls arrive.

     A WebSocket upgrade with subprotocol `gsb+flexbuffers`; a plain GET gets 500 ("WebSocket upgrade is
    expected"), so the generated client cannot use this. Clients that cannot set headers pass the app
    key as the `authToken` query parameter. One socket per binding: a new one makes the daemon close the
    old one (code 1008).

    Only binary frames are used (text frames close the socket with 1003); each holds one FlexBuffers
    map. The daemon sends a `GsbRequest` (`id`, `component`, `payload`); the service replies with a
    `GsbResponse` carrying the same `id` and either `payload` (the result, may be null) or `error` (the
    error value). A reply that is not such a map closes the socket with 1008. Closing the socket fails
    the calls still pending.

    Args:
        services_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        services_id=services_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    services_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | ErrorMessage | str | None:
    """Open the WebSocket on which a binding's calls arrive.

     A WebSocket upgrade with subprotocol `gsb+flexbuffers`; a plain GET gets 500 ("WebSocket upgrade is
    expected"), so the generated client cannot use this. Clients that cannot set headers pass the app
    key as the `authToken` query parameter. One socket per binding: a new one makes the daemon close the
    old one (code 1008).

    Only binary frames are used (text frames close the socket with 1003); each holds one FlexBuffers
    map. The daemon sends a `GsbRequest` (`id`, `component`, `payload`); the service replies with a
    `GsbResponse` carrying the same `id` and either `payload` (the result, may be null) or `error` (the
    error value). A reply that is not such a map closes the socket with 1008. Closing the socket fails
    the calls still pending.

    Args:
        services_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return sync_detailed(
        services_id=services_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    services_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | ErrorMessage | str]:
    """Open the WebSocket on which a binding's calls arrive.

     A WebSocket upgrade with subprotocol `gsb+flexbuffers`; a plain GET gets 500 ("WebSocket upgrade is
    expected"), so the generated client cannot use this. Clients that cannot set headers pass the app
    key as the `authToken` query parameter. One socket per binding: a new one makes the daemon close the
    old one (code 1008).

    Only binary frames are used (text frames close the socket with 1003); each holds one FlexBuffers
    map. The daemon sends a `GsbRequest` (`id`, `component`, `payload`); the service replies with a
    `GsbResponse` carrying the same `id` and either `payload` (the result, may be null) or `error` (the
    error value). A reply that is not such a map closes the socket with 1008. Closing the socket fails
    the calls still pending.

    Args:
        services_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        services_id=services_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    services_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | ErrorMessage | str | None:
    """Open the WebSocket on which a binding's calls arrive.

     A WebSocket upgrade with subprotocol `gsb+flexbuffers`; a plain GET gets 500 ("WebSocket upgrade is
    expected"), so the generated client cannot use this. Clients that cannot set headers pass the app
    key as the `authToken` query parameter. One socket per binding: a new one makes the daemon close the
    old one (code 1008).

    Only binary frames are used (text frames close the socket with 1003); each holds one FlexBuffers
    map. The daemon sends a `GsbRequest` (`id`, `component`, `payload`); the service replies with a
    `GsbResponse` carrying the same `id` and either `payload` (the result, may be null) or `error` (the
    error value). A reply that is not such a map closes the socket with 1008. Closing the socket fails
    the calls still pending.

    Args:
        services_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return (
        await asyncio_detailed(
            services_id=services_id,
            client=client,
        )
    ).parsed
