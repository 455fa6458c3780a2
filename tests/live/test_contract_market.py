"""Contract tests: openapi/market.yaml and golem_rest_market against the real yagna daemon.

Each test decodes the daemon's answers into the generated models and checks
their fields, so a spec that disagrees with the daemon fails here first.
Both sides run on their own node; the provider side is driven by the test.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, TypeVar

import pytest
from golem_rest_market.api.agreements import (
    collect_agreement_events,
    get_agreement,
    get_terminate_agreement_reason,
    list_agreements,
    terminate_agreement,
)
from golem_rest_market.api.provider import (
    get_offers,
    reject_agreement,
    reject_proposal_demand,
    subscribe_offer,
    unsubscribe_offer,
)
from golem_rest_market.api.requestor import (
    collect_offers,
    get_demands,
    get_proposal_offer,
    reject_proposal_offer,
    subscribe_demand,
    unsubscribe_demand,
    wait_for_approval,
)
from golem_rest_market.models import (
    Agreement,
    AgreementApprovedEvent,
    AgreementApprovedEventEventType,
    AgreementEvent,
    AgreementEventEventType,
    AgreementListEntry,
    AgreementRejectedEvent,
    AgreementRole,
    AgreementState,
    AgreementTerminatedEvent,
    AgreementTerminator,
    Demand,
    Offer,
    Properties,
    Proposal,
    ProposalEvent,
    ProposalEventEventType,
    ProposalRejectedEvent,
    ProposalRejectedEventEventType,
    ProposalState,
    Reason,
)
from golem_rest_market.types import Unset

from golem_core._api import YagnaApi, call
from golem_core.exceptions import GoneError, NotFoundError
from golem_localnet.identities import PROVIDER_NODE_IDS, REQUESTOR_NODE_ID
from tests.live.negotiation import (
    approved_agreement,
    counter_rounds,
    demand_body,
    first_event,
    new_subnet,
    offer_body,
    poll_provider,
    poll_requestor,
    requestor_counters,
    same_proposal,
    send_agreement,
    subscribed,
    typed,
    typed_list,
)

pytestmark = pytest.mark.live

E = TypeVar("E")

PROVIDER_ID = PROVIDER_NODE_IDS[0]


def aware(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() is not None


async def agreement_events(
    api: YagnaApi, after: datetime, session: str | None, timeout: float
) -> list[object]:
    kwargs: dict[str, Any] = {"app_session_id": session} if session else {}
    return typed_list(
        await call(
            collect_agreement_events.asyncio_detailed,
            client=api.market,
            after_timestamp=after,
            timeout=timeout,
            **kwargs,
        ),
        object,
    )


async def first_agreement_event(
    api: YagnaApi, after: datetime, session: str | None, kind: type[E], agreement_id: str
) -> E:
    """The first agreement event of this kind for this agreement, by long polls."""
    event = await first_event(
        lambda t: agreement_events(api, after, session, t),
        lambda e: isinstance(e, kind) and getattr(e, "agreement_id", None) == agreement_id,
    )
    return typed(event, kind)


async def get_typed_agreement(api: YagnaApi, agreement_id: str) -> Agreement:
    return typed(
        await call(get_agreement.asyncio_detailed, agreement_id=agreement_id, client=api.market),
        Agreement,
    )


# --- subscriptions -------------------------------------------------------------------------


async def test_demand_subscribe_list_unsubscribe(requestor_api: YagnaApi) -> None:
    body = demand_body(new_subnet())
    demand_id = typed(
        await call(subscribe_demand.asyncio_detailed, client=requestor_api.market, body=body), str
    )

    listed = typed_list(
        await call(get_demands.asyncio_detailed, client=requestor_api.market), Demand
    )
    (demand,) = [d for d in listed if d.demand_id == demand_id]
    assert demand.requestor_id == REQUESTOR_NODE_ID
    assert demand.constraints == body.constraints
    assert isinstance(demand.properties, Properties)
    assert demand.properties.additional_properties == body.properties.additional_properties
    assert aware(demand.timestamp)

    gone = await call(
        unsubscribe_demand.asyncio_detailed, subscription_id=demand_id, client=requestor_api.market
    )
    assert gone is None
    listed = typed_list(
        await call(get_demands.asyncio_detailed, client=requestor_api.market), Demand
    )
    assert demand_id not in {d.demand_id for d in listed}

    with pytest.raises(NotFoundError) as again:
        await call(
            unsubscribe_demand.asyncio_detailed,
            subscription_id=demand_id,
            client=requestor_api.market,
        )
    assert again.value.operation == "unsubscribe_demand"
    assert again.value.status == 404


async def test_offer_subscribe_list_unsubscribe(provider_api: YagnaApi) -> None:
    body = offer_body(new_subnet())
    offer_id = typed(
        await call(subscribe_offer.asyncio_detailed, client=provider_api.market, body=body), str
    )

    listed = typed_list(await call(get_offers.asyncio_detailed, client=provider_api.market), Offer)
    (offer,) = [o for o in listed if o.offer_id == offer_id]
    assert offer.provider_id == PROVIDER_ID
    assert offer.constraints == body.constraints
    assert offer.properties.additional_properties == body.properties.additional_properties
    assert aware(offer.timestamp)

    gone = await call(
        unsubscribe_offer.asyncio_detailed, subscription_id=offer_id, client=provider_api.market
    )
    assert gone is None
    listed = typed_list(await call(get_offers.asyncio_detailed, client=provider_api.market), Offer)
    assert offer_id not in {o.offer_id for o in listed}

    # unlike a demand (404), a withdrawn offer is remembered: the daemon answers 410
    with pytest.raises(GoneError) as again:
        await call(
            unsubscribe_offer.asyncio_detailed, subscription_id=offer_id, client=provider_api.market
        )
    assert again.value.operation == "unsubscribe_offer"
    assert again.value.status == 410
    assert "already unsubscribed" in again.value.message


# --- collecting events ---------------------------------------------------------------------


async def test_collect_offers_returns_typed_proposal_events(
    requestor_api: YagnaApi, provider_api: YagnaApi
) -> None:
    async with subscribed(requestor_api, provider_api) as subs:
        event = await first_event(
            lambda t: poll_requestor(requestor_api, subs.demand_id, t),
            lambda e: isinstance(e, ProposalEvent),
        )
        assert isinstance(event, ProposalEvent)
        assert event.event_type is ProposalEventEventType.PROPOSALEVENT
        assert aware(event.event_date)
        proposal = event.proposal
        assert isinstance(proposal, Proposal)
        assert proposal.state is ProposalState.INITIAL
        assert proposal.issuer_id == PROVIDER_ID
        assert isinstance(proposal.prev_proposal_id, Unset)
        offered = offer_body(subs.subnet)
        assert proposal.constraints == offered.constraints
        assert proposal.properties.additional_properties == offered.properties.additional_properties

        fetched = typed(
            await call(
                get_proposal_offer.asyncio_detailed,
                subscription_id=subs.demand_id,
                proposal_id=proposal.proposal_id,
                client=requestor_api.market,
            ),
            Proposal,
        )
        assert fetched.proposal_id == proposal.proposal_id
        assert fetched.state is ProposalState.INITIAL


async def test_collect_with_timeout_returns_empty_list_when_quiet(
    requestor_api: YagnaApi,
) -> None:
    demand_id = typed(
        await call(
            subscribe_demand.asyncio_detailed,
            client=requestor_api.market,
            body=demand_body(new_subnet()),  # nobody offers in this subnet
        ),
        str,
    )
    try:
        loop = asyncio.get_running_loop()
        started = loop.time()
        events = await call(
            collect_offers.asyncio_detailed,
            subscription_id=demand_id,
            client=requestor_api.market,
            timeout=1.0,
        )
        waited = loop.time() - started
        assert events == []
        assert 0.8 <= waited < 4.0  # the daemon held the poll for its timeout, then answered
    finally:
        await call(
            unsubscribe_demand.asyncio_detailed,
            subscription_id=demand_id,
            client=requestor_api.market,
        )


# --- negotiation and agreements ------------------------------------------------------------


async def test_negotiation_reaches_an_approved_agreement(
    requestor_api: YagnaApi, provider_api: YagnaApi
) -> None:
    async with approved_agreement(requestor_api, provider_api) as deal:
        rounds, pending = deal.rounds, deal.pending
        # each counter-proposal is a Draft that names the proposal it answers
        assert rounds.at_provider.state is ProposalState.DRAFT
        assert rounds.at_provider.issuer_id == REQUESTOR_NODE_ID
        assert isinstance(rounds.at_provider.prev_proposal_id, str)
        assert rounds.answer.state is ProposalState.DRAFT
        assert rounds.answer.issuer_id == PROVIDER_ID
        assert rounds.answer.prev_proposal_id == rounds.our_draft_id
        # the provider received the agreement as a typed AgreementEvent, still Pending
        sent = pending.at_provider
        assert sent.event_type is AgreementEventEventType.AGREEMENTEVENT
        assert sent.agreement.state is AgreementState.PENDING
        assert sent.agreement.demand.requestor_id == REQUESTOR_NODE_ID

        for api in (requestor_api, provider_api):
            agreement = await get_typed_agreement(api, deal.agreement_id)
            assert agreement.agreement_id == deal.agreement_id
            assert agreement.state is AgreementState.APPROVED
            assert agreement.demand.demand_id == deal.subs.demand_id
            assert agreement.demand.requestor_id == REQUESTOR_NODE_ID
            assert agreement.offer.offer_id == deal.subs.offer_id
            assert agreement.offer.provider_id == PROVIDER_ID
            assert isinstance(agreement.approved_date, datetime)
            assert aware(agreement.approved_date)
            assert agreement.valid_to > agreement.timestamp

        for api, session in (
            (requestor_api, pending.requestor_session),
            (provider_api, pending.provider_session),
        ):
            approved = await first_agreement_event(
                api, pending.confirmed_after, session, AgreementApprovedEvent, deal.agreement_id
            )
            assert isinstance(approved, AgreementApprovedEvent)
            assert approved.event_type is AgreementApprovedEventEventType.AGREEMENTAPPROVEDEVENT
            assert approved.event_date >= pending.confirmed_after

        listed = typed_list(
            await call(
                list_agreements.asyncio_detailed,
                client=requestor_api.market,
                state=AgreementState.APPROVED,
            ),
            AgreementListEntry,
        )
        ours = [entry for entry in listed if entry.id == deal.agreement_id]
        assert [entry.role for entry in ours] == [AgreementRole.REQUESTOR]
        assert ours[0].approved_date is not None


async def test_terminate_with_reason(requestor_api: YagnaApi, provider_api: YagnaApi) -> None:
    async with approved_agreement(requestor_api, provider_api) as deal:
        reason = Reason(message="work finished")
        reason["golem.requestor.code"] = "Success"
        done = await call(
            terminate_agreement.asyncio_detailed,
            agreement_id=deal.agreement_id,
            client=requestor_api.market,
            body=reason,
        )
        assert done is None

        for api in (requestor_api, provider_api):
            agreement = await get_typed_agreement(api, deal.agreement_id)
            assert agreement.state is AgreementState.TERMINATED

        terminated = await first_agreement_event(
            provider_api,
            deal.pending.confirmed_after,
            None,
            AgreementTerminatedEvent,
            deal.agreement_id,
        )
        assert terminated.terminator is AgreementTerminator.REQUESTOR
        assert isinstance(terminated.reason, Reason)
        assert terminated.reason.message == "work finished"
        assert terminated.reason["golem.requestor.code"] == "Success"

        stored = typed(
            await call(
                get_terminate_agreement_reason.asyncio_detailed,
                agreement_id=deal.agreement_id,
                client=requestor_api.market,
            ),
            AgreementTerminatedEvent,
        )
        assert stored.agreement_id == deal.agreement_id
        assert stored.terminator is AgreementTerminator.REQUESTOR
        assert isinstance(stored.reason, Reason)
        assert stored.reason.message == "work finished"

        with pytest.raises(GoneError) as again:
            await call(
                terminate_agreement.asyncio_detailed,
                agreement_id=deal.agreement_id,
                client=requestor_api.market,
                body=reason,
            )
        assert again.value.operation == "terminate_agreement"
        assert again.value.status == 410


async def test_provider_rejects_our_counter_proposal(
    requestor_api: YagnaApi, provider_api: YagnaApi
) -> None:
    async with subscribed(requestor_api, provider_api) as subs:
        _, our_draft_id, at_provider = await requestor_counters(requestor_api, provider_api, subs)
        rejected = await call(
            reject_proposal_demand.asyncio_detailed,
            subscription_id=subs.offer_id,
            proposal_id=at_provider.proposal_id,
            client=provider_api.market,
            body=Reason(message="too cheap"),
        )
        assert rejected is None

        event = await first_event(
            lambda t: poll_requestor(requestor_api, subs.demand_id, t),
            lambda e: isinstance(e, ProposalRejectedEvent),
        )
        assert isinstance(event, ProposalRejectedEvent)
        assert event.event_type is ProposalRejectedEventEventType.PROPOSALREJECTEDEVENT
        assert same_proposal(event.proposal_id, our_draft_id)
        assert isinstance(event.reason, Reason)
        assert event.reason.message == "too cheap"


async def test_requestor_rejects_the_providers_counter_proposal(
    requestor_api: YagnaApi, provider_api: YagnaApi
) -> None:
    async with subscribed(requestor_api, provider_api) as subs:
        rounds = await counter_rounds(requestor_api, provider_api, subs)
        rejected = await call(
            reject_proposal_offer.asyncio_detailed,
            subscription_id=subs.demand_id,
            proposal_id=rounds.answer.proposal_id,
            client=requestor_api.market,
            body=Reason(message="found a better one"),
        )
        assert rejected is None

        event = await first_event(
            lambda t: poll_provider(provider_api, subs.offer_id, t),
            lambda e: isinstance(e, ProposalRejectedEvent),
        )
        assert isinstance(event, ProposalRejectedEvent)
        assert same_proposal(event.proposal_id, rounds.their_draft_id)
        assert isinstance(event.reason, Reason)
        assert event.reason.message == "found a better one"

        ours_now = typed(
            await call(
                get_proposal_offer.asyncio_detailed,
                subscription_id=subs.demand_id,
                proposal_id=rounds.answer.proposal_id,
                client=requestor_api.market,
            ),
            Proposal,
        )
        assert ours_now.state is ProposalState.REJECTED


async def test_provider_rejects_the_agreement(
    requestor_api: YagnaApi, provider_api: YagnaApi
) -> None:
    async with subscribed(requestor_api, provider_api) as subs:
        rounds = await counter_rounds(requestor_api, provider_api, subs)
        pending = await send_agreement(requestor_api, provider_api, subs, rounds)
        assert isinstance(pending.at_provider, AgreementEvent)

        rejected = await call(
            reject_agreement.asyncio_detailed,
            agreement_id=pending.agreement_id,
            client=provider_api.market,
            body=Reason(message="busy"),
        )
        assert rejected is None

        with pytest.raises(GoneError) as waited:
            await call(
                wait_for_approval.asyncio_detailed,
                agreement_id=pending.agreement_id,
                client=requestor_api.market,
                timeout=2.0,
            )
        assert waited.value.operation == "wait_for_approval"
        assert "Rejected" in waited.value.message

        agreement = await get_typed_agreement(requestor_api, pending.agreement_id)
        assert agreement.state is AgreementState.REJECTED
        event = await first_agreement_event(
            requestor_api,
            pending.confirmed_after,
            pending.requestor_session,
            AgreementRejectedEvent,
            pending.agreement_id,
        )
        assert isinstance(event.reason, Reason)
        assert event.reason.message == "busy"


async def test_unknown_agreement_is_not_found(requestor_api: YagnaApi) -> None:
    unknown = "0" * 64
    with pytest.raises(NotFoundError) as missing:
        await call(
            get_agreement.asyncio_detailed, agreement_id=unknown, client=requestor_api.market
        )
    assert missing.value.operation == "get_agreement"
    assert missing.value.status == 404
