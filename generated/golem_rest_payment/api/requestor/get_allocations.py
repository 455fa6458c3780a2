import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.allocation import Allocation
from ...models.error_message import ErrorMessage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    after_timestamp: datetime.datetime | Unset = UNSET,
    max_items: int | Unset = 10,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_after_timestamp: str | Unset = UNSET
    if not isinstance(after_timestamp, Unset):
        json_after_timestamp = after_timestamp.isoformat()
    params["afterTimestamp"] = json_after_timestamp

    params["maxItems"] = max_items

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/allocations",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | list[Allocation] | str | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = Allocation.from_dict(response_200_item_data)

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
) -> Response[ErrorMessage | list[Allocation] | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    after_timestamp: datetime.datetime | Unset = UNSET,
    max_items: int | Unset = 10,
) -> Response[ErrorMessage | list[Allocation] | str]:
    """List this identity's allocations that are not released.

    Args:
        after_timestamp (datetime.datetime | Unset):
        max_items (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[Allocation] | str]
    """

    kwargs = _get_kwargs(
        after_timestamp=after_timestamp,
        max_items=max_items,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    after_timestamp: datetime.datetime | Unset = UNSET,
    max_items: int | Unset = 10,
) -> ErrorMessage | list[Allocation] | str | None:
    """List this identity's allocations that are not released.

    Args:
        after_timestamp (datetime.datetime | Unset):
        max_items (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[Allocation] | str
    """

    return sync_detailed(
        client=client,
        after_timestamp=after_timestamp,
        max_items=max_items,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    after_timestamp: datetime.datetime | Unset = UNSET,
    max_items: int | Unset = 10,
) -> Response[ErrorMessage | list[Allocation] | str]:
    """List this identity's allocations that are not released.

    Args:
        after_timestamp (datetime.datetime | Unset):
        max_items (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[Allocation] | str]
    """

    kwargs = _get_kwargs(
        after_timestamp=after_timestamp,
        max_items=max_items,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    after_timestamp: datetime.datetime | Unset = UNSET,
    max_items: int | Unset = 10,
) -> ErrorMessage | list[Allocation] | str | None:
    """List this identity's allocations that are not released.

    Args:
        after_timestamp (datetime.datetime | Unset):
        max_items (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[Allocation] | str
    """

    return (
        await asyncio_detailed(
            client=client,
            after_timestamp=after_timestamp,
            max_items=max_items,
        )
    ).parsed
