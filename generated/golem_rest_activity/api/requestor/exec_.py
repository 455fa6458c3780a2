from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.exe_script_request import ExeScriptRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    activity_id: str,
    *,
    body: ExeScriptRequest,
    timeout: float | Unset = 5.0,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["timeout"] = timeout

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/activity/{activity_id}/exec".format(
            activity_id=quote(str(activity_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | str | None:
    if response.status_code == 200:
        response_200 = cast(str, response.json())
        return response_200

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

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
) -> Response[ErrorMessage | str]:
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
    body: ExeScriptRequest,
    timeout: float | Unset = 5.0,
) -> Response[ErrorMessage | str]:
    """Hand a batch of exe-script commands to the activity.

     The commands travel as one JSON array serialized into the `text` string (see `ExeScriptCommand` for
    one element). The answer is the new batch's id, a JSON string, to be used when reading results. A
    `text` that does not parse as a command list is refused with 400; when no exe-unit serves the
    activity the call fails with 500.

    Args:
        activity_id (str):
        timeout (float | Unset):  Default: 5.0.
        body (ExeScriptRequest): A batch to run, as text.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | str]
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
    body: ExeScriptRequest,
    timeout: float | Unset = 5.0,
) -> ErrorMessage | str | None:
    """Hand a batch of exe-script commands to the activity.

     The commands travel as one JSON array serialized into the `text` string (see `ExeScriptCommand` for
    one element). The answer is the new batch's id, a JSON string, to be used when reading results. A
    `text` that does not parse as a command list is refused with 400; when no exe-unit serves the
    activity the call fails with 500.

    Args:
        activity_id (str):
        timeout (float | Unset):  Default: 5.0.
        body (ExeScriptRequest): A batch to run, as text.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | str
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
    body: ExeScriptRequest,
    timeout: float | Unset = 5.0,
) -> Response[ErrorMessage | str]:
    """Hand a batch of exe-script commands to the activity.

     The commands travel as one JSON array serialized into the `text` string (see `ExeScriptCommand` for
    one element). The answer is the new batch's id, a JSON string, to be used when reading results. A
    `text` that does not parse as a command list is refused with 400; when no exe-unit serves the
    activity the call fails with 500.

    Args:
        activity_id (str):
        timeout (float | Unset):  Default: 5.0.
        body (ExeScriptRequest): A batch to run, as text.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | str]
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
    body: ExeScriptRequest,
    timeout: float | Unset = 5.0,
) -> ErrorMessage | str | None:
    """Hand a batch of exe-script commands to the activity.

     The commands travel as one JSON array serialized into the `text` string (see `ExeScriptCommand` for
    one element). The answer is the new batch's id, a JSON string, to be used when reading results. A
    `text` that does not parse as a command list is refused with 400; when no exe-unit serves the
    activity the call fails with 500.

    Args:
        activity_id (str):
        timeout (float | Unset):  Default: 5.0.
        body (ExeScriptRequest): A batch to run, as text.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | str
    """

    return (
        await asyncio_detailed(
            activity_id=activity_id,
            client=client,
            body=body,
            timeout=timeout,
        )
    ).parsed
