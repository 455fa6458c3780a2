from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.driver_status_property import DriverStatusProperty
from ...models.error_message import ErrorMessage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    network: str | Unset = UNSET,
    driver: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["network"] = network

    params["driver"] = driver

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/payments/status",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | list[DriverStatusProperty] | str | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = DriverStatusProperty.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

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
) -> Response[ErrorMessage | list[DriverStatusProperty] | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    network: str | Unset = UNSET,
    driver: str | Unset = UNSET,
) -> Response[ErrorMessage | list[DriverStatusProperty] | str]:
    """Problems the payment driver currently has (empty list when none).

     Lets an application tell why payments are stuck, e.g. missing gas or tokens, per network. 404 when
    the driver or network is unknown.

    Args:
        network (str | Unset):
        driver (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[DriverStatusProperty] | str]
    """

    kwargs = _get_kwargs(
        network=network,
        driver=driver,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    network: str | Unset = UNSET,
    driver: str | Unset = UNSET,
) -> ErrorMessage | list[DriverStatusProperty] | str | None:
    """Problems the payment driver currently has (empty list when none).

     Lets an application tell why payments are stuck, e.g. missing gas or tokens, per network. 404 when
    the driver or network is unknown.

    Args:
        network (str | Unset):
        driver (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[DriverStatusProperty] | str
    """

    return sync_detailed(
        client=client,
        network=network,
        driver=driver,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    network: str | Unset = UNSET,
    driver: str | Unset = UNSET,
) -> Response[ErrorMessage | list[DriverStatusProperty] | str]:
    """Problems the payment driver currently has (empty list when none).

     Lets an application tell why payments are stuck, e.g. missing gas or tokens, per network. 404 when
    the driver or network is unknown.

    Args:
        network (str | Unset):
        driver (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[DriverStatusProperty] | str]
    """

    kwargs = _get_kwargs(
        network=network,
        driver=driver,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    network: str | Unset = UNSET,
    driver: str | Unset = UNSET,
) -> ErrorMessage | list[DriverStatusProperty] | str | None:
    """Problems the payment driver currently has (empty list when none).

     Lets an application tell why payments are stuck, e.g. missing gas or tokens, per network. 404 when
    the driver or network is unknown.

    Args:
        network (str | Unset):
        driver (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[DriverStatusProperty] | str
    """

    return (
        await asyncio_detailed(
            client=client,
            network=network,
            driver=driver,
        )
    ).parsed
