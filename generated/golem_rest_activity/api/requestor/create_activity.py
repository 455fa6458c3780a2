from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_activity_request import CreateActivityRequest
from ...models.create_activity_result import CreateActivityResult
from ...models.error_message import ErrorMessage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateActivityRequest | str,
    timeout: float | Unset = 5.0,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["timeout"] = timeout

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/activity",
        "params": params,
    }

    if isinstance(body, CreateActivityRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateActivityResult | str | ErrorMessage | str | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> CreateActivityResult | str:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_1 = CreateActivityResult.from_dict(data)

                return response_200_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateActivityResult | str, data)

        response_200 = _parse_response_200(response.json())

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
) -> Response[CreateActivityResult | str | ErrorMessage | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateActivityRequest | str,
    timeout: float | Unset = 5.0,
) -> Response[CreateActivityResult | str | ErrorMessage | str]:
    """Start an activity on the provider under an agreement.

     Asks the provider named in the agreement to launch its exe-unit. The daemon waits (up to `timeout`)
    until the new activity reports `Initialized` or `Terminated`. The body is either the bare agreement
    id as a JSON string, or a `CreateActivityRequest` object. The shape of the answer follows the shape
    of the request: a bare string id for a string, a `CreateActivityResult` object for an object.

    Args:
        timeout (float | Unset):  Default: 5.0.
        body (CreateActivityRequest | str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateActivityResult | str | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        body=body,
        timeout=timeout,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateActivityRequest | str,
    timeout: float | Unset = 5.0,
) -> CreateActivityResult | str | ErrorMessage | str | None:
    """Start an activity on the provider under an agreement.

     Asks the provider named in the agreement to launch its exe-unit. The daemon waits (up to `timeout`)
    until the new activity reports `Initialized` or `Terminated`. The body is either the bare agreement
    id as a JSON string, or a `CreateActivityRequest` object. The shape of the answer follows the shape
    of the request: a bare string id for a string, a `CreateActivityResult` object for an object.

    Args:
        timeout (float | Unset):  Default: 5.0.
        body (CreateActivityRequest | str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateActivityResult | str | ErrorMessage | str
    """

    return sync_detailed(
        client=client,
        body=body,
        timeout=timeout,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateActivityRequest | str,
    timeout: float | Unset = 5.0,
) -> Response[CreateActivityResult | str | ErrorMessage | str]:
    """Start an activity on the provider under an agreement.

     Asks the provider named in the agreement to launch its exe-unit. The daemon waits (up to `timeout`)
    until the new activity reports `Initialized` or `Terminated`. The body is either the bare agreement
    id as a JSON string, or a `CreateActivityRequest` object. The shape of the answer follows the shape
    of the request: a bare string id for a string, a `CreateActivityResult` object for an object.

    Args:
        timeout (float | Unset):  Default: 5.0.
        body (CreateActivityRequest | str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateActivityResult | str | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        body=body,
        timeout=timeout,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateActivityRequest | str,
    timeout: float | Unset = 5.0,
) -> CreateActivityResult | str | ErrorMessage | str | None:
    """Start an activity on the provider under an agreement.

     Asks the provider named in the agreement to launch its exe-unit. The daemon waits (up to `timeout`)
    until the new activity reports `Initialized` or `Terminated`. The body is either the bare agreement
    id as a JSON string, or a `CreateActivityRequest` object. The shape of the answer follows the shape
    of the request: a bare string id for a string, a `CreateActivityResult` object for an object.

    Args:
        timeout (float | Unset):  Default: 5.0.
        body (CreateActivityRequest | str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateActivityResult | str | ErrorMessage | str
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            timeout=timeout,
        )
    ).parsed
