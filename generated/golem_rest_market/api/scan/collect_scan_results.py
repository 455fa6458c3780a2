from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.offer import Offer
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subscription_id: str,
    *,
    timeout: float | Unset = 5.0,
    max_events: int | Unset = UNSET,
    peer_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["timeout"] = timeout

    params["maxEvents"] = max_events

    params["peerId"] = peer_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/scan/{subscription_id}/events".format(
            subscription_id=quote(str(subscription_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | list[Offer] | str | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = Offer.from_dict(response_200_item_data)

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

    if response.status_code == 500:
        response_500 = ErrorMessage.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = ErrorMessage.from_dict(response.json())

        return response_502

    if response.status_code == 504:
        response_504 = ErrorMessage.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorMessage | list[Offer] | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    subscription_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 5.0,
    max_events: int | Unset = UNSET,
    peer_id: str | Unset = UNSET,
) -> Response[ErrorMessage | list[Offer] | str]:
    """Read the next batch of a scan

     Returns offers the iterator has not handed out yet; an empty list when nothing new turned up before
    the timeout. With `peerId` the offers are fetched directly from that node instead. (Sending `Accept:
    text/event-stream` turns this into an endless SSE stream of `offer` events; that form is not
    modelled here.)

    Args:
        subscription_id (str):
        timeout (float | Unset):  Default: 5.0.
        max_events (int | Unset):
        peer_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[Offer] | str]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        timeout=timeout,
        max_events=max_events,
        peer_id=peer_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subscription_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 5.0,
    max_events: int | Unset = UNSET,
    peer_id: str | Unset = UNSET,
) -> ErrorMessage | list[Offer] | str | None:
    """Read the next batch of a scan

     Returns offers the iterator has not handed out yet; an empty list when nothing new turned up before
    the timeout. With `peerId` the offers are fetched directly from that node instead. (Sending `Accept:
    text/event-stream` turns this into an endless SSE stream of `offer` events; that form is not
    modelled here.)

    Args:
        subscription_id (str):
        timeout (float | Unset):  Default: 5.0.
        max_events (int | Unset):
        peer_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[Offer] | str
    """

    return sync_detailed(
        subscription_id=subscription_id,
        client=client,
        timeout=timeout,
        max_events=max_events,
        peer_id=peer_id,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 5.0,
    max_events: int | Unset = UNSET,
    peer_id: str | Unset = UNSET,
) -> Response[ErrorMessage | list[Offer] | str]:
    """Read the next batch of a scan

     Returns offers the iterator has not handed out yet; an empty list when nothing new turned up before
    the timeout. With `peerId` the offers are fetched directly from that node instead. (Sending `Accept:
    text/event-stream` turns this into an endless SSE stream of `offer` events; that form is not
    modelled here.)

    Args:
        subscription_id (str):
        timeout (float | Unset):  Default: 5.0.
        max_events (int | Unset):
        peer_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[Offer] | str]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        timeout=timeout,
        max_events=max_events,
        peer_id=peer_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 5.0,
    max_events: int | Unset = UNSET,
    peer_id: str | Unset = UNSET,
) -> ErrorMessage | list[Offer] | str | None:
    """Read the next batch of a scan

     Returns offers the iterator has not handed out yet; an empty list when nothing new turned up before
    the timeout. With `peerId` the offers are fetched directly from that node instead. (Sending `Accept:
    text/event-stream` turns this into an endless SSE stream of `offer` events; that form is not
    modelled here.)

    Args:
        subscription_id (str):
        timeout (float | Unset):  Default: 5.0.
        max_events (int | Unset):
        peer_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[Offer] | str
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            client=client,
            timeout=timeout,
            max_events=max_events,
            peer_id=peer_id,
        )
    ).parsed
