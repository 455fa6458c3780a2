from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.services_request import ServicesRequest
from ...models.services_response import ServicesResponse
from ...types import Response


def _get_kwargs(
    *,
    body: ServicesRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/services",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | ServicesResponse | str | None:
    if response.status_code == 201:
        response_201 = ServicesResponse.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 500:
        response_500 = ErrorMessage.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorMessage | ServicesResponse | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ServicesRequest,
) -> Response[ErrorMessage | ServicesResponse | str]:
    """Bind an address prefix and the message names served under it.

     After this, a GSB call to `<on>/<component>` (for a listed component) is queued for this binding and
    delivered on its WebSocket (calls made before a socket is open are kept until one connects). The
    answer's `servicesId` (the `on` prefix in unpadded URL-safe base64) names the binding in the other
    two calls; the `Location` header carries `/<servicesId>`. An empty or already bound prefix is
    refused with 400.

    Args:
        body (ServicesRequest): What to bind.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | ServicesResponse | str]
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
    body: ServicesRequest,
) -> ErrorMessage | ServicesResponse | str | None:
    """Bind an address prefix and the message names served under it.

     After this, a GSB call to `<on>/<component>` (for a listed component) is queued for this binding and
    delivered on its WebSocket (calls made before a socket is open are kept until one connects). The
    answer's `servicesId` (the `on` prefix in unpadded URL-safe base64) names the binding in the other
    two calls; the `Location` header carries `/<servicesId>`. An empty or already bound prefix is
    refused with 400.

    Args:
        body (ServicesRequest): What to bind.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | ServicesResponse | str
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ServicesRequest,
) -> Response[ErrorMessage | ServicesResponse | str]:
    """Bind an address prefix and the message names served under it.

     After this, a GSB call to `<on>/<component>` (for a listed component) is queued for this binding and
    delivered on its WebSocket (calls made before a socket is open are kept until one connects). The
    answer's `servicesId` (the `on` prefix in unpadded URL-safe base64) names the binding in the other
    two calls; the `Location` header carries `/<servicesId>`. An empty or already bound prefix is
    refused with 400.

    Args:
        body (ServicesRequest): What to bind.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | ServicesResponse | str]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ServicesRequest,
) -> ErrorMessage | ServicesResponse | str | None:
    """Bind an address prefix and the message names served under it.

     After this, a GSB call to `<on>/<component>` (for a listed component) is queued for this binding and
    delivered on its WebSocket (calls made before a socket is open are kept until one connects). The
    answer's `servicesId` (the `on` prefix in unpadded URL-safe base64) names the binding in the other
    two calls; the `Location` header carries `/<servicesId>`. An empty or already bound prefix is
    refused with 400.

    Args:
        body (ServicesRequest): What to bind.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | ServicesResponse | str
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
