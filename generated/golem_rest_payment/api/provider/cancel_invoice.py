from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    invoice_id: str,
    *,
    timeout: float | Unset = 15.0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["timeout"] = timeout

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/invoices/{invoice_id}/cancel".format(
            invoice_id=quote(str(invoice_id), safe=""),
        ),
        "params": params,
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

    if response.status_code == 404:
        response_404 = ErrorMessage.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorMessage.from_dict(response.json())

        return response_409

    if response.status_code == 500:
        response_500 = ErrorMessage.from_dict(response.json())

        return response_500

    if response.status_code == 504:
        response_504 = ErrorMessage.from_dict(response.json())

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
    invoice_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 15.0,
) -> Response[Any | ErrorMessage | str]:
    """Withdraw an invoice the requestor has not accepted yet.

     409 when the requestor already accepted it (or it was settled or failed). Cancelling a cancelled
    invoice is a no-op (200).

    Args:
        invoice_id (str):
        timeout (float | Unset):  Default: 15.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        timeout=timeout,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    invoice_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 15.0,
) -> Any | ErrorMessage | str | None:
    """Withdraw an invoice the requestor has not accepted yet.

     409 when the requestor already accepted it (or it was settled or failed). Cancelling a cancelled
    invoice is a no-op (200).

    Args:
        invoice_id (str):
        timeout (float | Unset):  Default: 15.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return sync_detailed(
        invoice_id=invoice_id,
        client=client,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    invoice_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 15.0,
) -> Response[Any | ErrorMessage | str]:
    """Withdraw an invoice the requestor has not accepted yet.

     409 when the requestor already accepted it (or it was settled or failed). Cancelling a cancelled
    invoice is a no-op (200).

    Args:
        invoice_id (str):
        timeout (float | Unset):  Default: 15.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        timeout=timeout,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    invoice_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 15.0,
) -> Any | ErrorMessage | str | None:
    """Withdraw an invoice the requestor has not accepted yet.

     409 when the requestor already accepted it (or it was settled or failed). Cancelling a cancelled
    invoice is a no-op (200).

    Args:
        invoice_id (str):
        timeout (float | Unset):  Default: 15.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return (
        await asyncio_detailed(
            invoice_id=invoice_id,
            client=client,
            timeout=timeout,
        )
    ).parsed
