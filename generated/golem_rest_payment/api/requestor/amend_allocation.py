from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.allocation import Allocation
from ...models.allocation_problem import AllocationProblem
from ...models.allocation_update import AllocationUpdate
from ...models.error_message import ErrorMessage
from ...types import Response


def _get_kwargs(
    allocation_id: str,
    *,
    body: AllocationUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/allocations/{allocation_id}".format(
            allocation_id=quote(str(allocation_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Allocation | AllocationProblem | ErrorMessage | str | None:
    if response.status_code == 200:
        response_200 = Allocation.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = AllocationProblem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 404:
        response_404 = ErrorMessage.from_dict(response.json())

        return response_404

    if response.status_code == 410:
        response_410 = ErrorMessage.from_dict(response.json())

        return response_410

    if response.status_code == 500:
        response_500 = AllocationProblem.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Allocation | AllocationProblem | ErrorMessage | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    allocation_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AllocationUpdate,
) -> Response[Allocation | AllocationProblem | ErrorMessage | str]:
    """Change an allocation's total amount, timeout or deposit check.

     The new total may not fall below what is already spent, and a new timeout may not lie in the past
    (both 400). Returns the updated allocation.

    Args:
        allocation_id (str):
        body (AllocationUpdate): Changes to an allocation; omitted fields stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Allocation | AllocationProblem | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        allocation_id=allocation_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    allocation_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AllocationUpdate,
) -> Allocation | AllocationProblem | ErrorMessage | str | None:
    """Change an allocation's total amount, timeout or deposit check.

     The new total may not fall below what is already spent, and a new timeout may not lie in the past
    (both 400). Returns the updated allocation.

    Args:
        allocation_id (str):
        body (AllocationUpdate): Changes to an allocation; omitted fields stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Allocation | AllocationProblem | ErrorMessage | str
    """

    return sync_detailed(
        allocation_id=allocation_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    allocation_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AllocationUpdate,
) -> Response[Allocation | AllocationProblem | ErrorMessage | str]:
    """Change an allocation's total amount, timeout or deposit check.

     The new total may not fall below what is already spent, and a new timeout may not lie in the past
    (both 400). Returns the updated allocation.

    Args:
        allocation_id (str):
        body (AllocationUpdate): Changes to an allocation; omitted fields stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Allocation | AllocationProblem | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        allocation_id=allocation_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    allocation_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AllocationUpdate,
) -> Allocation | AllocationProblem | ErrorMessage | str | None:
    """Change an allocation's total amount, timeout or deposit check.

     The new total may not fall below what is already spent, and a new timeout may not lie in the past
    (both 400). Returns the updated allocation.

    Args:
        allocation_id (str):
        body (AllocationUpdate): Changes to an allocation; omitted fields stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Allocation | AllocationProblem | ErrorMessage | str
    """

    return (
        await asyncio_detailed(
            allocation_id=allocation_id,
            client=client,
            body=body,
        )
    ).parsed
