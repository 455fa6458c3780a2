from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.property_query_reply import PropertyQueryReply
from ...types import Response


def _get_kwargs(
    subscription_id: str,
    query_id: str,
    *,
    body: PropertyQueryReply,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/offers/{subscription_id}/propertyQuery/{query_id}".format(
            subscription_id=quote(str(subscription_id), safe=""),
            query_id=quote(str(query_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | str | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 404:
        response_404 = cast(Any, None)
        return response_404

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    subscription_id: str,
    query_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PropertyQueryReply,
) -> Response[Any | str]:
    """Answer a dynamic property query (not served by yagna 0.17.6)

     Meant for replying to a `PropertyQueryEvent` with the values asked for. yagna 0.17.6 has no such
    route: it always answers 404 with an empty body.

    Args:
        subscription_id (str):
        query_id (str):
        body (PropertyQueryReply): The property values that answer a query (free-form).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | str]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        query_id=query_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subscription_id: str,
    query_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PropertyQueryReply,
) -> Any | str | None:
    """Answer a dynamic property query (not served by yagna 0.17.6)

     Meant for replying to a `PropertyQueryEvent` with the values asked for. yagna 0.17.6 has no such
    route: it always answers 404 with an empty body.

    Args:
        subscription_id (str):
        query_id (str):
        body (PropertyQueryReply): The property values that answer a query (free-form).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | str
    """

    return sync_detailed(
        subscription_id=subscription_id,
        query_id=query_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    query_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PropertyQueryReply,
) -> Response[Any | str]:
    """Answer a dynamic property query (not served by yagna 0.17.6)

     Meant for replying to a `PropertyQueryEvent` with the values asked for. yagna 0.17.6 has no such
    route: it always answers 404 with an empty body.

    Args:
        subscription_id (str):
        query_id (str):
        body (PropertyQueryReply): The property values that answer a query (free-form).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | str]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        query_id=query_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    query_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PropertyQueryReply,
) -> Any | str | None:
    """Answer a dynamic property query (not served by yagna 0.17.6)

     Meant for replying to a `PropertyQueryEvent` with the values asked for. yagna 0.17.6 has no such
    route: it always answers 404 with an empty body.

    Args:
        subscription_id (str):
        query_id (str):
        body (PropertyQueryReply): The property values that answer a query (free-form).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | str
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            query_id=query_id,
            client=client,
            body=body,
        )
    ).parsed
