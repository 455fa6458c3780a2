"""The agreements of one Cluster: made from its market's best proposals, ended when done.

Each pending instance asks `acquire` for an approved agreement with a provider
that runs no other instance of the cluster and has not failed it; the
agreement is then adopted by the engine (the provider ending it is seen) and
paid for. `end` terminates one (a provider that failed is excluded from the
market), `release` lets go of a suspended instance's without ending it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from golem_core.exceptions import GolemError
from golem_core.market.proposal import Proposal
from golem_hl._engine.agreements import (
    APPROVAL_TIMEOUT_S,
    CODE_FAILURE,
    CODE_SUCCESS,
    Lease,
    negotiate_agreement,
    terminate_lease,
)
from golem_hl._engine.engine import Engine
from golem_hl._engine.job import Job
from golem_hl._engine.market import Market
from golem_hl.executor._signals import Changes
from golem_hl.executor._workforce import DESTROY_TIMEOUT_S

# how long the provider has to end an activity we no longer need

if TYPE_CHECKING:
    from golem_hl.services._instance import InstanceRun

__all__ = ["DESTROY_TIMEOUT_S", "ClusterLeases"]


class ClusterLeases:
    def __init__(
        self, engine: Engine, job: Job, changes: Changes, market: Callable[[], Market | None]
    ) -> None:
        self._engine = engine
        self._job = job
        self._changes = changes
        self._market = market
        self._leases: dict[str, Lease] = {}
        # providers with an instance of the cluster (or an agreement being made for one)
        self._busy: set[str] = set()

    @property
    def held(self) -> list[Lease]:
        return list(self._leases.values())

    async def acquire(self, run: InstanceRun) -> Lease | None:
        """An approved agreement for `run`'s instance; None once it is asked to stop."""
        market = self._market()
        assert market is not None
        with self._changes.listener() as changed:
            while True:
                changed.clear()
                if run.stop_requested.is_set():
                    return None
                excluded = self._busy | market.failed_providers | run.excluded
                entry = market.buffer.pop_best(exclude=excluded)
                if entry is None:
                    await changed.wait()
                    continue
                self._busy.add(entry.provider_id)
                lease = None
                try:
                    lease = await self._negotiate(run, entry.proposal)
                finally:
                    if lease is None:
                        self._busy.discard(entry.provider_id)
                if lease is None:
                    continue
                lease.on_lost = self._changes.notify
                self._leases[lease.id] = lease
                self._engine.adopt(self._job, lease)
                if run.stop_requested.is_set():
                    await self.end(lease, "Service stopped")
                    return None
                return lease

    async def _negotiate(self, run: InstanceRun, proposal: Proposal) -> Lease | None:
        """An approved agreement from the proposal; None if it fails or the instance stops."""
        negotiation = asyncio.ensure_future(
            negotiate_agreement(
                self._job,
                proposal,
                self._engine.emitter,
                APPROVAL_TIMEOUT_S,
                self._engine.pay_for,
            )
        )
        stop = asyncio.ensure_future(run.stop_requested.wait())
        try:
            await asyncio.wait({negotiation, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
            if not negotiation.done():
                # it withdraws the agreement (and pays for it, if approved) before it ends
                negotiation.cancel()
            await asyncio.gather(negotiation, stop, return_exceptions=True)
        return None if negotiation.cancelled() else negotiation.result()

    async def end(
        self, lease: Lease, message: str, *, provider_failed: bool = False, failed: bool = False
    ) -> None:
        """End the agreement; a provider that failed gets no more instances of this cluster."""
        market = self._market()
        if provider_failed and market is not None:
            market.exclude(lease.provider_id)
        code = CODE_FAILURE if failed or provider_failed else CODE_SUCCESS
        lease.end_begins()
        if lease.activity is not None:  # a suspended instance's, left as it was
            with contextlib.suppress(GolemError):
                await lease.activity.destroy(timeout=DESTROY_TIMEOUT_S)
            lease.activity = None
        try:
            await terminate_lease(self._job, lease, self._engine.emitter, message, code)
        finally:
            self.release(lease)

    def release(self, lease: Lease) -> None:
        """No longer the cluster's (ended)."""
        self._leases.pop(lease.id, None)
        self._busy.discard(lease.provider_id)
        self._changes.notify()
