from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.proposal import Proposal
from ...types import Response


def _get_kwargs(
    subscription_id: str,
    proposal_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/demands/{subscription_id}/proposals/{proposal_id}".format(
            subscription_id=quote(str(subscription_id), safe=""),
            proposal_id=quote(str(proposal_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | Proposal | str | None:
    if response.status_code == 200:
        response_200 = Proposal.from_dict(response.json())

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
) -> Response[ErrorMessage | Proposal | str]:
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
) -> Response[ErrorMessage | Proposal | str]:
    """Fetch one proposal from a demand's negotiations

     Either a provider's proposal (an offer) or one of our own counter-proposals. Rejected proposals are
    still returned, with state `Rejected`.

    Args:
        subscription_id (str):
        proposal_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | Proposal | str]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        proposal_id=proposal_id,
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
) -> ErrorMessage | Proposal | str | None:
    """Fetch one proposal from a demand's negotiations

     Either a provider's proposal (an offer) or one of our own counter-proposals. Rejected proposals are
    still returned, with state `Rejected`.

    Args:
        subscription_id (str):
        proposal_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | Proposal | str
    """

    return sync_detailed(
        subscription_id=subscription_id,
        proposal_id=proposal_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    proposal_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorMessage | Proposal | str]:
    """Fetch one proposal from a demand's negotiations

     Either a provider's proposal (an offer) or one of our own counter-proposals. Rejected proposals are
    still returned, with state `Rejected`.

    Args:
        subscription_id (str):
        proposal_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | Proposal | str]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        proposal_id=proposal_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    proposal_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorMessage | Proposal | str | None:
    """Fetch one proposal from a demand's negotiations

     Either a provider's proposal (an offer) or one of our own counter-proposals. Rejected proposals are
    still returned, with state `Rejected`.

    Args:
        subscription_id (str):
        proposal_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | Proposal | str
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            proposal_id=proposal_id,
            client=client,
        )
    ).parsed
