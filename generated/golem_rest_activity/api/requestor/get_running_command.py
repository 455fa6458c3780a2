from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.exe_script_command_state import ExeScriptCommandState
from ...types import UNSET, Response, Unset


def _get_kwargs(
    activity_id: str,
    *,
    timeout: float | Unset = 5.0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["timeout"] = timeout

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/activity/{activity_id}/command".format(
            activity_id=quote(str(activity_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | list[ExeScriptCommandState] | str | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = ExeScriptCommandState.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[ErrorMessage | list[ExeScriptCommandState] | str]:
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
    timeout: float | Unset = 5.0,
) -> Response[ErrorMessage | list[ExeScriptCommandState] | str]:
    """Ask which commands the exe-unit is running now.

     Broken in yagna 0.17.6: the request goes to the provider daemon, which does not serve it, so expect
    an error rather than a list. Kept so the operation set matches yagna's.

    Args:
        activity_id (str):
        timeout (float | Unset):  Default: 5.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[ExeScriptCommandState] | str]
    """

    kwargs = _get_kwargs(
        activity_id=activity_id,
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
    timeout: float | Unset = 5.0,
) -> ErrorMessage | list[ExeScriptCommandState] | str | None:
    """Ask which commands the exe-unit is running now.

     Broken in yagna 0.17.6: the request goes to the provider daemon, which does not serve it, so expect
    an error rather than a list. Kept so the operation set matches yagna's.

    Args:
        activity_id (str):
        timeout (float | Unset):  Default: 5.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[ExeScriptCommandState] | str
    """

    return sync_detailed(
        activity_id=activity_id,
        client=client,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    activity_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 5.0,
) -> Response[ErrorMessage | list[ExeScriptCommandState] | str]:
    """Ask which commands the exe-unit is running now.

     Broken in yagna 0.17.6: the request goes to the provider daemon, which does not serve it, so expect
    an error rather than a list. Kept so the operation set matches yagna's.

    Args:
        activity_id (str):
        timeout (float | Unset):  Default: 5.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[ExeScriptCommandState] | str]
    """

    kwargs = _get_kwargs(
        activity_id=activity_id,
        timeout=timeout,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    activity_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 5.0,
) -> ErrorMessage | list[ExeScriptCommandState] | str | None:
    """Ask which commands the exe-unit is running now.

     Broken in yagna 0.17.6: the request goes to the provider daemon, which does not serve it, so expect
    an error rather than a list. Kept so the operation set matches yagna's.

    Args:
        activity_id (str):
        timeout (float | Unset):  Default: 5.0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[ExeScriptCommandState] | str
    """

    return (
        await asyncio_detailed(
            activity_id=activity_id,
            client=client,
            timeout=timeout,
        )
    ).parsed
