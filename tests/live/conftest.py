"""Fixtures that run the real yagna daemon. They fail, never skip, when it cannot start."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
import pytest_asyncio

from golem_core._api import YagnaApi
from golem_core.market import (
    Agreement,
    AgreementState,
    Demand,
    DemandBuilder,
    MarketSpec,
    ProposalArrived,
    ProposalRejectedByPeer,
    ProposalState,
    eq,
)
from golem_core.market.properties import DEBIT_NOTE_INTERVAL
from golem_core.node import GolemNode
from golem_core.payment import Allocation
from golem_core.payment.manager import PaymentManager
from golem_core.payment.pricing import PaymentTerms
from golem_localnet.chain import LocalChain, local_chain
from golem_localnet.daemon import YagnaDaemon
from golem_localnet.network import LocalNetwork, ProviderNode
from golem_localnet.nodes import TwoNodes, requestor_and_provider, standalone_node

pytestmark = pytest.mark.live


@pytest.fixture(scope="session")
def yagna() -> Iterator[YagnaDaemon]:
    """One standalone daemon for the whole session (tests use their own subscriptions)."""
    with standalone_node() as daemon:
        yield daemon


@pytest.fixture(scope="session")
def two_nodes() -> Iterator[TwoNodes]:
    """A requestor node and a provider node in central net mode."""
    with requestor_and_provider() as nodes:
        yield nodes


@pytest.fixture
async def api(yagna: YagnaDaemon) -> AsyncIterator[YagnaApi]:
    async with YagnaApi(yagna.config.api_url, yagna.config.app_key) as client:
        yield client


@pytest.fixture
async def requestor_api(two_nodes: TwoNodes) -> AsyncIterator[YagnaApi]:
    cfg = two_nodes.requestor.config
    async with YagnaApi(cfg.api_url, cfg.app_key) as client:
        yield client


@pytest.fixture
async def provider_api(two_nodes: TwoNodes) -> AsyncIterator[YagnaApi]:
    cfg = two_nodes.provider.config
    async with YagnaApi(cfg.api_url, cfg.app_key) as client:
        yield client


@pytest.fixture
def chain() -> Iterator[LocalChain]:
    """A fresh anvil posing as Holesky, with our token and multi-transfer contract (~0.2 s)."""
    with local_chain() as fresh:
        yield fresh


# --- the local Golem network: our provider agents on real daemons (golem_localnet.network) ----

# Tests using these run in the session's event loop, where the agents live:
# mark them `pytest.mark.asyncio(loop_scope="session")`.
LOCALNET_FAULTS = {
    0: ["refuse-negotiation"],
    1: ["terminate-after-approval"],
    2: ["terminate-during-activity=2"],
    3: ["die-during-batch=1"],
    4: ["hang-command"],
    5: ["exit-nonzero"],
    6: ["overcharge=3"],
    7: ["no-invoice"],
}


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def local_network() -> AsyncIterator[LocalNetwork]:
    """A requestor and three well-behaved providers paid on a local chain, for the session."""
    async with LocalNetwork(providers=3, chain=True, subnet="localnet-session") as network:
        yield network


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def faulty_network() -> AsyncIterator[LocalNetwork]:
    """Eight providers, provider-i misbehaving as LOCALNET_FAULTS[i] says (no chain).

    Module-scoped: only the fault tests need it, and it holds nine daemons.
    """
    async with LocalNetwork(
        providers=len(LOCALNET_FAULTS),
        chain=False,
        faults=LOCALNET_FAULTS,
        subnet="localnet-faults",
    ) as network:
        yield network


class ProposalRefused(Exception):
    """The provider rejected our proposal instead of countering it."""


class LocalRequestor:
    """The requestor side of a local network, played with golem_core.

    One GolemNode on the network's requestor daemon, an allocation, and a
    PaymentManager that accepts what is fair; `negotiate` reaches an approved
    agreement with one chosen provider (the demand names it).
    """

    def __init__(
        self,
        node: GolemNode,
        network: LocalNetwork,
        allocation: Allocation,
        payments: PaymentManager,
    ) -> None:
        self.node = node
        self.network = network
        self.allocation = allocation
        self.payments = payments

    async def demand(
        self, provider: ProviderNode | None = None, extra: Mapping[str, object] | None = None
    ) -> Demand:
        """A demand for `provider` (any when None), with `extra` properties on top."""
        decoration = await self.allocation.demand_decorations()
        builder = DemandBuilder().subnet(self.network.subnet)
        builder.expiration(datetime.now(timezone.utc) + timedelta(minutes=30))
        # a debit note every 5 s (unasked, a provider bills every 120 s, as yagna's)
        builder.set(DEBIT_NOTE_INTERVAL, 5)
        builder.update(dict(decoration.properties))
        for name, value in (extra or {}).items():
            builder.set(name, value)
        if provider is not None:
            builder.require(eq("golem.node.id.name", provider.name))
        spec = builder.build()
        constraints = f"(&{spec.constraints}{''.join(decoration.constraints)})"
        return await Demand.subscribe(self.node, MarketSpec(spec.properties, constraints))

    async def negotiate(
        self,
        provider: ProviderNode,
        timeout: float = 20.0,
        *,
        extra: Mapping[str, object] | None = None,
        pay: bool = True,
    ) -> Agreement:
        """Counter the provider's offer, agree on its answer; ProposalRefused if it refuses.

        With `pay=False` the payment manager does not learn of the agreement: its
        debit notes go unanswered."""
        async with await self.demand(provider, extra) as demand:
            async for event in demand.events(timeout=timeout):
                if isinstance(event, ProposalRejectedByPeer):
                    raise ProposalRefused(event.reason.message if event.reason else "")
                if not isinstance(event, ProposalArrived):
                    continue
                if event.proposal.state is ProposalState.INITIAL:
                    await event.proposal.counter()
                elif event.proposal.state is ProposalState.DRAFT:
                    valid_to = datetime.now(timezone.utc) + timedelta(minutes=5)
                    agreement = await event.proposal.create_agreement(valid_to)
                    await agreement.confirm()
                    state = await agreement.wait_for_approval(timeout)
                    # a provider may end it as soon as it approved it
                    assert state in (AgreementState.APPROVED, AgreementState.TERMINATED), state
                    data = await agreement.get()
                    terms = PaymentTerms.from_properties(data.offer.properties)
                    if pay:
                        self.payments.register_agreement(agreement.id, terms)
                    return agreement
        raise AssertionError(f"no agreement with {provider.name} within {timeout} s")


@asynccontextmanager
async def requestor_on(
    network: LocalNetwork, budget: Decimal = Decimal(1)
) -> AsyncIterator[LocalRequestor]:
    node = GolemNode(app_key=network.requestor_app_key, api_url=network.requestor_api_url)
    async with node:
        allocation = await Allocation.create(node, budget, expires=timedelta(hours=1))
        payments = PaymentManager(node, allocation, close_timeout=2.0)
        await payments.start()
        yield LocalRequestor(node, network, allocation, payments)


@pytest_asyncio.fixture(loop_scope="session")
async def localnet_requestor(local_network: LocalNetwork) -> AsyncIterator[LocalRequestor]:
    async with requestor_on(local_network) as requestor:
        yield requestor


@pytest_asyncio.fixture(loop_scope="session")
async def faulty_requestor(faulty_network: LocalNetwork) -> AsyncIterator[LocalRequestor]:
    async with requestor_on(faulty_network) as requestor:
        yield requestor
