from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...models.property_query_event import PropertyQueryEvent
from ...models.proposal_event import ProposalEvent
from ...models.proposal_rejected_event import ProposalRejectedEvent
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subscription_id: str,
    *,
    timeout: float | Unset = 5.0,
    max_events: int | Unset = 10,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["timeout"] = timeout

    params["maxEvents"] = max_events

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/demands/{subscription_id}/events".format(
            subscription_id=quote(str(subscription_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorMessage
    | list[PropertyQueryEvent | ProposalEvent | ProposalRejectedEvent]
    | str
    | None
):
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:

            def _parse_response_200_item(
                data: object,
            ) -> PropertyQueryEvent | ProposalEvent | ProposalRejectedEvent:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_requestor_event_type_0 = ProposalEvent.from_dict(
                        data
                    )

                    return componentsschemas_requestor_event_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_requestor_event_type_1 = (
                        ProposalRejectedEvent.from_dict(data)
                    )

                    return componentsschemas_requestor_event_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_requestor_event_type_2 = PropertyQueryEvent.from_dict(
                    data
                )

                return componentsschemas_requestor_event_type_2

            response_200_item = _parse_response_200_item(response_200_item_data)

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
) -> Response[
    ErrorMessage
    | list[PropertyQueryEvent | ProposalEvent | ProposalRejectedEvent]
    | str
]:
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
    max_events: int | Unset = 10,
) -> Response[
    ErrorMessage
    | list[PropertyQueryEvent | ProposalEvent | ProposalRejectedEvent]
    | str
]:
    """Long-poll the negotiation events of a demand

     Waits until something happens in the negotiations under this demand (an offer proposal arrived or
    one of ours was rejected) and returns those events. An empty list means the timeout passed quietly.

    Args:
        subscription_id (str):
        timeout (float | Unset):  Default: 5.0.
        max_events (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[PropertyQueryEvent | ProposalEvent | ProposalRejectedEvent] | str]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        timeout=timeout,
        max_events=max_events,
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
    max_events: int | Unset = 10,
) -> (
    ErrorMessage
    | list[PropertyQueryEvent | ProposalEvent | ProposalRejectedEvent]
    | str
    | None
):
    """Long-poll the negotiation events of a demand

     Waits until something happens in the negotiations under this demand (an offer proposal arrived or
    one of ours was rejected) and returns those events. An empty list means the timeout passed quietly.

    Args:
        subscription_id (str):
        timeout (float | Unset):  Default: 5.0.
        max_events (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[PropertyQueryEvent | ProposalEvent | ProposalRejectedEvent] | str
    """

    return sync_detailed(
        subscription_id=subscription_id,
        client=client,
        timeout=timeout,
        max_events=max_events,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 5.0,
    max_events: int | Unset = 10,
) -> Response[
    ErrorMessage
    | list[PropertyQueryEvent | ProposalEvent | ProposalRejectedEvent]
    | str
]:
    """Long-poll the negotiation events of a demand

     Waits until something happens in the negotiations under this demand (an offer proposal arrived or
    one of ours was rejected) and returns those events. An empty list means the timeout passed quietly.

    Args:
        subscription_id (str):
        timeout (float | Unset):  Default: 5.0.
        max_events (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[PropertyQueryEvent | ProposalEvent | ProposalRejectedEvent] | str]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        timeout=timeout,
        max_events=max_events,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    *,
    client: AuthenticatedClient | Client,
    timeout: float | Unset = 5.0,
    max_events: int | Unset = 10,
) -> (
    ErrorMessage
    | list[PropertyQueryEvent | ProposalEvent | ProposalRejectedEvent]
    | str
    | None
):
    """Long-poll the negotiation events of a demand

     Waits until something happens in the negotiations under this demand (an offer proposal arrived or
    one of ours was rejected) and returns those events. An empty list means the timeout passed quietly.

    Args:
        subscription_id (str):
        timeout (float | Unset):  Default: 5.0.
        max_events (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[PropertyQueryEvent | ProposalEvent | ProposalRejectedEvent] | str
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            client=client,
            timeout=timeout,
            max_events=max_events,
        )
    ).parsed
