from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.exe_script_command_result import ExeScriptCommandResult
from ...types import UNSET, Response, Unset


def _get_kwargs(
    activity_id: str,
    batch_id: str,
    *,
    command_index: int | Unset = UNSET,
    timeout: float | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["commandIndex"] = command_index

    params["timeout"] = timeout

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/activity/{activity_id}/exec/{batch_id}".format(
            activity_id=quote(str(activity_id), safe=""),
            batch_id=quote(str(batch_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | list[ExeScriptCommandResult] | str | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = ExeScriptCommandResult.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[ErrorMessage | list[ExeScriptCommandResult] | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    activity_id: str,
    batch_id: str,
    *,
    client: AuthenticatedClient | Client,
    command_index: int | Unset = UNSET,
    timeout: float | Unset = UNSET,
) -> Response[ErrorMessage | list[ExeScriptCommandResult] | str]:
    """Read what the commands of a batch have produced so far.

     Without `timeout` the answer is immediate. With it, the exe-unit waits until the command at
    `commandIndex` (default: the batch's last one) has finished or the time is up, then returns the
    results it has; when `commandIndex` was given and the wait ran out, the answer is 408.

    Sending `Accept: text/event-stream` switches this endpoint to a server-sent event stream instead:
    each event is named `runtime`, its `data` is one `RuntimeEvent` JSON object, and `:ping` comments
    keep the connection alive every 15 s. The generated client cannot consume that stream, so the typed
    answer below is the JSON form.

    Args:
        activity_id (str):
        batch_id (str):
        command_index (int | Unset):
        timeout (float | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[ExeScriptCommandResult] | str]
    """

    kwargs = _get_kwargs(
        activity_id=activity_id,
        batch_id=batch_id,
        command_index=command_index,
        timeout=timeout,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    activity_id: str,
    batch_id: str,
    *,
    client: AuthenticatedClient | Client,
    command_index: int | Unset = UNSET,
    timeout: float | Unset = UNSET,
) -> ErrorMessage | list[ExeScriptCommandResult] | str | None:
    """Read what the commands of a batch have produced so far.

     Without `timeout` the answer is immediate. With it, the exe-unit waits until the command at
    `commandIndex` (default: the batch's last one) has finished or the time is up, then returns the
    results it has; when `commandIndex` was given and the wait ran out, the answer is 408.

    Sending `Accept: text/event-stream` switches this endpoint to a server-sent event stream instead:
    each event is named `runtime`, its `data` is one `RuntimeEvent` JSON object, and `:ping` comments
    keep the connection alive every 15 s. The generated client cannot consume that stream, so the typed
    answer below is the JSON form.

    Args:
        activity_id (str):
        batch_id (str):
        command_index (int | Unset):
        timeout (float | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[ExeScriptCommandResult] | str
    """

    return sync_detailed(
        activity_id=activity_id,
        batch_id=batch_id,
        client=client,
        command_index=command_index,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    activity_id: str,
    batch_id: str,
    *,
    client: AuthenticatedClient | Client,
    command_index: int | Unset = UNSET,
    timeout: float | Unset = UNSET,
) -> Response[ErrorMessage | list[ExeScriptCommandResult] | str]:
    """Read what the commands of a batch have produced so far.

     Without `timeout` the answer is immediate. With it, the exe-unit waits until the command at
    `commandIndex` (default: the batch's last one) has finished or the time is up, then returns the
    results it has; when `commandIndex` was given and the wait ran out, the answer is 408.

    Sending `Accept: text/event-stream` switches this endpoint to a server-sent event stream instead:
    each event is named `runtime`, its `data` is one `RuntimeEvent` JSON object, and `:ping` comments
    keep the connection alive every 15 s. The generated client cannot consume that stream, so the typed
    answer below is the JSON form.

    Args:
        activity_id (str):
        batch_id (str):
        command_index (int | Unset):
        timeout (float | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[ExeScriptCommandResult] | str]
    """

    kwargs = _get_kwargs(
        activity_id=activity_id,
        batch_id=batch_id,
        command_index=command_index,
        timeout=timeout,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    activity_id: str,
    batch_id: str,
    *,
    client: AuthenticatedClient | Client,
    command_index: int | Unset = UNSET,
    timeout: float | Unset = UNSET,
) -> ErrorMessage | list[ExeScriptCommandResult] | str | None:
    """Read what the commands of a batch have produced so far.

     Without `timeout` the answer is immediate. With it, the exe-unit waits until the command at
    `commandIndex` (default: the batch's last one) has finished or the time is up, then returns the
    results it has; when `commandIndex` was given and the wait ran out, the answer is 408.

    Sending `Accept: text/event-stream` switches this endpoint to a server-sent event stream instead:
    each event is named `runtime`, its `data` is one `RuntimeEvent` JSON object, and `:ping` comments
    keep the connection alive every 15 s. The generated client cannot consume that stream, so the typed
    answer below is the JSON form.

    Args:
        activity_id (str):
        batch_id (str):
        command_index (int | Unset):
        timeout (float | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[ExeScriptCommandResult] | str
    """

    return (
        await asyncio_detailed(
            activity_id=activity_id,
            batch_id=batch_id,
            client=client,
            command_index=command_index,
            timeout=timeout,
        )
    ).parsed
