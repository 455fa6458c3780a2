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
    node_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/net/{network_id}/nodes/{node_id}".format(
            network_id=quote(str(network_id), safe=""),
            node_id=quote(str(node_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorMessage | str | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 403:
        response_403 = cast(Any, None)
        return response_403

    if response.status_code == 404:
        response_404 = ErrorMessage.from_dict(response.json())

        return response_404

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
    node_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorMessage | str]:
    """Take a node (all of its addresses) out of a network.

    Args:
        network_id (str):
        node_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        network_id=network_id,
        node_id=node_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    network_id: str,
    node_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorMessage | str | None:
    """Take a node (all of its addresses) out of a network.

    Args:
        network_id (str):
        node_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return sync_detailed(
        network_id=network_id,
        node_id=node_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    network_id: str,
    node_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorMessage | str]:
    """Take a node (all of its addresses) out of a network.

    Args:
        network_id (str):
        node_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        network_id=network_id,
        node_id=node_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    network_id: str,
    node_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorMessage | str | None:
    """Take a node (all of its addresses) out of a network.

    Args:
        network_id (str):
        node_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return (
        await asyncio_detailed(
            network_id=network_id,
            node_id=node_id,
            client=client,
        )
    ).parsed
