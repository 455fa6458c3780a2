"""Allocations: the budget a requestor reserves on its daemon to pay providers from.

An allocation is released when the node closes. Its closer is registered when
it is created, before any agreement or payment manager exists, so it runs after
theirs: invoices get accepted before the money behind them is given back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from golem_core._api import payment as payment_api
from golem_core._api.payment import DEFAULT_PLATFORM, AllocationData, DemandDecoration
from golem_core.events import AllocationCreated, AllocationReleased, now
from golem_core.exceptions import (
    ApiTimeoutError,
    CallTimeoutError,
    GoneError,
    NotFoundError,
    ServerError,
    TransportError,
)
from golem_core.ids import AllocationId
from golem_core.node import GolemNode
from golem_core.retry import Backoff

__all__ = ["CHOSEN_PLATFORM", "Allocation", "demand_decorations"]

# how long closing asks a daemon briefly away (restarting) again to release an allocation
RELEASE_RETRY_S = 30.0

# The demand property naming the platform we pay on (the daemon's decorations lack it).
CHOSEN_PLATFORM = "golem.com.payment.chosen-platform"


def _expiry(expires: datetime | timedelta | None) -> datetime | None:
    if expires is None or isinstance(expires, datetime):
        return expires
    if expires <= timedelta(0):
        raise ValueError(f"an allocation must expire in the future, not in {expires}")
    return now() + expires


class Allocation:
    """A budget on one payment platform; `data` is the latest snapshot we saw."""

    def __init__(self, node: GolemNode, data: AllocationData) -> None:
        self.node = node
        self.data = data
        self.released = False
        # kept so remove_closer can find this very object again
        self._closer = self.release

    def __repr__(self) -> str:
        state = "released" if self.released else f"{self.data.remaining_amount} left"
        return f"<Allocation {self.id} {self.data.total_amount} on {self.data.platform}, {state}>"

    @property
    def id(self) -> AllocationId:
        return self.data.allocation_id

    @classmethod
    async def create(
        cls,
        node: GolemNode,
        budget: Decimal,
        *,
        platform: str = DEFAULT_PLATFORM,
        address: str | None = None,
        expires: datetime | timedelta | None = None,
    ) -> Allocation:
        """Reserve `budget` on `platform`, paid from `address` (default: the node id).

        `expires` is an aware datetime or a duration from now; without it the
        daemon keeps the allocation for about ten years. The allocation is
        released when the node closes, or earlier with `release()`.
        """
        if budget <= 0:
            raise ValueError(f"an allocation needs a positive budget, got {budget}")
        data = await payment_api.create_allocation(
            node.api, budget, platform=platform, address=address, timeout=_expiry(expires)
        )
        allocation = cls(node, data)
        node.add_closer(f"release allocation {data.allocation_id}", allocation._closer)
        node.events.emit(
            AllocationCreated(
                allocation_id=data.allocation_id, amount=data.total_amount, platform=data.platform
            )
        )
        return allocation

    @classmethod
    async def get(cls, node: GolemNode, allocation_id: AllocationId) -> Allocation:
        """An existing allocation; the caller owns its release (no closer is added)."""
        return cls(node, await payment_api.get_allocation(node.api, allocation_id))

    async def refresh(self) -> AllocationData:
        self.data = await payment_api.get_allocation(self.node.api, self.id)
        return self.data

    async def amend(
        self, *, budget: Decimal | None = None, expires: datetime | timedelta | None = None
    ) -> AllocationData:
        """Change the budget (not below what is spent) or the expiry (not into the past)."""
        self.data = await payment_api.amend_allocation(
            self.node.api, self.id, total_amount=budget, timeout=_expiry(expires)
        )
        return self.data

    async def release(self, *, retry_for: float = 0.0, backoff: Backoff | None = None) -> None:
        """Give back what is left; safe to call more than once.

        An allocation left behind keeps its budget reserved, so with `retry_for`
        (seconds) a daemon that cannot be reached now (restarting) is asked again,
        backing off, that long. Failed, the node's closer asks once more.
        """
        if self.released:
            return
        backoff = backoff if backoff is not None else Backoff(initial=0.5, cap=5.0)
        give_up = backoff.clock() + retry_for
        while True:
            try:
                # Gone or not found: released before, by us or by the daemon when it expired
                with contextlib.suppress(GoneError, NotFoundError):
                    await payment_api.release_allocation(self.node.api, self.id)
                break
            except (TransportError, CallTimeoutError, ApiTimeoutError, ServerError):
                if backoff.clock() + backoff.delay(backoff.attempts) > give_up:
                    raise
                await backoff.wait()
        self.node.remove_closer(self._closer)
        self.released = True
        self.node.events.emit(AllocationReleased(allocation_id=self.id))

    async def demand_decorations(self) -> DemandDecoration:
        """Properties and constraints that let a demand be paid from this allocation."""
        return await demand_decorations(self.node, [self])


async def demand_decorations(
    node: GolemNode, allocations: Sequence[Allocation]
) -> DemandDecoration:
    """What to add to a demand paid from these allocations.

    The daemon's answer names each paying address and the protocol version; we
    add the chosen platform when all the allocations share one.
    """
    decoration = await payment_api.demand_decorations(node.api, [a.id for a in allocations])
    platforms = {a.data.platform for a in allocations}
    if len(platforms) != 1 or any(key == CHOSEN_PLATFORM for key, _ in decoration.properties):
        return decoration
    return DemandDecoration(
        properties=((CHOSEN_PLATFORM, platforms.pop()), *decoration.properties),
        constraints=decoration.constraints,
    )
