from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_message import ErrorMessage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    agreement_id: str,
    *,
    app_session_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["appSessionId"] = app_session_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/agreements/{agreement_id}/confirm".format(
            agreement_id=quote(str(agreement_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorMessage | str | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = ErrorMessage.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 404:
        response_404 = ErrorMessage.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorMessage.from_dict(response.json())

        return response_409

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
) -> Response[Any | ErrorMessage | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    agreement_id: str,
    *,
    client: AuthenticatedClient | Client,
    app_session_id: str | Unset = UNSET,
) -> Response[Any | ErrorMessage | str]:
    """Send an agreement draft to the provider

     Signs the agreement made by `createAgreement` and hands it to the provider for approval (state
    becomes `Pending`). Confirming twice answers 410.

    Args:
        agreement_id (str):
        app_session_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        agreement_id=agreement_id,
        app_session_id=app_session_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    agreement_id: str,
    *,
    client: AuthenticatedClient | Client,
    app_session_id: str | Unset = UNSET,
) -> Any | ErrorMessage | str | None:
    """Send an agreement draft to the provider

     Signs the agreement made by `createAgreement` and hands it to the provider for approval (state
    becomes `Pending`). Confirming twice answers 410.

    Args:
        agreement_id (str):
        app_session_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return sync_detailed(
        agreement_id=agreement_id,
        client=client,
        app_session_id=app_session_id,
    ).parsed


async def asyncio_detailed(
    agreement_id: str,
    *,
    client: AuthenticatedClient | Client,
    app_session_id: str | Unset = UNSET,
) -> Response[Any | ErrorMessage | str]:
    """Send an agreement draft to the provider

     Signs the agreement made by `createAgreement` and hands it to the provider for approval (state
    becomes `Pending`). Confirming twice answers 410.

    Args:
        agreement_id (str):
        app_session_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorMessage | str]
    """

    kwargs = _get_kwargs(
        agreement_id=agreement_id,
        app_session_id=app_session_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    agreement_id: str,
    *,
    client: AuthenticatedClient | Client,
    app_session_id: str | Unset = UNSET,
) -> Any | ErrorMessage | str | None:
    """Send an agreement draft to the provider

     Signs the agreement made by `createAgreement` and hands it to the provider for approval (state
    becomes `Pending`). Confirming twice answers 410.

    Args:
        agreement_id (str):
        app_session_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorMessage | str
    """

    return (
        await asyncio_detailed(
            agreement_id=agreement_id,
            client=client,
            app_session_id=app_session_id,
        )
    ).parsed
