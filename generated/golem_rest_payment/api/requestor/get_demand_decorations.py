from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.market_decoration import MarketDecoration
from ...types import UNSET, Response


def _get_kwargs(
    *,
    allocation_ids: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["allocationIds"] = allocation_ids

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/demandDecorations",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | MarketDecoration | str | None:
    if response.status_code == 200:
        response_200 = MarketDecoration.from_dict(response.json())

        return response_200

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
) -> Response[ErrorMessage | MarketDecoration | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    allocation_ids: str,
) -> Response[ErrorMessage | MarketDecoration | str]:
    """Payment properties and constraints to add to a demand.

     Built from the given allocations (their platforms and addresses). 404 when any of the ids is
    unknown.

    Args:
        allocation_ids (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | MarketDecoration | str]
    """

    kwargs = _get_kwargs(
        allocation_ids=allocation_ids,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    allocation_ids: str,
) -> ErrorMessage | MarketDecoration | str | None:
    """Payment properties and constraints to add to a demand.

     Built from the given allocations (their platforms and addresses). 404 when any of the ids is
    unknown.

    Args:
        allocation_ids (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | MarketDecoration | str
    """

    return sync_detailed(
        client=client,
        allocation_ids=allocation_ids,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    allocation_ids: str,
) -> Response[ErrorMessage | MarketDecoration | str]:
    """Payment properties and constraints to add to a demand.

     Built from the given allocations (their platforms and addresses). 404 when any of the ids is
    unknown.

    Args:
        allocation_ids (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | MarketDecoration | str]
    """

    kwargs = _get_kwargs(
        allocation_ids=allocation_ids,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    allocation_ids: str,
) -> ErrorMessage | MarketDecoration | str | None:
    """Payment properties and constraints to add to a demand.

     Built from the given allocations (their platforms and addresses). 404 when any of the ids is
    unknown.

    Args:
        allocation_ids (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | MarketDecoration | str
    """

    return (
        await asyncio_detailed(
            client=client,
            allocation_ids=allocation_ids,
        )
    ).parsed
