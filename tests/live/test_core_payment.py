"""golem_core.payment on two real daemons: the provider bills, the requestor's manager judges.

Two agreements are negotiated over REST (tests/live/negotiation.py): an honest
one and a greedy one. The provider side bills both through
golem_core.payment.provider; the requestor's PaymentManager accepts the fair
documents and refuses the over-charged ones, and the provider sees the
verdicts. No chain: the daemons skip the allocation's balance check, so nothing
is ever settled.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from golem_rest_activity.api.provider import collect_activity_events, set_activity_state
from golem_rest_activity.api.requestor import create_activity
from golem_rest_activity.models import (
    ActivityState,
    ActivityStateName,
    CreateActivityRequest,
    CreateActivityResult,
    ProviderEvent,
)
from golem_rest_activity.types import Unset

from golem_core._api import YagnaApi, call
from golem_core.events import (
    AllocationCreated,
    AllocationReleased,
    DebitNoteAccepted,
    DebitNoteRejected,
    Event,
    InvoiceAccepted,
    InvoiceRejected,
    PaymentEvent,
)
from golem_core.exceptions import ApiTimeoutError, NotFoundError
from golem_core.ids import ActivityId, AgreementId
from golem_core.node import GolemNode
from golem_core.payment import (
    CHOSEN_PLATFORM,
    Allocation,
    DocumentEventFeed,
    DocumentEventKind,
    DocumentStatus,
    DocumentType,
    InvoiceOutcome,
    LinearPricing,
    PaymentManager,
    RejectionReason,
)
from golem_core.payment.provider import issue_debit_note, issue_invoice, wait_for_decision
from golem_localnet.daemon import DaemonConfig
from golem_localnet.identities import REQUESTOR_NODE_ID
from golem_localnet.nodes import TwoNodes
from tests.live.negotiation import Negotiated, approved_agreement, first_event, typed

pytestmark = pytest.mark.live

D = Decimal
# the offer of negotiation.py: 0.001 per second of duration, nothing to start
PRICE_PER_SECOND = D("0.001")
DECISION_TIMEOUT = 10.0


def node_of(config: DaemonConfig) -> GolemNode:
    return GolemNode(app_key=config.app_key, api_url=config.api_url)


async def start_activity(
    requestor_api: YagnaApi, provider_api: YagnaApi, agreement_id: str
) -> ActivityId:
    """Create an activity, playing the provider agent that reports it Initialized."""
    since = datetime.now(timezone.utc) - timedelta(seconds=1)

    async def provider_events(timeout: float) -> list[ProviderEvent]:
        try:
            answer = await call(
                collect_activity_events.asyncio_detailed,
                client=provider_api.activity,
                after_timestamp=since,
                timeout=timeout,
            )
        except ApiTimeoutError:  # 408: nothing new
            return []
        assert isinstance(answer, list)
        return answer

    async def play_provider() -> None:
        event = await first_event(
            provider_events,
            lambda e: (
                e.agreement_id == agreement_id
                and not isinstance(e.event_type.create_activity, Unset)
            ),
        )
        await call(
            set_activity_state.asyncio_detailed,
            activity_id=event.activity_id,
            client=provider_api.activity,
            body=ActivityState(state=[ActivityStateName.INITIALIZED, None]),
        )

    provider = asyncio.create_task(play_provider())
    created = await call(
        create_activity.asyncio_detailed,
        client=requestor_api.activity,
        body=CreateActivityRequest(agreement_id=agreement_id),
        timeout=DECISION_TIMEOUT,
    )
    await provider
    return ActivityId(typed(created, CreateActivityResult).activity_id)


def pricing_of(deal: Negotiated) -> LinearPricing:
    """The linear model of the offer the agreement was made on."""
    return LinearPricing.from_properties(deal.rounds.answer.properties.additional_properties)


@pytest.fixture
async def requestor(two_nodes: TwoNodes) -> AsyncIterator[GolemNode]:
    async with node_of(two_nodes.requestor.config) as node:
        yield node


@pytest.fixture
async def provider(two_nodes: TwoNodes) -> AsyncIterator[GolemNode]:
    async with node_of(two_nodes.provider.config) as node:
        yield node


async def test_allocation_lifecycle_and_demand_decorations(two_nodes: TwoNodes) -> None:
    seen: list[Event] = []
    async with node_of(two_nodes.requestor.config) as node:
        node.events.subscribe(seen.append, (PaymentEvent,))
        allocation = await Allocation.create(node, D("2.5"), expires=timedelta(minutes=10))
        assert allocation.data.total_amount == D("2.5")
        assert allocation.data.remaining_amount == D("2.5")
        assert allocation.data.address == REQUESTOR_NODE_ID
        assert allocation.data.timeout is not None
        assert timedelta(minutes=9) < allocation.data.timeout - allocation.data.timestamp
        assert allocation.data.timestamp.tzinfo is not None

        decoration = await allocation.demand_decorations()
        properties = dict(decoration.properties)
        assert properties[CHOSEN_PLATFORM] == "erc20-holesky-tglm"
        assert properties["golem.com.payment.platform.erc20-holesky-tglm.address"] == (
            REQUESTOR_NODE_ID
        )
        assert "(golem.com.payment.protocol.version>1)" in decoration.constraints

        amended = await allocation.amend(budget=D("3"))
        assert amended.total_amount == D(3)
        assert (await allocation.refresh()).remaining_amount == D(3)
        allocation_id = allocation.id
    # the node's closer released it
    assert allocation.released
    async with node_of(two_nodes.requestor.config) as node:
        with pytest.raises(NotFoundError):
            await Allocation.get(node, allocation_id)
    assert [type(e) for e in seen] == [AllocationCreated, AllocationReleased]


async def test_the_manager_pays_fair_bills_and_refuses_overcharges(
    two_nodes: TwoNodes,
    requestor_api: YagnaApi,
    provider_api: YagnaApi,
    provider: GolemNode,
) -> None:
    seen: list[Event] = []
    async with node_of(two_nodes.requestor.config) as requestor:
        requestor.events.subscribe(seen.append, (PaymentEvent,))
        allocation = await Allocation.create(requestor, D(1), expires=timedelta(minutes=10))
        manager = PaymentManager(requestor, allocation, D("0.5"), poll_timeout=2.0)
        await manager.start()
        async with (
            approved_agreement(requestor_api, provider_api) as honest,
            approved_agreement(requestor_api, provider_api) as greedy,
        ):
            honest_id, greedy_id = (
                AgreementId(honest.agreement_id),
                AgreementId(greedy.agreement_id),
            )
            manager.register_agreement(honest_id, pricing_of(honest))
            manager.register_agreement(greedy_id, pricing_of(greedy))
            honest_activity, greedy_activity = await asyncio.gather(
                start_activity(requestor_api, provider_api, honest_id),
                start_activity(requestor_api, provider_api, greedy_id),
            )
            provider_since = datetime.now(timezone.utc) - timedelta(seconds=1)

            # a fair debit note: one second of duration, priced as offered
            fair = await issue_debit_note(provider, honest_activity, PRICE_PER_SECOND, usage=[D(1)])
            assert fair.data.status is DocumentStatus.RECEIVED  # delivered
            decided = await wait_for_decision(fair, DECISION_TIMEOUT)
            assert decided.status is DocumentStatus.ACCEPTED

            # an over-charged one: yagna 0.17.6 cannot tell the provider, it stays RECEIVED
            unfair = await issue_debit_note(provider, greedy_activity, D("0.2"), usage=[D(1)])

            # the invoices: the honest one asks what the accepted note said
            fair_invoice = await issue_invoice(
                provider, honest_id, PRICE_PER_SECOND, activity_ids=[honest_activity]
            )
            unfair_invoice = await issue_invoice(
                provider, greedy_id, D("0.3"), activity_ids=[greedy_activity]
            )
            waited = await manager.wait_for_invoices([honest_id, greedy_id], DECISION_TIMEOUT)
            assert waited.outcomes == {
                honest_id: InvoiceOutcome.ACCEPTED,
                greedy_id: InvoiceOutcome.REJECTED,
            }
            assert waited.missing == frozenset()

            # the provider sees the verdicts, with the requestor's reason
            accepted = await wait_for_decision(fair_invoice, DECISION_TIMEOUT)
            rejected = await wait_for_decision(unfair_invoice, DECISION_TIMEOUT)
            assert accepted.status is DocumentStatus.ACCEPTED
            assert rejected.status is DocumentStatus.REJECTED
            assert (await unfair.refresh()).status is DocumentStatus.RECEIVED
            feed = DocumentEventFeed(
                provider, DocumentType.INVOICE, since=provider_since, requestor_kinds=None
            )
            events = await feed.poll(timeout=1.0)
            # the provider's own daemon logged the delivery (RECEIVED) before the verdict
            ours = [e for e in events if e.document_id == unfair_invoice.id]
            assert [e.kind for e in ours] == [
                DocumentEventKind.RECEIVED,
                DocumentEventKind.REJECTED,
            ]
            verdict = ours[-1]
            assert verdict.rejection is not None
            assert verdict.rejection.reason is RejectionReason.INCORRECT_AMOUNT
            assert verdict.rejection.amount_accepted == 0
            assert verdict.rejection.message == "invoice of 0.3, but the usage seen costs 0"

            # the requestor's budget holds what it accepted, and the daemon agrees
            assert manager.ledger.committed() == PRICE_PER_SECOND
            assert (await allocation.refresh()).spent_amount == PRICE_PER_SECOND
        await manager.close()
        assert allocation.released

    kinds = [(type(e), getattr(e, "agreement_id", None)) for e in seen]
    assert (DebitNoteAccepted, honest_id) in kinds
    assert (DebitNoteRejected, greedy_id) in kinds
    assert (InvoiceAccepted, honest_id) in kinds
    assert (InvoiceRejected, greedy_id) in kinds
    assert kinds[-1] == (AllocationReleased, None)
    rejections = [e for e in seen if isinstance(e, DebitNoteRejected)]
    assert rejections[0].debit_note_id == unfair.id
    assert rejections[0].reason == "asks 0.2 for usage [1], which costs 0.001"
