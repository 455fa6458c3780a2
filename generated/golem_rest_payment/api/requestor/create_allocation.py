from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.allocation import Allocation
from ...models.allocation_problem import AllocationProblem
from ...models.new_allocation import NewAllocation
from ...types import Response


def _get_kwargs(
    *,
    body: NewAllocation,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/allocations",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Allocation | AllocationProblem | str | None:
    if response.status_code == 201:
        response_201 = Allocation.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = AllocationProblem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 500:
        response_500 = AllocationProblem.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Allocation | AllocationProblem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: NewAllocation,
) -> Response[Allocation | AllocationProblem | str]:
    """Reserve a budget on a payment platform for paying providers.

     Without `paymentPlatform` the daemon picks `erc20-holesky-tglm`; without `address` it uses the node
    id. With no reachable chain the balance check fails (500) unless the daemon runs with
    `YAGNA_DEV_SKIP_ALLOCATION_VALIDATION=1`. Validation failures come as `application/problem+json`.

    Args:
        body (NewAllocation): What a requestor sends to create an allocation.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Allocation | AllocationProblem | str]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: NewAllocation,
) -> Allocation | AllocationProblem | str | None:
    """Reserve a budget on a payment platform for paying providers.

     Without `paymentPlatform` the daemon picks `erc20-holesky-tglm`; without `address` it uses the node
    id. With no reachable chain the balance check fails (500) unless the daemon runs with
    `YAGNA_DEV_SKIP_ALLOCATION_VALIDATION=1`. Validation failures come as `application/problem+json`.

    Args:
        body (NewAllocation): What a requestor sends to create an allocation.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Allocation | AllocationProblem | str
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: NewAllocation,
) -> Response[Allocation | AllocationProblem | str]:
    """Reserve a budget on a payment platform for paying providers.

     Without `paymentPlatform` the daemon picks `erc20-holesky-tglm`; without `address` it uses the node
    id. With no reachable chain the balance check fails (500) unless the daemon runs with
    `YAGNA_DEV_SKIP_ALLOCATION_VALIDATION=1`. Validation failures come as `application/problem+json`.

    Args:
        body (NewAllocation): What a requestor sends to create an allocation.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Allocation | AllocationProblem | str]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: NewAllocation,
) -> Allocation | AllocationProblem | str | None:
    """Reserve a budget on a payment platform for paying providers.

     Without `paymentPlatform` the daemon picks `erc20-holesky-tglm`; without `address` it uses the node
    id. With no reachable chain the balance check fails (500) unless the daemon runs with
    `YAGNA_DEV_SKIP_ALLOCATION_VALIDATION=1`. Validation failures come as `application/problem+json`.

    Args:
        body (NewAllocation): What a requestor sends to create an allocation.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Allocation | AllocationProblem | str
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
