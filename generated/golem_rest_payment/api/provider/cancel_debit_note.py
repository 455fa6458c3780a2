from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    debit_note_id: str,
    *,
    timeout: float | Unset = 15.0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["timeout"] = timeout

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/debitNotes/{debit_note_id}/cancel".format(
            debit_note_id=quote(str(debit_note_id), safe=""),
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

    if response.status_code == 501:
        response_501 = ErrorMessage.from_dict(response.json())

        return response_501

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
    debit_note_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 15.0,
) -> Response[Any | ErrorMessage | str]:
    """Withdraw a debit note. Yagna 0.17.6 always answers 501.

    Args:
        debit_note_id (str):
        timeout (float | Unset):  Default: 15.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        debit_note_id=debit_note_id,
        timeout=timeout,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    debit_note_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 15.0,
) -> Any | ErrorMessage | str | None:
    """Withdraw a debit note. Yagna 0.17.6 always answers 501.

    Args:
        debit_note_id (str):
        timeout (float | Unset):  Default: 15.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return sync_detailed(
        debit_note_id=debit_note_id,
        client=client,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    debit_note_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 15.0,
) -> Response[Any | ErrorMessage | str]:
    """Withdraw a debit note. Yagna 0.17.6 always answers 501.

    Args:
        debit_note_id (str):
        timeout (float | Unset):  Default: 15.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        debit_note_id=debit_note_id,
        timeout=timeout,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    debit_note_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 15.0,
) -> Any | ErrorMessage | str | None:
    """Withdraw a debit note. Yagna 0.17.6 always answers 501.

    Args:
        debit_note_id (str):
        timeout (float | Unset):  Default: 15.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return (
        await asyncio_detailed(
            debit_note_id=debit_note_id,
            client=client,
            timeout=timeout,
        )
    ).parsed
