from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.debit_note import DebitNote
from ...models.error_message import ErrorMessage
from ...types import Response


def _get_kwargs(
    debit_note_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/debitNotes/{debit_note_id}".format(
            debit_note_id=quote(str(debit_note_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DebitNote | ErrorMessage | str | None:
    if response.status_code == 200:
        response_200 = DebitNote.from_dict(response.json())

        return response_200

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
) -> Response[DebitNote | ErrorMessage | str]:
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
) -> Response[DebitNote | ErrorMessage | str]:
    """Read one debit note.

    Args:
        debit_note_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DebitNote | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        debit_note_id=debit_note_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    debit_note_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> DebitNote | ErrorMessage | str | None:
    """Read one debit note.

    Args:
        debit_note_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DebitNote | ErrorMessage | str
    """

    return sync_detailed(
        debit_note_id=debit_note_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    debit_note_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DebitNote | ErrorMessage | str]:
    """Read one debit note.

    Args:
        debit_note_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DebitNote | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        debit_note_id=debit_note_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    debit_note_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> DebitNote | ErrorMessage | str | None:
    """Read one debit note.

    Args:
        debit_note_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DebitNote | ErrorMessage | str
    """

    return (
        await asyncio_detailed(
            debit_note_id=debit_note_id,
            client=client,
        )
    ).parsed
