from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.demand_offer_base import DemandOfferBase
from ...models.error_message import ErrorMessage
from ...types import Response


def _get_kwargs(
    subscription_id: str,
    proposal_id: str,
    *,
    body: DemandOfferBase,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/offers/{subscription_id}/proposals/{proposal_id}".format(
            subscription_id=quote(str(subscription_id), safe=""),
            proposal_id=quote(str(proposal_id), safe=""),
        ),
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

    if response.status_code == 404:
        response_404 = ErrorMessage.from_dict(response.json())

        return response_404

    if response.status_code == 410:
        response_410 = ErrorMessage.from_dict(response.json())

        return response_410

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
    subscription_id: str,
    proposal_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DemandOfferBase,
) -> Response[ErrorMessage | str]:
    """Answer a demand proposal with a counter-offer

     Sends the requestor an adjusted version of our offer in reply to the given proposal. Answers with
    the id of the new (Draft) proposal. A proposal can be countered only once.

    Args:
        subscription_id (str):
        proposal_id (str):
        body (DemandOfferBase): What a client sends to publish a demand or offer, or to counter a
            proposal: its properties and its constraint expression.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        proposal_id=proposal_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subscription_id: str,
    proposal_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DemandOfferBase,
) -> ErrorMessage | str | None:
    """Answer a demand proposal with a counter-offer

     Sends the requestor an adjusted version of our offer in reply to the given proposal. Answers with
    the id of the new (Draft) proposal. A proposal can be countered only once.

    Args:
        subscription_id (str):
        proposal_id (str):
        body (DemandOfferBase): What a client sends to publish a demand or offer, or to counter a
            proposal: its properties and its constraint expression.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | str
    """

    return sync_detailed(
        subscription_id=subscription_id,
        proposal_id=proposal_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    proposal_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DemandOfferBase,
) -> Response[ErrorMessage | str]:
    """Answer a demand proposal with a counter-offer

     Sends the requestor an adjusted version of our offer in reply to the given proposal. Answers with
    the id of the new (Draft) proposal. A proposal can be countered only once.

    Args:
        subscription_id (str):
        proposal_id (str):
        body (DemandOfferBase): What a client sends to publish a demand or offer, or to counter a
            proposal: its properties and its constraint expression.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        proposal_id=proposal_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    proposal_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DemandOfferBase,
) -> ErrorMessage | str | None:
    """Answer a demand proposal with a counter-offer

     Sends the requestor an adjusted version of our offer in reply to the given proposal. Answers with
    the id of the new (Draft) proposal. A proposal can be countered only once.

    Args:
        subscription_id (str):
        proposal_id (str):
        body (DemandOfferBase): What a client sends to publish a demand or offer, or to counter a
            proposal: its properties and its constraint expression.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | str
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            proposal_id=proposal_id,
            client=client,
            body=body,
        )
    ).parsed
