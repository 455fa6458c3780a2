from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...types import Response


def _get_kwargs(
    network_id: str,
    ip: str,
    port: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/net/{network_id}/tcp/{ip}/{port}".format(
            network_id=quote(str(network_id), safe=""),
            ip=quote(str(ip), safe=""),
            port=quote(str(port), safe=""),
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

    if response.status_code == 403:
        response_403 = cast(Any, None)
        return response_403

    if response.status_code == 404:
        response_404 = ErrorMessage.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = ErrorMessage.from_dict(response.json())

        return response_500

    if response.status_code == 504:
        response_504 = cast(Any, None)
        return response_504

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
    network_id: str,
    ip: str,
    port: int,
    *,
    client: AuthenticatedClient,
) -> Response[Any | ErrorMessage | str]:
    """Open a TCP stream to a node's port, carried over a WebSocket.

     Send a WebSocket upgrade request. The daemon first opens a TCP connection to `ip:port` inside the
    network; only when that succeeds does it switch protocols. After that, every binary (or text) frame
    the client sends is written to the TCP stream as raw bytes, and bytes read from the stream come back
    as binary frames. The daemon pings every 5 s and drops the socket when it has heard nothing from the
    client for 10 s. Clients that cannot set headers may pass the app key as `?authToken=`.

    Args:
        network_id (str):
        ip (str):
        port (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        network_id=network_id,
        ip=ip,
        port=port,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    network_id: str,
    ip: str,
    port: int,
    *,
    client: AuthenticatedClient,
) -> Any | ErrorMessage | str | None:
    """Open a TCP stream to a node's port, carried over a WebSocket.

     Send a WebSocket upgrade request. The daemon first opens a TCP connection to `ip:port` inside the
    network; only when that succeeds does it switch protocols. After that, every binary (or text) frame
    the client sends is written to the TCP stream as raw bytes, and bytes read from the stream come back
    as binary frames. The daemon pings every 5 s and drops the socket when it has heard nothing from the
    client for 10 s. Clients that cannot set headers may pass the app key as `?authToken=`.

    Args:
        network_id (str):
        ip (str):
        port (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return sync_detailed(
        network_id=network_id,
        ip=ip,
        port=port,
        client=client,
    ).parsed


async def asyncio_detailed(
    network_id: str,
    ip: str,
    port: int,
    *,
    client: AuthenticatedClient,
) -> Response[Any | ErrorMessage | str]:
    """Open a TCP stream to a node's port, carried over a WebSocket.

     Send a WebSocket upgrade request. The daemon first opens a TCP connection to `ip:port` inside the
    network; only when that succeeds does it switch protocols. After that, every binary (or text) frame
    the client sends is written to the TCP stream as raw bytes, and bytes read from the stream come back
    as binary frames. The daemon pings every 5 s and drops the socket when it has heard nothing from the
    client for 10 s. Clients that cannot set headers may pass the app key as `?authToken=`.

    Args:
        network_id (str):
        ip (str):
        port (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        network_id=network_id,
        ip=ip,
        port=port,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    network_id: str,
    ip: str,
    port: int,
    *,
    client: AuthenticatedClient,
) -> Any | ErrorMessage | str | None:
    """Open a TCP stream to a node's port, carried over a WebSocket.

     Send a WebSocket upgrade request. The daemon first opens a TCP connection to `ip:port` inside the
    network; only when that succeeds does it switch protocols. After that, every binary (or text) frame
    the client sends is written to the TCP stream as raw bytes, and bytes read from the stream come back
    as binary frames. The daemon pings every 5 s and drops the socket when it has heard nothing from the
    client for 10 s. Clients that cannot set headers may pass the app key as `?authToken=`.

    Args:
        network_id (str):
        ip (str):
        port (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return (
        await asyncio_detailed(
            network_id=network_id,
            ip=ip,
            port=port,
            client=client,
        )
    ).parsed
