"""The market API (both sides), as our own snapshots.

Every function is one REST call. A requestor's calls read the daemon's JSON
with `market_json`; the rest go through the generated models, turned into
`golem_core.market.data` snapshots by `market_wire`. A 2xx body we cannot read
becomes `RemoteProtocolError`, and error statuses arrive as the `ApiError`
subclasses `call` raises.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import httpx

from golem_core._api import YagnaApi, call, operation_name
from golem_core._api.json_calls import json_call, read_answer, read_list, read_str, segment
from golem_core._api.market_json import (
    agreement_event_from_json,
    agreement_from_json,
    agreement_proposal_json,
    offer_event_from_json,
    proposal_from_json,
    reason_json,
    spec_json,
)
from golem_core._api.market_wire import (
    NegotiationEvent as NegotiationEvent,
)
from golem_core._api.market_wire import (
    reason_body,
    spec_body,
    to_demand,
    to_negotiation_event,
    to_offer,
    to_proposal,
)
from golem_core.exceptions import RemoteProtocolError
from golem_core.ids import AgreementId, ProposalId, SubscriptionId
from golem_core.market.data import (
    AgreementData,
    AgreementStateChange,
    DemandData,
    OfferData,
    ProposalData,
    Reason,
)
from golem_core.market.properties import MarketSpec

M = TypeVar("M")


# --- calling -------------------------------------------------------------------------------


def _expect(value: object, cls: type[M], operation: Callable[..., Any]) -> M:
    if not isinstance(value, cls):
        raise RemoteProtocolError(
            f"{operation_name(operation)}: expected {cls.__name__}, got {value!r}"
        )
    return value


def _expect_list(value: object, operation: Callable[..., Any]) -> list[object]:
    return list(_expect(value, list, operation))


def _client(api: YagnaApi) -> httpx.AsyncClient:
    return api.market.get_async_httpx_client()


# requestor ---------------------------------------------------------------------------------
# A job's calls: plain JSON (`json_calls`), the same requests as the generated operations.


async def subscribe_demand(api: YagnaApi, spec: MarketSpec) -> SubscriptionId:
    op = "subscribe_demand"
    answer = await json_call(_client(api), op, "post", "/demands", body=spec_json(spec))
    return SubscriptionId(read_str(op, answer))


async def unsubscribe_demand(api: YagnaApi, demand_id: SubscriptionId) -> None:
    path = f"/demands/{segment(demand_id)}"
    await json_call(_client(api), "unsubscribe_demand", "delete", path, read=False)


async def list_demands(api: YagnaApi) -> list[DemandData]:
    from golem_rest_market.api.requestor import get_demands as _get_demands
    from golem_rest_market.models import Demand

    op = _get_demands.asyncio_detailed
    return [
        to_demand(_expect(d, Demand, op))
        for d in _expect_list(await call(op, client=api.market), op)
    ]


async def collect_offers(
    api: YagnaApi, demand_id: SubscriptionId, timeout: float, max_events: int = 10
) -> list[NegotiationEvent]:
    op = "collect_offers"
    path = f"/demands/{segment(demand_id)}/events"
    params = {"timeout": timeout, "maxEvents": max_events}
    events = await json_call(_client(api), op, "get", path, params=params)
    return list(read_list(op, offer_event_from_json, events))


async def get_proposal_offer(
    api: YagnaApi, demand_id: SubscriptionId, proposal_id: ProposalId
) -> ProposalData:
    op = "get_proposal_offer"
    path = f"/demands/{segment(demand_id)}/proposals/{segment(proposal_id)}"
    return read_answer(op, proposal_from_json, await json_call(_client(api), op, "get", path))


async def counter_proposal_demand(
    api: YagnaApi, demand_id: SubscriptionId, proposal_id: ProposalId, spec: MarketSpec
) -> ProposalId:
    op = "counter_proposal_demand"
    path = f"/demands/{segment(demand_id)}/proposals/{segment(proposal_id)}"
    answer = await json_call(_client(api), op, "post", path, body=spec_json(spec))
    return ProposalId(read_str(op, answer))


async def reject_proposal_offer(
    api: YagnaApi, demand_id: SubscriptionId, proposal_id: ProposalId, reason: Reason
) -> None:
    path = f"/demands/{segment(demand_id)}/proposals/{segment(proposal_id)}/reject"
    await json_call(
        _client(api), "reject_proposal_offer", "post", path, body=reason_json(reason), read=False
    )


async def create_agreement(
    api: YagnaApi, proposal_id: ProposalId, valid_to: datetime
) -> AgreementId:
    op = "create_agreement"
    body = agreement_proposal_json(proposal_id, valid_to)
    answer = await json_call(_client(api), op, "post", "/agreements", body=body)
    return AgreementId(read_str(op, answer))


async def confirm_agreement(
    api: YagnaApi, agreement_id: AgreementId, app_session_id: str | None = None
) -> None:
    path = f"/agreements/{segment(agreement_id)}/confirm"
    params = {} if app_session_id is None else {"appSessionId": app_session_id}
    await json_call(_client(api), "confirm_agreement", "post", path, params=params, read=False)


async def wait_for_approval(api: YagnaApi, agreement_id: AgreementId, timeout: float) -> None:
    """Returns once approved; 408 (`ApiTimeoutError`) when still pending after `timeout`."""
    path = f"/agreements/{segment(agreement_id)}/wait"
    params = {"timeout": timeout}
    await json_call(_client(api), "wait_for_approval", "post", path, params=params, read=False)


async def cancel_agreement(api: YagnaApi, agreement_id: AgreementId, reason: Reason) -> None:
    path = f"/agreements/{segment(agreement_id)}/cancel"
    await json_call(
        _client(api), "cancel_agreement", "post", path, body=reason_json(reason), read=False
    )


# either side -------------------------------------------------------------------------------


async def get_agreement(api: YagnaApi, agreement_id: AgreementId) -> AgreementData:
    op = "get_agreement"
    path = f"/agreements/{segment(agreement_id)}"
    return read_answer(op, agreement_from_json, await json_call(_client(api), op, "get", path))


async def terminate_agreement(api: YagnaApi, agreement_id: AgreementId, reason: Reason) -> None:
    path = f"/agreements/{segment(agreement_id)}/terminate"
    await json_call(
        _client(api), "terminate_agreement", "post", path, body=reason_json(reason), read=False
    )


async def collect_agreement_events(
    api: YagnaApi,
    after: datetime | None,
    timeout: float,
    max_events: int = 10,
    app_session_id: str | None = None,
) -> list[AgreementStateChange]:
    op = "collect_agreement_events"
    params: dict[str, Any] = {"timeout": timeout}
    if after is not None:
        params["afterTimestamp"] = after.isoformat()
    params["maxEvents"] = max_events
    if app_session_id is not None:
        params["appSessionId"] = app_session_id
    events = await json_call(_client(api), op, "get", "/agreementEvents", params=params)
    return read_list(op, agreement_event_from_json, events)


# provider ----------------------------------------------------------------------------------


async def subscribe_offer(api: YagnaApi, spec: MarketSpec) -> SubscriptionId:
    from golem_rest_market.api.provider import subscribe_offer as _subscribe_offer

    op = _subscribe_offer.asyncio_detailed
    return SubscriptionId(_expect(await call(op, client=api.market, body=spec_body(spec)), str, op))


async def unsubscribe_offer(api: YagnaApi, offer_id: SubscriptionId) -> None:
    from golem_rest_market.api.provider import unsubscribe_offer as _unsubscribe_offer

    await call(_unsubscribe_offer.asyncio_detailed, subscription_id=offer_id, client=api.market)


async def list_offers(api: YagnaApi) -> list[OfferData]:
    from golem_rest_market.api.provider import get_offers as _get_offers
    from golem_rest_market.models import Offer

    op = _get_offers.asyncio_detailed
    return [
        to_offer(_expect(o, Offer, op)) for o in _expect_list(await call(op, client=api.market), op)
    ]


async def collect_demands(
    api: YagnaApi, offer_id: SubscriptionId, timeout: float, max_events: int = 10
) -> list[NegotiationEvent]:
    from golem_rest_market.api.provider import collect_demands as _collect_demands

    op = _collect_demands.asyncio_detailed
    events = await call(
        op, subscription_id=offer_id, client=api.market, timeout=timeout, max_events=max_events
    )
    return [to_negotiation_event(event) for event in _expect_list(events, op)]


async def get_proposal_demand(
    api: YagnaApi, offer_id: SubscriptionId, proposal_id: ProposalId
) -> ProposalData:
    from golem_rest_market.api.provider import get_proposal_demand as _get_proposal_demand
    from golem_rest_market.models import Proposal

    op = _get_proposal_demand.asyncio_detailed
    answer = await call(op, subscription_id=offer_id, proposal_id=proposal_id, client=api.market)
    return to_proposal(_expect(answer, Proposal, op))


async def counter_proposal_offer(
    api: YagnaApi, offer_id: SubscriptionId, proposal_id: ProposalId, spec: MarketSpec
) -> ProposalId:
    from golem_rest_market.api.provider import counter_proposal_offer as _counter_proposal_offer

    op = _counter_proposal_offer.asyncio_detailed
    answer = await call(
        op,
        subscription_id=offer_id,
        proposal_id=proposal_id,
        client=api.market,
        body=spec_body(spec),
    )
    return ProposalId(_expect(answer, str, op))


async def reject_proposal_demand(
    api: YagnaApi, offer_id: SubscriptionId, proposal_id: ProposalId, reason: Reason
) -> None:
    from golem_rest_market.api.provider import reject_proposal_demand as _reject_proposal_demand

    await call(
        _reject_proposal_demand.asyncio_detailed,
        subscription_id=offer_id,
        proposal_id=proposal_id,
        client=api.market,
        body=reason_body(reason),
    )


async def approve_agreement(
    api: YagnaApi, agreement_id: AgreementId, timeout: float, app_session_id: str | None = None
) -> None:
    """Returns once the requestor acknowledged; `timeout` bounds the wait for that."""
    from golem_rest_market.api.provider import approve_agreement as _approve_agreement
    from golem_rest_market.types import UNSET

    await call(
        _approve_agreement.asyncio_detailed,
        agreement_id=agreement_id,
        client=api.market,
        timeout=timeout,
        app_session_id=UNSET if app_session_id is None else app_session_id,
    )


async def reject_agreement(api: YagnaApi, agreement_id: AgreementId, reason: Reason) -> None:
    from golem_rest_market.api.provider import reject_agreement as _reject_agreement

    await call(
        _reject_agreement.asyncio_detailed,
        agreement_id=agreement_id,
        client=api.market,
        body=reason_body(reason),
    )
