"""Test helpers that drive both sides of a market negotiation over the generated REST clients.

The provider side is played by the test itself through the provider endpoints,
so a contract test can reach an approved agreement without any provider agent.
Every wait is a server-side long poll bounded by an overall deadline.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

import attrs
from golem_rest_market.api.agreements import terminate_agreement
from golem_rest_market.api.provider import (
    approve_agreement,
    collect_demands,
    counter_proposal_offer,
    subscribe_offer,
    unsubscribe_offer,
)
from golem_rest_market.api.requestor import (
    collect_offers,
    confirm_agreement,
    counter_proposal_demand,
    create_agreement,
    subscribe_demand,
    unsubscribe_demand,
    wait_for_approval,
)
from golem_rest_market.models import (
    AgreementEvent,
    AgreementProposal,
    DemandOfferBase,
    Properties,
    Proposal,
    ProposalEvent,
    ProposalState,
    Reason,
)

from golem_core._api import YagnaApi, call
from golem_core.exceptions import GolemError
from golem_localnet.identities import PROVIDER_NODE_IDS, REQUESTOR_NODE_ID

M = TypeVar("M")
E = TypeVar("E")

PAYMENT_PLATFORM = "erc20-holesky-tglm"
# One long poll never waits longer than this, so a missed event fails a test quickly.
POLL_TIMEOUT = 5.0
# Overall bound on waiting for one expected event (several long polls).
EVENT_DEADLINE = 20.0


# Generated models whose extra keys are free-form by design (property maps, reason details).
FREE_FORM = frozenset({"Properties", "Reason"})


def undescribed_keys(value: object, path: str = "$") -> list[str]:
    """Keys the daemon sent that our spec does not name, anywhere inside a decoded model.

    The generated models keep unknown keys in `additional_properties`; a key
    there means the spec misses a field the daemon really sends.
    """
    if isinstance(value, list):
        return [
            key for i, item in enumerate(value) for key in undescribed_keys(item, f"{path}[{i}]")
        ]
    cls = type(value)
    if not attrs.has(cls):
        return []
    found = []
    if cls.__name__ not in FREE_FORM:
        extra = getattr(value, "additional_properties", {})
        found += [f"{path}.{key}" for key in extra]
    for field in attrs.fields(cls):
        if field.name != "additional_properties":
            found += undescribed_keys(getattr(value, field.name), f"{path}.{field.name}")
    return found


def typed(value: object, cls: type[M]) -> M:
    """The value, checked to be a generated model (or str) the spec fully describes."""
    assert isinstance(value, cls), f"expected {cls.__name__}, got {value!r}"
    assert not undescribed_keys(value), f"keys missing from the spec: {undescribed_keys(value)}"
    return value


def typed_list(value: object, cls: type[M]) -> list[M]:
    """A list whose every item is one of the given generated model classes, fully described."""
    assert isinstance(value, list), f"expected a list, got {value!r}"
    for item in value:
        assert isinstance(item, cls), f"unexpected item {item!r}"
    assert not undescribed_keys(value), f"keys missing from the spec: {undescribed_keys(value)}"
    return value


def new_subnet() -> str:
    """A subnet tag of our own, so tests sharing the two nodes never match each other."""
    return "contract-" + uuid.uuid4().hex[:10]


def properties(values: dict[str, Any]) -> Properties:
    props = Properties()
    props.additional_properties = dict(values)
    return props


def demand_body(subnet: str) -> DemandOfferBase:
    """A demand the payment side can live with: it names the chosen platform and our address."""
    expiration = datetime.now(timezone.utc) + timedelta(minutes=30)
    return DemandOfferBase(
        properties=properties(
            {
                "golem.node.debug.subnet": subnet,
                "golem.srv.comp.expiration": int(expiration.timestamp() * 1000),
                "golem.com.payment.chosen-platform": PAYMENT_PLATFORM,
                f"golem.com.payment.platform.{PAYMENT_PLATFORM}.address": REQUESTOR_NODE_ID,
            }
        ),
        constraints=f"(golem.node.debug.subnet={subnet})",
    )


def offer_body(subnet: str) -> DemandOfferBase:
    return DemandOfferBase(
        properties=properties(
            {
                "golem.node.debug.subnet": subnet,
                "golem.inf.cpu.cores": 1,
                "golem.runtime.name": "contract-test",
                "golem.com.pricing.model": "linear",
                "golem.com.pricing.model.linear.coeffs": [0.001, 0.0],
                "golem.com.usage.vector": ["golem.usage.duration_sec"],
                f"golem.com.payment.platform.{PAYMENT_PLATFORM}.address": PROVIDER_NODE_IDS[0],
            }
        ),
        constraints=f"(golem.node.debug.subnet={subnet})",
    )


async def first_event(
    poll: Callable[[float], Awaitable[Sequence[E]]],
    match: Callable[[E], bool],
    deadline: float = EVENT_DEADLINE,
) -> E:
    """Long-poll until an event matches; fail after `deadline` seconds.

    `poll(timeout)` runs one long poll with that server-side timeout.
    """
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline
    seen: list[E] = []
    while (remaining := end - loop.time()) > 0:
        events = await poll(min(POLL_TIMEOUT, remaining))
        seen.extend(events)
        for event in events:
            if match(event):
                return event
    raise AssertionError(f"no matching event within {deadline} s; saw {seen!r}")


async def poll_requestor(api: YagnaApi, demand_id: str, timeout: float) -> list[Any]:
    return typed_list(
        await call(
            collect_offers.asyncio_detailed,
            subscription_id=demand_id,
            client=api.market,
            timeout=timeout,
        ),
        object,
    )


async def poll_provider(api: YagnaApi, offer_id: str, timeout: float) -> list[Any]:
    return typed_list(
        await call(
            collect_demands.asyncio_detailed,
            subscription_id=offer_id,
            client=api.market,
            timeout=timeout,
        ),
        object,
    )


def proposal_of(event: object) -> Proposal | None:
    return event.proposal if isinstance(event, ProposalEvent) else None


@attrs.frozen
class Subscriptions:
    subnet: str
    offer_id: str
    demand_id: str


@attrs.frozen
class Rounds:
    """One counter-proposal each way, as each side saw it."""

    initial: Proposal  # the offer reaching our demand (requestor's view)
    our_draft_id: str  # our counter-proposal, as the requestor names it
    at_provider: Proposal  # our counter-proposal (provider's view)
    their_draft_id: str  # the provider's answer, as the provider names it
    answer: Proposal  # the provider's answer (requestor's view)


@attrs.frozen
class Pending:
    """An agreement confirmed by the requestor and seen by the provider."""

    agreement_id: str
    requestor_session: str
    provider_session: str
    # taken just before confirming: events of this agreement come later
    confirmed_after: datetime
    at_provider: AgreementEvent


@attrs.frozen
class Negotiated:
    """Everything a finished negotiation went through, for assertions and clean-up."""

    subs: Subscriptions
    rounds: Rounds
    pending: Pending

    @property
    def agreement_id(self) -> str:
        return self.pending.agreement_id


@asynccontextmanager
async def subscribed(
    requestor_api: YagnaApi, provider_api: YagnaApi, subnet: str | None = None
) -> AsyncIterator[Subscriptions]:
    """An offer on the provider node and a matching demand on the requestor node.

    Both are withdrawn on exit unless the test already withdrew them.
    """
    subnet = subnet or new_subnet()
    offer_id = typed(
        await call(
            subscribe_offer.asyncio_detailed, client=provider_api.market, body=offer_body(subnet)
        ),
        str,
    )
    try:
        demand_id = typed(
            await call(
                subscribe_demand.asyncio_detailed,
                client=requestor_api.market,
                body=demand_body(subnet),
            ),
            str,
        )
        try:
            yield Subscriptions(subnet, offer_id, demand_id)
        finally:
            with suppress(GolemError):
                await call(
                    unsubscribe_demand.asyncio_detailed,
                    subscription_id=demand_id,
                    client=requestor_api.market,
                )
    finally:
        with suppress(GolemError):
            await call(
                unsubscribe_offer.asyncio_detailed,
                subscription_id=offer_id,
                client=provider_api.market,
            )


def same_proposal(a: str, b: str) -> bool:
    """The two nodes name one proposal with different prefixes (`R-…` / `P-…`)."""
    return a.split("-", 1)[-1] == b.split("-", 1)[-1]


async def requestor_proposal(
    api: YagnaApi, subs: Subscriptions, match: Callable[[Proposal], bool]
) -> Proposal:
    event = await first_event(
        lambda t: poll_requestor(api, subs.demand_id, t),
        lambda e: (p := proposal_of(e)) is not None and match(p),
    )
    return typed(event, ProposalEvent).proposal


async def provider_proposal(
    api: YagnaApi, subs: Subscriptions, match: Callable[[Proposal], bool]
) -> Proposal:
    event = await first_event(
        lambda t: poll_provider(api, subs.offer_id, t),
        lambda e: (p := proposal_of(e)) is not None and match(p),
    )
    return typed(event, ProposalEvent).proposal


async def requestor_counters(
    requestor_api: YagnaApi, provider_api: YagnaApi, subs: Subscriptions
) -> tuple[Proposal, str, Proposal]:
    """The offer arrives, we counter it, the provider receives our counter."""
    initial = await requestor_proposal(
        requestor_api, subs, lambda p: p.state == ProposalState.INITIAL
    )
    our_draft_id = typed(
        await call(
            counter_proposal_demand.asyncio_detailed,
            subscription_id=subs.demand_id,
            proposal_id=initial.proposal_id,
            client=requestor_api.market,
            body=demand_body(subs.subnet),
        ),
        str,
    )
    at_provider = await provider_proposal(
        provider_api, subs, lambda p: same_proposal(p.proposal_id, our_draft_id)
    )
    return initial, our_draft_id, at_provider


async def counter_rounds(
    requestor_api: YagnaApi, provider_api: YagnaApi, subs: Subscriptions
) -> Rounds:
    """Both sides counter once; the requestor ends up holding a Draft it may agree on."""
    initial, our_draft_id, at_provider = await requestor_counters(requestor_api, provider_api, subs)
    their_draft_id = typed(
        await call(
            counter_proposal_offer.asyncio_detailed,
            subscription_id=subs.offer_id,
            proposal_id=at_provider.proposal_id,
            client=provider_api.market,
            body=offer_body(subs.subnet),
        ),
        str,
    )
    answer = await requestor_proposal(
        requestor_api, subs, lambda p: same_proposal(p.proposal_id, their_draft_id)
    )
    return Rounds(initial, our_draft_id, at_provider, their_draft_id, answer)


async def send_agreement(
    requestor_api: YagnaApi, provider_api: YagnaApi, subs: Subscriptions, rounds: Rounds
) -> Pending:
    """Create and confirm an agreement; return once the provider has received it."""
    agreement_id = typed(
        await call(
            create_agreement.asyncio_detailed,
            client=requestor_api.market,
            body=AgreementProposal(
                proposal_id=rounds.answer.proposal_id,
                valid_to=datetime.now(timezone.utc) + timedelta(minutes=5),
            ),
        ),
        str,
    )
    session = "contract-" + uuid.uuid4().hex[:8]
    confirmed_after = datetime.now(timezone.utc) - timedelta(seconds=1)
    await call(
        confirm_agreement.asyncio_detailed,
        agreement_id=agreement_id,
        client=requestor_api.market,
        app_session_id=session + "-r",
    )
    event = await first_event(
        lambda t: poll_provider(provider_api, subs.offer_id, t),
        lambda e: isinstance(e, AgreementEvent) and e.agreement.agreement_id == agreement_id,
    )
    return Pending(
        agreement_id=agreement_id,
        requestor_session=session + "-r",
        provider_session=session + "-p",
        confirmed_after=confirmed_after,
        at_provider=typed(event, AgreementEvent),
    )


async def approve(requestor_api: YagnaApi, provider_api: YagnaApi, pending: Pending) -> None:
    """The provider approves while the requestor waits for it (approval blocks until then)."""
    await asyncio.gather(
        call(
            approve_agreement.asyncio_detailed,
            agreement_id=pending.agreement_id,
            client=provider_api.market,
            app_session_id=pending.provider_session,
            timeout=POLL_TIMEOUT,
        ),
        call(
            wait_for_approval.asyncio_detailed,
            agreement_id=pending.agreement_id,
            client=requestor_api.market,
            timeout=POLL_TIMEOUT,
        ),
    )


async def negotiate_agreement(
    requestor_api: YagnaApi, provider_api: YagnaApi, subs: Subscriptions
) -> Negotiated:
    """Drive both sides from fresh subscriptions to an Approved agreement."""
    rounds = await counter_rounds(requestor_api, provider_api, subs)
    pending = await send_agreement(requestor_api, provider_api, subs, rounds)
    await approve(requestor_api, provider_api, pending)
    return Negotiated(subs, rounds, pending)


@asynccontextmanager
async def approved_agreement(
    requestor_api: YagnaApi, provider_api: YagnaApi
) -> AsyncIterator[Negotiated]:
    """A fresh Approved agreement between the two nodes; terminated on exit if still in force."""
    async with subscribed(requestor_api, provider_api) as subs:
        deal = await negotiate_agreement(requestor_api, provider_api, subs)
        try:
            yield deal
        finally:
            with suppress(GolemError):
                await call(
                    terminate_agreement.asyncio_detailed,
                    agreement_id=deal.agreement_id,
                    client=requestor_api.market,
                    body=Reason(message="contract test clean-up"),
                )
