import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.agreement_list_entry import AgreementListEntry
from ...models.agreement_state import AgreementState
from ...models.error_message import ErrorMessage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    app_session_id: str | Unset = UNSET,
    state: AgreementState | Unset = UNSET,
    after_date: datetime.datetime | Unset = UNSET,
    before_date: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["appSessionId"] = app_session_id

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state.value

    params["state"] = json_state

    json_after_date: str | Unset = UNSET
    if not isinstance(after_date, Unset):
        json_after_date = after_date.isoformat()
    params["afterDate"] = json_after_date

    json_before_date: str | Unset = UNSET
    if not isinstance(before_date, Unset):
        json_before_date = before_date.isoformat()
    params["beforeDate"] = json_before_date

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/agreements",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorMessage | list[AgreementListEntry] | str | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = AgreementListEntry.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

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
) -> Response[ErrorMessage | list[AgreementListEntry] | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    app_session_id: str | Unset = UNSET,
    state: AgreementState | Unset = UNSET,
    after_date: datetime.datetime | Unset = UNSET,
    before_date: datetime.datetime | Unset = UNSET,
) -> Response[ErrorMessage | list[AgreementListEntry] | str]:
    """List agreements of the caller, filtered

     Short entries for the agreements the caller takes part in, on either side, optionally narrowed by
    state, creation time and app session.

    Args:
        app_session_id (str | Unset):
        state (AgreementState | Unset): `Proposal`: created, not yet confirmed by the requestor.
            `Pending`: confirmed and waiting for the provider. `Cancelled`: withdrawn by the
            requestor. `Rejected`: refused by the provider. `Approved`: in force. `Expired`: not
            decided before `validTo`. `Terminated`: ended after approval.
        after_date (datetime.datetime | Unset):
        before_date (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[AgreementListEntry] | str]
    """

    kwargs = _get_kwargs(
        app_session_id=app_session_id,
        state=state,
        after_date=after_date,
        before_date=before_date,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    app_session_id: str | Unset = UNSET,
    state: AgreementState | Unset = UNSET,
    after_date: datetime.datetime | Unset = UNSET,
    before_date: datetime.datetime | Unset = UNSET,
) -> ErrorMessage | list[AgreementListEntry] | str | None:
    """List agreements of the caller, filtered

     Short entries for the agreements the caller takes part in, on either side, optionally narrowed by
    state, creation time and app session.

    Args:
        app_session_id (str | Unset):
        state (AgreementState | Unset): `Proposal`: created, not yet confirmed by the requestor.
            `Pending`: confirmed and waiting for the provider. `Cancelled`: withdrawn by the
            requestor. `Rejected`: refused by the provider. `Approved`: in force. `Expired`: not
            decided before `validTo`. `Terminated`: ended after approval.
        after_date (datetime.datetime | Unset):
        before_date (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[AgreementListEntry] | str
    """

    return sync_detailed(
        client=client,
        app_session_id=app_session_id,
        state=state,
        after_date=after_date,
        before_date=before_date,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    app_session_id: str | Unset = UNSET,
    state: AgreementState | Unset = UNSET,
    after_date: datetime.datetime | Unset = UNSET,
    before_date: datetime.datetime | Unset = UNSET,
) -> Response[ErrorMessage | list[AgreementListEntry] | str]:
    """List agreements of the caller, filtered

     Short entries for the agreements the caller takes part in, on either side, optionally narrowed by
    state, creation time and app session.

    Args:
        app_session_id (str | Unset):
        state (AgreementState | Unset): `Proposal`: created, not yet confirmed by the requestor.
            `Pending`: confirmed and waiting for the provider. `Cancelled`: withdrawn by the
            requestor. `Rejected`: refused by the provider. `Approved`: in force. `Expired`: not
            decided before `validTo`. `Terminated`: ended after approval.
        after_date (datetime.datetime | Unset):
        before_date (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorMessage | list[AgreementListEntry] | str]
    """

    kwargs = _get_kwargs(
        app_session_id=app_session_id,
        state=state,
        after_date=after_date,
        before_date=before_date,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    app_session_id: str | Unset = UNSET,
    state: AgreementState | Unset = UNSET,
    after_date: datetime.datetime | Unset = UNSET,
    before_date: datetime.datetime | Unset = UNSET,
) -> ErrorMessage | list[AgreementListEntry] | str | None:
    """List agreements of the caller, filtered

     Short entries for the agreements the caller takes part in, on either side, optionally narrowed by
    state, creation time and app session.

    Args:
        app_session_id (str | Unset):
        state (AgreementState | Unset): `Proposal`: created, not yet confirmed by the requestor.
            `Pending`: confirmed and waiting for the provider. `Cancelled`: withdrawn by the
            requestor. `Rejected`: refused by the provider. `Approved`: in force. `Expired`: not
            decided before `validTo`. `Terminated`: ended after approval.
        after_date (datetime.datetime | Unset):
        before_date (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorMessage | list[AgreementListEntry] | str
    """

    return (
        await asyncio_detailed(
            client=client,
            app_session_id=app_session_id,
            state=state,
            after_date=after_date,
            before_date=before_date,
        )
    ).parsed
