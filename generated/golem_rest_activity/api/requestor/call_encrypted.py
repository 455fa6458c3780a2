from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    activity_id: str,
    *,
    body: File,
    timeout: float | Unset = 5.0,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["timeout"] = timeout

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/activity/{activity_id}/encrypted".format(
            activity_id=quote(str(activity_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | File | str | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 403:
        response_403 = ErrorMessage.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorMessage.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = ErrorMessage.from_dict(response.json())

        return response_408

    if response.status_code == 500:
        response_500 = ErrorMessage.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorMessage | File | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    activity_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    timeout: float | Unset = 5.0,
) -> Response[ErrorMessage | File | str]:
    """Pass an encrypted message to a secure (SGX) exe-unit.

     The daemon forwards the bytes unchanged and returns the exe-unit's encrypted reply as bytes.

    Args:
        activity_id (str):
        timeout (float | Unset):  Default: 5.0.
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | File | str]
    """

    kwargs = _get_kwargs(
        activity_id=activity_id,
        body=body,
        timeout=timeout,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    activity_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    timeout: float | Unset = 5.0,
) -> ErrorMessage | File | str | None:
    """Pass an encrypted message to a secure (SGX) exe-unit.

     The daemon forwards the bytes unchanged and returns the exe-unit's encrypted reply as bytes.

    Args:
        activity_id (str):
        timeout (float | Unset):  Default: 5.0.
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | File | str
    """

    return sync_detailed(
        activity_id=activity_id,
        client=client,
        body=body,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    activity_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    timeout: float | Unset = 5.0,
) -> Response[ErrorMessage | File | str]:
    """Pass an encrypted message to a secure (SGX) exe-unit.

     The daemon forwards the bytes unchanged and returns the exe-unit's encrypted reply as bytes.

    Args:
        activity_id (str):
        timeout (float | Unset):  Default: 5.0.
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | File | str]
    """

    kwargs = _get_kwargs(
        activity_id=activity_id,
        body=body,
        timeout=timeout,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    activity_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    timeout: float | Unset = 5.0,
) -> ErrorMessage | File | str | None:
    """Pass an encrypted message to a secure (SGX) exe-unit.

     The daemon forwards the bytes unchanged and returns the exe-unit's encrypted reply as bytes.

    Args:
        activity_id (str):
        timeout (float | Unset):  Default: 5.0.
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | File | str
    """

    return (
        await asyncio_detailed(
            activity_id=activity_id,
            client=client,
            body=body,
            timeout=timeout,
        )
    ).parsed
