"""The market API (both sides), as our own snapshots.

Every function is one REST call. Generated models are turned into
`golem_core.market.data` snapshots by `market_wire` and nowhere else; a 2xx body we
cannot read becomes `RemoteProtocolError`, and error statuses arrive as the
`ApiError` subclasses `call` raises.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from golem_core._api import YagnaApi, call, operation_name
from golem_core._api.market_wire import (
    NegotiationEvent as NegotiationEvent,
)
from golem_core._api.market_wire import (
    reason_body,
    spec_body,
    to_agreement,
    to_agreement_event,
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


# requestor ---------------------------------------------------------------------------------


async def subscribe_demand(api: YagnaApi, spec: MarketSpec) -> SubscriptionId:
    from golem_rest_market.api.requestor import subscribe_demand as _subscribe_demand

    op = _subscribe_demand.asyncio_detailed
    return SubscriptionId(_expect(await call(op, client=api.market, body=spec_body(spec)), str, op))


async def unsubscribe_demand(api: YagnaApi, demand_id: SubscriptionId) -> None:
    from golem_rest_market.api.requestor import unsubscribe_demand as _unsubscribe_demand

    await call(_unsubscribe_demand.asyncio_detailed, subscription_id=demand_id, client=api.market)


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
    from golem_rest_market.api.requestor import collect_offers as _collect_offers

    op = _collect_offers.asyncio_detailed
    events = await call(
        op, subscription_id=demand_id, client=api.market, timeout=timeout, max_events=max_events
    )
    return [to_negotiation_event(event) for event in _expect_list(events, op)]


async def get_proposal_offer(
    api: YagnaApi, demand_id: SubscriptionId, proposal_id: ProposalId
) -> ProposalData:
    from golem_rest_market.api.requestor import get_proposal_offer as _get_proposal_offer
    from golem_rest_market.models import Proposal

    op = _get_proposal_offer.asyncio_detailed
    answer = await call(op, subscription_id=demand_id, proposal_id=proposal_id, client=api.market)
    return to_proposal(_expect(answer, Proposal, op))


async def counter_proposal_demand(
    api: YagnaApi, demand_id: SubscriptionId, proposal_id: ProposalId, spec: MarketSpec
) -> ProposalId:
    from golem_rest_market.api.requestor import counter_proposal_demand as _counter_proposal_demand

    op = _counter_proposal_demand.asyncio_detailed
    answer = await call(
        op,
        subscription_id=demand_id,
        proposal_id=proposal_id,
        client=api.market,
        body=spec_body(spec),
    )
    return ProposalId(_expect(answer, str, op))


async def reject_proposal_offer(
    api: YagnaApi, demand_id: SubscriptionId, proposal_id: ProposalId, reason: Reason
) -> None:
    from golem_rest_market.api.requestor import reject_proposal_offer as _reject_proposal_offer

    await call(
        _reject_proposal_offer.asyncio_detailed,
        subscription_id=demand_id,
        proposal_id=proposal_id,
        client=api.market,
        body=reason_body(reason),
    )


async def create_agreement(
    api: YagnaApi, proposal_id: ProposalId, valid_to: datetime
) -> AgreementId:
    from golem_rest_market.api.requestor import create_agreement as _create_agreement
    from golem_rest_market.models import AgreementProposal

    op = _create_agreement.asyncio_detailed
    body = AgreementProposal(proposal_id=proposal_id, valid_to=valid_to)
    return AgreementId(_expect(await call(op, client=api.market, body=body), str, op))


async def confirm_agreement(
    api: YagnaApi, agreement_id: AgreementId, app_session_id: str | None = None
) -> None:
    from golem_rest_market.api.requestor import confirm_agreement as _confirm_agreement
    from golem_rest_market.types import UNSET

    await call(
        _confirm_agreement.asyncio_detailed,
        agreement_id=agreement_id,
        client=api.market,
        app_session_id=UNSET if app_session_id is None else app_session_id,
    )


async def wait_for_approval(api: YagnaApi, agreement_id: AgreementId, timeout: float) -> None:
    """Returns once approved; 408 (`ApiTimeoutError`) when still pending after `timeout`."""
    from golem_rest_market.api.requestor import wait_for_approval as _wait_for_approval

    await call(
        _wait_for_approval.asyncio_detailed,
        agreement_id=agreement_id,
        client=api.market,
        timeout=timeout,
    )


async def cancel_agreement(api: YagnaApi, agreement_id: AgreementId, reason: Reason) -> None:
    from golem_rest_market.api.requestor import cancel_agreement as _cancel_agreement

    await call(
        _cancel_agreement.asyncio_detailed,
        agreement_id=agreement_id,
        client=api.market,
        body=reason_body(reason),
    )


# either side -------------------------------------------------------------------------------


async def get_agreement(api: YagnaApi, agreement_id: AgreementId) -> AgreementData:
    from golem_rest_market.api.agreements import get_agreement as _get_agreement
    from golem_rest_market.models import Agreement

    op = _get_agreement.asyncio_detailed
    answer = await call(op, agreement_id=agreement_id, client=api.market)
    return to_agreement(_expect(answer, Agreement, op))


async def terminate_agreement(api: YagnaApi, agreement_id: AgreementId, reason: Reason) -> None:
    from golem_rest_market.api.agreements import terminate_agreement as _terminate_agreement

    await call(
        _terminate_agreement.asyncio_detailed,
        agreement_id=agreement_id,
        client=api.market,
        body=reason_body(reason),
    )


async def collect_agreement_events(
    api: YagnaApi,
    after: datetime | None,
    timeout: float,
    max_events: int = 10,
    app_session_id: str | None = None,
) -> list[AgreementStateChange]:
    from golem_rest_market.api.agreements import (
        collect_agreement_events as _collect_agreement_events,
    )
    from golem_rest_market.types import UNSET

    op = _collect_agreement_events.asyncio_detailed
    events = await call(
        op,
        client=api.market,
        timeout=timeout,
        after_timestamp=UNSET if after is None else after,
        max_events=max_events,
        app_session_id=UNSET if app_session_id is None else app_session_id,
    )
    return [to_agreement_event(event) for event in _expect_list(events, op)]


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
