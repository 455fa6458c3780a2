"""yapapi's low-level market façade (`rest.market`), over golem_core's Demand and Agreement.

An app subscribes a demand (`Market(client).subscribe(props, constraints)`),
reads offers from `Subscription.events()` and answers each by hand:
`respond` (a counter-proposal), `reject`, or, for a draft (the provider's answer
to our counter), `create_agreement` then `Agreement.confirm()`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Generator, Mapping
from datetime import datetime, timedelta, timezone
from types import TracebackType
from typing import Any, Generic, TypeVar

from golem_core.exceptions import GolemError, NotFoundError
from golem_core.market import (
    Agreement as CoreAgreement,
)
from golem_core.market import (
    AgreementState,
    Demand,
    MarketSpec,
    Proposal,
    ProposalArrived,
    ProposalState,
    Reason,
)
from golem_core.market.data import AgreementData
from golem_hl.props import NodeInfo
from golem_hl.props.base import Model
from golem_hl.rest.configuration import ApiClient

__all__ = [
    "Agreement",
    "AgreementDetails",
    "AsyncResource",
    "Market",
    "OfferProposal",
    "ResourceType",
    "Subscription",
]

logger = logging.getLogger(__name__)

# as long as yapapi waits for a provider to approve a confirmed agreement
APPROVAL_TIMEOUT_S = 15.0
# one long poll for offers; events() ends within this of close()
POLL_TIMEOUT_S = 5.0

M = TypeVar("M", bound=Model)
# what `Market.subscribe` yields: awaitable once, or an async context manager
ResourceType = TypeVar("ResourceType")


def _spec(props: Mapping[str, Any], constraints: str) -> MarketSpec:
    from golem_hl._engine.convert import market_properties

    return MarketSpec(market_properties(props), constraints)


class AgreementDetails:
    """Both sides' properties of an agreement, as read when it was fetched."""

    class View:
        def __init__(self, properties: Mapping[str, Any]) -> None:
            self.properties = dict(properties)

        def extract(self, m: type[M]) -> M:
            return m.from_properties(self.properties)

    def __init__(self, *, _ref: AgreementData) -> None:
        self._ref = _ref

    @property
    def agreement_id(self) -> str:
        return str(self._ref.agreement_id)

    @property
    def provider_view(self) -> View:
        return self.View(self._ref.offer.properties)

    @property
    def requestor_view(self) -> View:
        return self.View(self._ref.demand.properties)

    @property
    def provider_node_info(self) -> NodeInfo:
        return self.provider_view.extract(NodeInfo)


class Agreement:
    """An agreement we created from a draft proposal; `confirm()` it, `terminate()` it."""

    def __init__(self, agreement: CoreAgreement, subscription: Subscription | None = None) -> None:
        self._agreement = agreement
        self._subscription = subscription
        self._details: AgreementDetails | None = None
        self._terminated = False

    @property
    def id(self) -> str:
        return str(self._agreement.id)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id})"

    async def get_details(self) -> AgreementDetails:
        """Fetch the details once; later calls return the same."""
        if self._details is None:
            self._details = AgreementDetails(_ref=await self._agreement.get())
        return self._details

    @property
    def details(self) -> AgreementDetails:
        if self._details is None:
            raise RuntimeError("Can't retrieve details, call `get_details()` first.")
        return self._details

    async def confirm(self) -> bool:
        """Confirm and wait for the provider's approval; False when it did not approve.

        An agreement the provider did not approve in time is cancelled, so it is
        not left pending.
        """
        try:
            await self._agreement.confirm()
            state = await self._agreement.wait_for_approval(APPROVAL_TIMEOUT_S)
        except GolemError:
            logger.debug("confirming agreement %s failed", self.id, exc_info=True)
            return False
        if state is AgreementState.PENDING:
            await self._agreement.cancel("no approval in time")
        return state is AgreementState.APPROVED

    async def terminate(self, reason: Mapping[str, Any]) -> bool:
        """End the agreement with yapapi's reason dict (`{"message": ..., ...}`)."""
        details = {k: v for k, v in reason.items() if k != "message"}
        try:
            await self._agreement.terminate(Reason(str(reason.get("message", "")), details))
        except GolemError:
            logger.debug("terminating agreement %s failed", self.id, exc_info=True)
            return False
        self._terminated = True
        return True

    @property
    def terminated(self) -> bool:
        return self._terminated

    def get_provider_property(self, prop_key: str) -> Any:
        return self.details.provider_view.properties.get(prop_key)

    def get_requestor_property(self, prop_key: str) -> Any:
        return self.details.requestor_view.properties.get(prop_key)


class _ProposalEvent:
    """The proposal event, shaped as yapapi's (`._proposal.proposal.prev_proposal_id`).

    Private in yapapi too, but its own integration tests read it.
    """

    __slots__ = ("core", "proposal")

    def __init__(self, core: Proposal) -> None:
        self.core = core
        self.proposal = core.data


class OfferProposal:
    """A provider's offer (initial) or draft (its answer to our counter) under our demand."""

    __slots__ = ("_proposal", "_subscription")

    def __init__(self, subscription: Subscription, proposal: Proposal) -> None:
        self._proposal = _ProposalEvent(proposal)
        self._subscription = subscription

    @property
    def issuer(self) -> str:
        return str(self._proposal.core.issuer_id)

    @property
    def id(self) -> str:
        return str(self._proposal.core.id)

    @property
    def props(self) -> dict[str, Any]:
        return dict(self._proposal.core.properties)

    @property
    def is_draft(self) -> bool:
        return self._proposal.core.state is ProposalState.DRAFT

    async def reject(self, reason: str = "Rejected") -> None:
        await self._proposal.core.reject(reason)

    async def respond(self, props: Mapping[str, Any], constraints: str) -> str:
        """Counter with our demand's `props` and `constraints`; the id of our counter-proposal."""
        demand = self._subscription._demand
        return str(await demand.counter(self._proposal.proposal, _spec(props, constraints)))

    async def create_agreement(self, timeout: timedelta = timedelta(hours=1)) -> Agreement:
        """An agreement from this draft, valid for `timeout` from now; `confirm()` it next."""
        valid_to = datetime.now(timezone.utc) + timeout
        core = await self._proposal.core.create_agreement(valid_to)
        return Agreement(core, self._subscription)

    def __str__(self) -> str:
        state = self._proposal.proposal.state.value
        return f"OfferProposal(id={self.id} state={state} issuer={self.issuer})"


class Subscription:
    """Our demand on the market; `async with` withdraws it on exit."""

    def __init__(self, demand: Demand) -> None:
        self._demand = demand
        self._open = True

    @property
    def id(self) -> str:
        return str(self._demand.id)

    @property
    def details(self) -> MarketSpec:
        """The demand's properties and constraints, as published."""
        return self._demand.spec

    def close(self) -> None:
        """Make `events()` end after its current poll."""
        self._open = False

    async def delete(self) -> None:
        """Withdraw the demand (again, or after it expired, is fine)."""
        self._open = False
        await self._demand.unsubscribe()

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.delete()

    async def events(self) -> AsyncIterator[OfferProposal]:
        """Offers and drafts as they arrive, until `close()`/`delete()` or the demand expires."""
        while self._open and self._demand.is_subscribed:
            try:
                async for event in self._demand.events(timeout=POLL_TIMEOUT_S):
                    if isinstance(event, ProposalArrived):
                        yield OfferProposal(self, event.proposal)
                    if not self._open:
                        return
            except NotFoundError:
                logger.debug("demand %s expired or was withdrawn", self.id)
                self._open = False


class AsyncResource(Generic[ResourceType]):
    """Awaitable once, or usable as `async with` (which then closes the result on exit)."""

    def __init__(self, _fut: Awaitable[ResourceType]) -> None:
        self._fut = _fut
        self._obj: ResourceType | None = None

    def __await__(self) -> Generator[Any, None, ResourceType]:
        return self._fut.__await__()

    async def __aenter__(self) -> ResourceType:
        self._obj = await self._fut
        return self._obj

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        exit_ = getattr(self._obj, "__aexit__", None)
        if exit_ is not None:
            await exit_(exc_type, exc, tb)


class Market:
    """The market API of one client (`Configuration(...).market()`)."""

    def __init__(self, api_client: ApiClient) -> None:
        self._client = api_client

    def subscribe(self, props: Mapping[str, Any], constraints: str) -> AsyncResource[Subscription]:
        """Publish a demand; await the result, or use it with `async with` to withdraw on exit."""

        async def create() -> Subscription:
            demand = await Demand.subscribe(self._client.node, _spec(props, constraints))
            return Subscription(demand)

        return AsyncResource(create())
