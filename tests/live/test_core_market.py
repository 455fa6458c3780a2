"""golem_core.market against two real daemons: both sides driven only through golem_core.

The requestor publishes a `Demand` and follows `decide`; the provider side is
played by the test through `golem_core.market.offer`. Every test uses its own
subnet, so tests sharing the session's two nodes never see each other's offers.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import suppress
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import cast

import attrs
import pytest

from golem_core._api import market as market_api
from golem_core.event_bus import EventBus
from golem_core.events import (
    AgreementApproved,
    AgreementCancelled,
    AgreementConfirmed,
    AgreementCreated,
    AgreementRejected,
    AgreementTerminated,
    DemandSubscribed,
    DemandUnsubscribed,
    Event,
    NodeClosed,
    ProposalCountered,
    ProposalReceived,
    ProposalRejected,
    ProposalRejectedByProvider,
)
from golem_core.exceptions import LocalProtocolError, NotFoundError
from golem_core.market import (
    Accept,
    Agreement,
    AgreementEventKind,
    AgreementProposed,
    AgreementState,
    Counter,
    Demand,
    DemandBuilder,
    MarketSpec,
    NegotiationEvent,
    NegotiationPolicy,
    NegotiationState,
    NewProposal,
    Offer,
    Proposal,
    ProposalArrived,
    ProposalChain,
    ProposalRejectedByPeer,
    ProposalState,
    Reject,
    approve_agreement,
    decide,
    eq,
    matches,
    reject_agreement,
)
from golem_core.market.properties import (
    PRICING_COEFFS,
    PRICING_MODEL,
    SUBNET,
    USAGE_VECTOR,
    PropertyValue,
    platform_address_property,
)
from golem_core.node import GolemNode
from golem_localnet.daemon import DaemonConfig
from golem_localnet.identities import PROVIDER_NODE_IDS, REQUESTOR_NODE_ID
from golem_localnet.nodes import TwoNodes

pytestmark = pytest.mark.live

PLATFORM = "erc20-holesky-tglm"
PROVIDER_ID = PROVIDER_NODE_IDS[0]
DURATION = "golem.usage.duration_sec"
# Overall bound for any one negotiation step; a missed event fails within it.
STEP = 15.0


def new_subnet() -> str:
    return "core-" + uuid.uuid4().hex[:10]


def offer_spec(subnet: str, price: str = "0.001") -> MarketSpec:
    return MarketSpec(
        properties={
            SUBNET: subnet,
            "golem.inf.cpu.cores": 1,
            "golem.runtime.name": "core-market-test",
            PRICING_MODEL: "linear",
            PRICING_COEFFS: [float(price), 0.0],
            USAGE_VECTOR: [DURATION],
            platform_address_property(PLATFORM): PROVIDER_ID,
        },
        constraints=str(eq(SUBNET, subnet)),
    )


def demand_spec(subnet: str) -> MarketSpec:
    return (
        DemandBuilder()
        .subnet(subnet)
        .payment(PLATFORM, REQUESTOR_NODE_ID)
        .expiration(datetime.now(timezone.utc) + timedelta(minutes=30))
        .debit_note_accept_timeout(timedelta(minutes=2))
        .build()
    )


def policy_for(spec: MarketSpec, max_price: str = "0.01") -> NegotiationPolicy:
    return NegotiationPolicy(
        properties=spec.properties,
        payment_platform=PLATFORM,
        max_prices={DURATION: Decimal(max_price)},
        max_fixed_price=Decimal(0),
    )


@attrs.define
class Recorder:
    """Every event a node's bus delivered, in order."""

    events: list[Event] = attrs.field(factory=list)
    _arrived: asyncio.Event = attrs.field(factory=asyncio.Event)

    def __call__(self, event: Event) -> None:
        self.events.append(event)
        self._arrived.set()

    async def until(self, kind: type[Event]) -> None:
        """Wait until an event of `kind` was delivered (the bus delivers in its own task)."""

        async def arrival() -> None:
            while not any(isinstance(event, kind) for event in self.events):
                self._arrived.clear()
                await self._arrived.wait()

        await asyncio.wait_for(arrival(), STEP)

    def kinds(self) -> list[type[Event]]:
        return [type(event) for event in self.events]


@pytest.fixture
async def requestor(two_nodes: TwoNodes) -> AsyncIterator[GolemNode]:
    cfg = two_nodes.requestor.config
    async with GolemNode(app_key=cfg.app_key, api_url=cfg.api_url) as node:
        yield node


@pytest.fixture
async def provider(two_nodes: TwoNodes) -> AsyncIterator[GolemNode]:
    cfg = two_nodes.provider.config
    async with GolemNode(app_key=cfg.app_key, api_url=cfg.api_url) as node:
        yield node


def record(bus: EventBus) -> Recorder:
    recorder = Recorder()
    bus.subscribe(recorder)
    return recorder


async def play_provider(
    offer: Offer, *, reject_counters: bool = False, reject_agreements: bool = False
) -> Agreement | None:
    """Counter (or reject) every Draft from the requestor; approve (or reject) the agreement."""
    async for event in offer.events(timeout=STEP):
        if isinstance(event, NewProposal) and event.proposal.state is ProposalState.DRAFT:
            if reject_counters:
                await offer.reject(event.proposal, "too cheap")
            else:
                await offer.counter(event.proposal)
        elif isinstance(event, AgreementProposed):
            if reject_agreements:
                await reject_agreement(offer.node, event.agreement, "busy")
                return None
            return await approve_agreement(offer.node, event.agreement, timeout=STEP)
    raise AssertionError("the provider saw no agreement in time")


@attrs.define
class Outcome:
    state: AgreementState | None = None
    agreement: Agreement | None = None
    # the provider's Draft the agreement was made from
    draft: Proposal | None = None
    chain: ProposalChain = attrs.field(factory=ProposalChain)
    rejections: list[ProposalRejectedByPeer] = attrs.field(factory=list)
    decisions: list[object] = attrs.field(factory=list)


async def negotiate(demand: Demand, policy: NegotiationPolicy) -> Outcome:
    """The thin requestor driver: snapshot -> decide -> act, one chain, checked by the table."""
    outcome = Outcome()
    chain = outcome.chain
    async for event in demand.events(timeout=STEP):
        if isinstance(event, ProposalRejectedByPeer):
            chain.process(NegotiationEvent.REJECTION_RECEIVED)
            outcome.rejections.append(event)
            return outcome
        assert isinstance(event, ProposalArrived)
        proposal = event.proposal
        if proposal.state is ProposalState.DRAFT:
            chain.process(NegotiationEvent.DRAFT_RECEIVED)
        decision = decide(proposal.data, policy, datetime.now(timezone.utc))
        outcome.decisions.append(decision)
        if isinstance(decision, Reject):
            chain.process(NegotiationEvent.REJECTION_SENT)
            await proposal.reject(decision.reason)
            return outcome
        if isinstance(decision, Counter):
            chain.process(NegotiationEvent.COUNTER_SENT)
            await proposal.counter(decision.properties)
            continue
        assert isinstance(decision, Accept)
        outcome.draft = proposal
        chain.process(NegotiationEvent.AGREEMENT_CREATED)
        agreement = await proposal.create_agreement(
            datetime.now(timezone.utc) + timedelta(minutes=5)
        )
        chain.process(NegotiationEvent.AGREEMENT_CONFIRMED)
        await agreement.confirm(app_session_id="core-" + uuid.uuid4().hex[:8])
        outcome.agreement = agreement
        outcome.state = await agreement.wait_for_approval(timeout=STEP)
        chain.process(
            NegotiationEvent.AGREEMENT_APPROVED
            if outcome.state is AgreementState.APPROVED
            else NegotiationEvent.AGREEMENT_REJECTED
        )
        return outcome
    raise AssertionError("the negotiation did not finish in time")


async def run_both(
    requestor: GolemNode,
    provider: GolemNode,
    subnet: str,
    policy_max_price: str = "0.01",
    counter_also: Mapping[str, object] | None = None,
    **provider_behaviour: bool,
) -> tuple[Demand, Offer, Outcome, Agreement | None]:
    """Negotiate to the end; our counter-proposal is the demand's, with `counter_also` on top."""
    offer = await Offer.subscribe(provider, offer_spec(subnet))
    spec = demand_spec(subnet)
    demand = await Demand.subscribe(requestor, spec)
    policy = policy_for(spec, policy_max_price)
    if counter_also:
        ours = cast(Mapping[str, PropertyValue], {**spec.properties, **counter_also})
        policy = attrs.evolve(policy, properties=ours)
    provider_task = asyncio.create_task(play_provider(offer, **provider_behaviour))
    try:
        outcome = await negotiate(demand, policy)
        at_provider = None
        if outcome.agreement is not None:  # the provider approves or rejects it
            at_provider = await asyncio.wait_for(provider_task, STEP)
    finally:
        if not provider_task.done():
            provider_task.cancel()
            with suppress(asyncio.CancelledError):
                await provider_task
    return demand, offer, outcome, at_provider


# --- the happy path ------------------------------------------------------------------------


async def test_negotiation_reaches_an_approved_agreement_then_terminates(
    requestor: GolemNode, provider: GolemNode
) -> None:
    seen = record(requestor.events)
    demand, offer, outcome, at_provider = await run_both(requestor, provider, new_subnet())
    assert outcome.state is AgreementState.APPROVED
    assert outcome.chain.state is NegotiationState.APPROVED
    assert [type(d) for d in outcome.decisions] == [Counter, Accept]
    agreement = outcome.agreement
    assert agreement is not None and at_provider is not None
    assert at_provider.id == agreement.id and at_provider.is_provider
    assert not agreement.is_provider

    data = await agreement.get()
    assert data.state is AgreementState.APPROVED
    assert data.provider_id == PROVIDER_ID
    assert data.requestor_id == REQUESTOR_NODE_ID
    assert data.demand.demand_id == demand.id
    assert data.offer.offer_id == offer.id
    assert data.pricing.price_of(DURATION) == Decimal("0.001")
    assert data.pricing.fixed_price == Decimal(0)
    assert data.demand.properties["golem.com.payment.chosen-platform"] == PLATFORM
    assert data.approved_date is not None and data.approved_date.tzinfo is not None

    assert await agreement.terminate("work finished") is True
    assert await agreement.terminate("again") is False  # already terminated: tolerated
    assert (await agreement.get()).state is AgreementState.TERMINATED

    # the provider learns who ended it and why, from its agreement event stream
    changes = [c async for c in at_provider.events(timeout=STEP)]
    assert [c.kind for c in changes][-1] is AgreementEventKind.TERMINATED
    assert changes[-1].terminator == "Requestor"
    assert changes[-1].reason is not None and changes[-1].reason.message == "work finished"

    await demand.unsubscribe()
    await offer.unsubscribe()
    await seen.until(DemandUnsubscribed)
    assert seen.kinds() == [
        DemandSubscribed,
        ProposalReceived,
        ProposalCountered,
        ProposalReceived,
        AgreementCreated,
        AgreementConfirmed,
        AgreementApproved,
        AgreementTerminated,
        DemandUnsubscribed,
    ]
    received = [e for e in seen.events if isinstance(e, ProposalReceived)]
    assert [e.initial for e in received] == [True, False]
    assert {e.provider_id for e in received} == {PROVIDER_ID}
    terminated = seen.events[-2]
    assert isinstance(terminated, AgreementTerminated)
    assert (terminated.terminator, terminated.reason) == ("Requestor", "work finished")


async def test_an_agreement_holds_the_draft_and_our_counter_as_the_daemon_keeps_them(
    requestor: GolemNode, provider: GolemNode
) -> None:
    """What an agreement made from a Draft holds is known before reading it: the Draft's
    properties (offer) and our counter-proposal's (demand), as `Proposal.answers` has them:
    the daemon flattens objects and reads JSON (lists, big integers as floats)."""
    odd = {
        "golem.x.list": ("a", ("b",)),
        "golem.x.object": {"@tag": "t", "n": {"m": 1}},
        "golem.x.empty": {},
        "golem.x.big": 2**64,
        "golem.x.float": 0.1,
    }
    demand, offer, outcome, _ = await run_both(requestor, provider, new_subnet(), counter_also=odd)
    assert outcome.state is AgreementState.APPROVED
    draft, agreement = outcome.draft, outcome.agreement
    assert draft is not None and draft.answers is not None and agreement is not None
    data = await agreement.get()
    assert dict(draft.properties) == dict(data.offer.properties)
    assert dict(draft.answers.properties) == dict(data.demand.properties)
    assert draft.answers.constraints == data.demand.constraints
    kept: Mapping[str, object] = data.demand.properties
    assert (kept["golem.x.list"], kept["golem.x.object"], kept["golem.x.empty"]) == (
        ["a", ["b"]],
        "t",
        {},
    )
    assert kept["golem.x.object.n.m"] == 1 and "golem.x.object.n" not in kept
    assert isinstance(kept["golem.x.big"], float) and kept["golem.x.big"] == 2.0**64
    assert kept["golem.x.float"] == 0.1
    assert await agreement.terminate("work finished") is True
    await demand.unsubscribe()
    await offer.unsubscribe()


# --- rejections ----------------------------------------------------------------------------


async def test_provider_rejects_our_counter_proposal(
    requestor: GolemNode, provider: GolemNode
) -> None:
    seen = record(requestor.events)
    demand, offer, outcome, _ = await run_both(
        requestor, provider, new_subnet(), reject_counters=True
    )
    assert outcome.chain.state is NegotiationState.REJECTED
    (rejection,) = outcome.rejections
    assert rejection.reason is not None and rejection.reason.message == "too cheap"
    await demand.unsubscribe()
    await offer.unsubscribe()
    await seen.until(DemandUnsubscribed)
    (event,) = [e for e in seen.events if isinstance(e, ProposalRejectedByProvider)]
    assert (event.provider_id, event.reason) == (PROVIDER_ID, "too cheap")
    assert event.proposal_id == rejection.proposal_id


async def test_provider_rejects_the_agreement(requestor: GolemNode, provider: GolemNode) -> None:
    seen = record(requestor.events)
    demand, offer, outcome, _ = await run_both(
        requestor, provider, new_subnet(), reject_agreements=True
    )
    assert outcome.state is AgreementState.REJECTED
    assert outcome.chain.state is NegotiationState.REJECTED
    assert outcome.agreement is not None
    assert (await outcome.agreement.get()).state is AgreementState.REJECTED
    await demand.unsubscribe()
    await offer.unsubscribe()
    await seen.until(DemandUnsubscribed)
    (event,) = [e for e in seen.events if isinstance(e, AgreementRejected)]
    assert event.reason == "busy"
    assert AgreementApproved not in seen.kinds()


async def test_policy_rejects_an_expensive_offer(requestor: GolemNode, provider: GolemNode) -> None:
    seen = record(requestor.events)
    demand, offer, outcome, _ = await run_both(
        requestor, provider, new_subnet(), policy_max_price="0.0001"
    )
    (decision,) = outcome.decisions
    assert isinstance(decision, Reject)
    assert "costs 0.001, more than 0.0001" in decision.reason
    assert outcome.chain.state is NegotiationState.REJECTED
    await demand.unsubscribe()
    await offer.unsubscribe()
    await seen.until(DemandUnsubscribed)
    (event,) = [e for e in seen.events if isinstance(e, ProposalRejected)]
    assert event.provider_id == PROVIDER_ID
    assert event.reason == decision.reason


# --- nothing left behind -------------------------------------------------------------------


def node_for(config: DaemonConfig) -> GolemNode:
    return GolemNode(app_key=config.app_key, api_url=config.api_url)


async def test_closing_the_nodes_leaves_nothing_subscribed_or_approved(
    two_nodes: TwoNodes, requestor: GolemNode, provider: GolemNode
) -> None:
    # `requestor`/`provider` stay open: they are our independent view of each daemon
    subnet = new_subnet()
    async with (
        node_for(two_nodes.requestor.config) as closing_r,
        node_for(two_nodes.provider.config) as closing_p,
    ):
        demand, offer, outcome, at_provider = await run_both(closing_r, closing_p, subnet)
        assert outcome.state is AgreementState.APPROVED and outcome.agreement is not None
        assert at_provider is not None
        agreement_id = outcome.agreement.id
        assert demand.id in {d.demand_id for d in await market_api.list_demands(requestor.api)}
        assert offer.id in {o.offer_id for o in await market_api.list_offers(provider.api)}
    assert demand.id not in {d.demand_id for d in await market_api.list_demands(requestor.api)}
    assert offer.id not in {o.offer_id for o in await market_api.list_offers(provider.api)}
    for view in (requestor, provider):
        data = await market_api.get_agreement(view.api, agreement_id)
        assert data.state is AgreementState.TERMINATED


async def test_closing_cancels_an_agreement_the_provider_has_not_approved(
    two_nodes: TwoNodes, requestor: GolemNode, provider: GolemNode
) -> None:
    subnet = new_subnet()
    offer = await Offer.subscribe(provider, offer_spec(subnet))
    spec = demand_spec(subnet)
    async with node_for(two_nodes.requestor.config) as closing:
        seen = record(closing.events)
        demand = await Demand.subscribe(closing, spec)
        countering = asyncio.create_task(counter_once(offer))
        draft = await first_draft(demand)
        await countering
        agreement = await draft.create_agreement(datetime.now(timezone.utc) + timedelta(minutes=5))
        await agreement.confirm()
        assert await agreement.wait_for_approval(timeout=0.5) is AgreementState.PENDING
    assert (await market_api.get_agreement(requestor.api, agreement.id)).state is (
        AgreementState.CANCELLED
    )
    assert demand.id not in {d.demand_id for d in await market_api.list_demands(requestor.api)}
    # closers run newest first: the agreement goes before the demand it came from
    assert seen.kinds()[-3:] == [AgreementCancelled, DemandUnsubscribed, NodeClosed]
    await offer.unsubscribe()


async def counter_once(offer: Offer) -> None:
    async for event in offer.events(timeout=STEP):
        if isinstance(event, NewProposal) and event.proposal.state is ProposalState.DRAFT:
            await offer.counter(event.proposal)
            return
    raise AssertionError("no counter-proposal reached the provider")


async def first_draft(demand: Demand) -> Proposal:
    async for event in demand.events(timeout=STEP):
        if isinstance(event, ProposalArrived):
            if event.proposal.state is ProposalState.DRAFT:
                return event.proposal
            with pytest.raises(LocalProtocolError):
                await event.proposal.create_agreement(datetime.now(timezone.utc))
            await event.proposal.counter()
    raise AssertionError("no Draft reached the demand")


# --- subscriptions and constraints ---------------------------------------------------------


async def test_events_end_when_we_unsubscribe_and_raise_when_the_demand_vanishes(
    requestor: GolemNode,
) -> None:
    demand = await Demand.subscribe(requestor, demand_spec(new_subnet()))
    stream = demand.events(poll_timeout=5.0)
    pending = asyncio.ensure_future(anext(stream))
    await demand.unsubscribe()  # the long poll fails at once; the stream ends quietly
    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(pending, timeout=STEP)
    assert not demand.is_subscribed

    other = await Demand.subscribe(requestor, demand_spec(new_subnet()))
    await market_api.unsubscribe_demand(requestor.api, other.id)  # behind its back
    with pytest.raises(NotFoundError):
        async for _ in other.events(poll_timeout=1.0):
            pass
    await other.unsubscribe()  # already gone: tolerated


async def test_a_pattern_matches_its_literal_parts_only(
    requestor: GolemNode, provider: GolemNode
) -> None:
    """`.` in a pattern is regex-escaped: `<tag>.x*` matches `<tag>.xyz`, not `<tag>Qxyz`."""
    tag = new_subnet()
    offers = [
        await Offer.subscribe(provider, runtime_offer(tag, tag + ".xyz")),
        await Offer.subscribe(provider, runtime_offer(tag, tag + "Qxyz")),
    ]
    try:
        # first make sure both offers reached the requestor's market
        probe_spec = DemandBuilder().subnet(tag).require(matches(RUNTIME, tag + "*")).build()
        async with await Demand.subscribe(requestor, probe_spec) as probe:
            assert await runtimes(probe, count=2) == {tag + ".xyz", tag + "Qxyz"}
        spec = DemandBuilder().subnet(tag).require(matches(RUNTIME, tag + ".x*")).build()
        assert spec.constraints == (
            f"(&(golem.node.debug.subnet={tag})(golem.runtime.name={tag}\\.x*))"
        )
        async with await Demand.subscribe(requestor, spec) as demand:
            assert await runtimes(demand, count=None) == {tag + ".xyz"}
    finally:
        for offer in offers:
            await offer.unsubscribe()


RUNTIME = "golem.runtime.name"


def runtime_offer(subnet: str, runtime: str) -> MarketSpec:
    spec = offer_spec(subnet)
    return MarketSpec({**spec.properties, RUNTIME: runtime}, spec.constraints)


async def runtimes(demand: Demand, count: int | None) -> set[object]:
    """Runtimes of the offers reaching `demand`: `count` of them, or all within a short poll."""
    found: set[object] = set()
    # offers already in the market are matched at once; 2 s is ample to show absence
    timeout = STEP if count is not None else 2.0
    async for event in demand.events(poll_timeout=1.0, timeout=timeout):
        if isinstance(event, ProposalArrived):
            found.add(event.proposal.properties[RUNTIME])
            if count is not None and len(found) == count:
                break
    return found
