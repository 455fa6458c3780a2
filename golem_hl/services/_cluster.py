"""`Cluster`: the instances of one Service class, the market they share, and their end.

    JobStarted, SubscriptionCreated, proposals..., then per instance (see
    `_instance`), ..., and at `terminate()`: JobFinished

A cluster is one job in events. Its demand (the payload, the strategy's
decorations, the subnet, `expiration`) stays on the market while the cluster
runs, so a pending instance (new, or restarted after a failure) takes the best
confirmed proposal of a provider that is not running another instance and has
not failed the cluster. `terminate()` stops every instance (each runs its
`shutdown()` if it got that far), destroys their activities, ends their
agreements and withdraws the demand; the invoices are then the engine's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, Final, Generic, cast

from golem_core.events import now
from golem_core.market.properties import EXPIRATION, SUBNET, expiration_ms
from golem_core.market.proposal import Proposal
from golem_core.node import GolemNode
from golem_hl import events
from golem_hl._engine.agreements import (
    APPROVAL_TIMEOUT_S,
    CODE_FAILURE,
    CODE_SUCCESS,
    Lease,
    negotiate_agreement,
    terminate_lease,
)
from golem_hl._engine.emitter import EventEmitter
from golem_hl._engine.engine import Engine
from golem_hl._engine.job import Job, new_job_id
from golem_hl._engine.market import Market
from golem_hl.executor._signals import Changes
from golem_hl.network import Network
from golem_hl.payload import DemandBuilder, Payload
from golem_hl.services._instance import InstanceRun
from golem_hl.services._plan import plan_instances
from golem_hl.services._service import Service, ServiceType
from golem_hl.services._state import ServiceState

__all__ = [
    "DEFAULT_HEALTH_CHECK_INTERVAL_S",
    "DEFAULT_NO_PROPOSALS_TIMEOUT",
    "DEFAULT_SERVICE_EXPIRATION",
    "DEFAULT_SHUTDOWN_TIMEOUT_S",
    "Cluster",
]

logger = logging.getLogger(__name__)

DEFAULT_SERVICE_EXPIRATION: Final = timedelta(hours=3)
# how long an instance's shutdown() may take when it is stopped
DEFAULT_SHUTDOWN_TIMEOUT_S: Final = 3.0
# how often a running instance's activity is checked (nothing tells us it died)
DEFAULT_HEALTH_CHECK_INTERVAL_S: Final = 10.0
DEFAULT_NO_PROPOSALS_TIMEOUT: Final = timedelta(seconds=30)
MULTI_ACTIVITY: Final = "golem.srv.caps.multi-activity"


class Cluster(Generic[ServiceType]):
    """The instances of one Service class; made by `Golem.run_service`."""

    def __init__(
        self,
        engine: Engine,
        service_class: type[ServiceType],
        payload: Payload,
        expiration: datetime | None = None,
        network: Network | None = None,
        *,
        stream_output: bool = False,
        shutdown_timeout: float = DEFAULT_SHUTDOWN_TIMEOUT_S,
        health_check_interval: float = DEFAULT_HEALTH_CHECK_INTERVAL_S,
        no_proposals_timeout: timedelta = DEFAULT_NO_PROPOSALS_TIMEOUT,
    ) -> None:
        if expiration is not None and expiration.tzinfo is None:
            expiration = expiration.astimezone(timezone.utc)  # a naive time is local time
        self._engine = engine
        self._service_class = service_class
        self._payload = payload
        self._expiration = expiration or now() + DEFAULT_SERVICE_EXPIRATION
        self._network = network
        self.stream_output = stream_output
        self.shutdown_timeout = shutdown_timeout
        self.health_check_interval = health_check_interval
        self._no_proposals_timeout = no_proposals_timeout
        self.job = Job(id=new_job_id(), expiration_time=self._expiration)
        self.changes = Changes()
        self._runs: list[InstanceRun] = []
        self._market: Market | None = None
        self._background: list[asyncio.Task[None]] = []
        self._leases: dict[str, Lease] = {}
        self._busy: set[str] = set()
        self._terminating = False
        self._finished = asyncio.Event()

    def __repr__(self) -> str:
        states = ", ".join(i.state.value for i in self.instances)
        return f"Cluster({self._service_class.__name__}, job={self.job.id}, [{states}])"

    # --- what yapapi's Cluster offers ---------------------------------------------------

    @property
    def instances(self) -> list[ServiceType]:
        """Every instance spawned, in order, whatever its state."""
        return [cast(ServiceType, run.instance) for run in self._runs]

    @property
    def service_class(self) -> type[ServiceType]:
        return self._service_class

    @property
    def payload(self) -> Payload:
        return self._payload

    @property
    def expiration(self) -> datetime:
        """When the agreements end: the instances are stopped then."""
        return self._expiration

    @property
    def network(self) -> Network | None:
        return self._network

    def spawn_instances(
        self,
        num_instances: int | None = None,
        instance_params: Iterable[Mapping[str, Any]] | None = None,
        network_addresses: Sequence[str] | None = None,
    ) -> None:
        """Create instances (pending at once) and start looking for providers for them."""
        if self._terminating:
            raise RuntimeError(f"{self!r} is terminated: it spawns no more instances")
        if num_instances is not None and num_instances < 1:
            logger.warning("spawn_instances(num_instances=%d): nothing to spawn", num_instances)
        specs = plan_instances(
            num_instances, instance_params, network_addresses, has_network=self._network is not None
        )
        for spec in specs:
            instance = self._service_class(**spec.params)
            if not hasattr(instance, "_started_successfully"):
                raise TypeError(
                    f"{self._service_class.__name__}.__init__ must call super().__init__()"
                )
            instance._cluster = self
            run = InstanceRun(self, instance, spec)
            run.task = asyncio.create_task(run.run(), name=f"service {instance.id}")
            self._runs.append(run)
        self.changes.notify()

    def stop_instance(self, service: Service) -> None:
        """Ask one instance to stop; it runs its shutdown() if it is running."""
        self._run_of(service).request_stop()

    def stop(self) -> None:
        """Ask every instance to stop (see `terminate` to also wait for them)."""
        for run in self._runs:
            run.request_stop()

    async def terminate(self) -> None:
        """Stop every instance, end their activities and agreements, withdraw the demand."""
        if self._terminating:
            await self._finished.wait()
            return
        self._terminating = True
        try:
            self.stop()
            runs = [run.task for run in self._runs if run.task is not None]
            await asyncio.gather(*runs, return_exceptions=True)
            await asyncio.gather(
                *(
                    self.end_lease(lease, "Service stopped")
                    for lease in list(self._leases.values())
                ),
                return_exceptions=True,
            )
            for task in self._background:
                task.cancel()
            await asyncio.gather(*self._background, return_exceptions=True)
            if self._market is not None:
                await self._market.close()
        finally:
            self._finished.set()
            self.emit(events.JobFinished(job=self.job))

    async def wait_for_state(
        self,
        *states: ServiceState,
        instances: Iterable[Service] | None = None,
        timeout: float | None = None,
    ) -> None:
        """Wait until every instance (or each of `instances`) is in one of `states`.

        Our addition, so that nothing has to poll `instance.state`; raises
        TimeoutError when `timeout` passes first.
        """
        wanted = set(states)
        chosen = None if instances is None else list(instances)

        async def reached() -> None:
            with self.changes.listener() as changed:
                while True:
                    changed.clear()
                    watched = self.instances if chosen is None else chosen
                    if all(i.state in wanted for i in watched):
                        return
                    await changed.wait()

        await asyncio.wait_for(reached(), timeout)

    async def __aenter__(self) -> Cluster[ServiceType]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.terminate()

    # --- for the instances ------------------------------------------------------------------

    @property
    def deadline(self) -> float:
        """The expiration in event-loop time: no batch is given longer to run."""
        left = (self._expiration - now()).total_seconds()
        return asyncio.get_running_loop().time() + left

    @property
    def node(self) -> GolemNode:
        return self._engine.node

    @property
    def emitter(self) -> EventEmitter:
        return self._engine.emitter

    def emit(self, event: events.Event) -> None:
        self._engine.emitter.emit(event)

    def _run_of(self, service: Service) -> InstanceRun:
        for run in self._runs:
            if run.instance is service:
                return run
        raise ValueError(f"{service!r} is not an instance of {self!r}")

    async def acquire(self, run: InstanceRun) -> Lease | None:
        """An approved agreement for `run`'s instance; None once it is asked to stop."""
        assert self._market is not None
        market = self._market
        with self.changes.listener() as changed:
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
                lease.on_lost = self.changes.notify
                self._leases[lease.id] = lease
                self._engine.adopt(self.job, lease)
                # from the approval on: the payment checks time debit notes from registration,
                # and the provider bills from its activity's start, before create() returns
                self._engine.pay_for(lease)
                if run.stop_requested.is_set():
                    await self.end_lease(lease, "Service stopped")
                    return None
                return lease

    async def _negotiate(self, run: InstanceRun, proposal: Proposal) -> Lease | None:
        """An approved agreement from the proposal; None if it fails or the instance stops."""
        negotiation = asyncio.ensure_future(
            negotiate_agreement(self.job, proposal, self.emitter, APPROVAL_TIMEOUT_S)
        )
        stop = asyncio.ensure_future(run.stop_requested.wait())
        try:
            await asyncio.wait({negotiation, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
            if not negotiation.done():
                # an agreement made meanwhile is ended when the node closes (golem_core's closer)
                negotiation.cancel()
            await asyncio.gather(negotiation, stop, return_exceptions=True)
        return None if negotiation.cancelled() else negotiation.result()

    async def end_lease(
        self, lease: Lease, message: str, *, provider_failed: bool = False, failed: bool = False
    ) -> None:
        """End the agreement; a provider that failed gets no more instances of this cluster."""
        if provider_failed and self._market is not None:
            self._market.exclude(lease.provider_id)
        code = CODE_FAILURE if failed or provider_failed else CODE_SUCCESS
        try:
            await terminate_lease(self.job, lease, self.emitter, message, code)
        finally:
            self._leases.pop(lease.id, None)
            self._busy.discard(lease.provider_id)
            self.changes.notify()

    # --- the market -----------------------------------------------------------------------

    async def _open(self) -> None:
        """Publish the demand and follow the market (JobStarted, SubscriptionCreated...)."""
        self.emit(events.JobStarted(job=self.job))
        demand = await self._demand()
        market = Market(
            self.node, self.job, demand, self._engine.strategy, self.emitter, self.changes.notify
        )
        self._market = market
        try:
            await market.subscribe()
        except BaseException as error:
            self._terminating = True
            self._finished.set()
            self.emit(events.JobFinished(job=self.job, exc_info=(type(error), error, None)))
            raise
        self._spawn(market.run(), "market")
        self._spawn(market.watch_confirmations(self._no_proposals_timeout), "market watch")
        self._spawn(self._expire(), "expiration")

    async def _demand(self) -> DemandBuilder:
        demand = DemandBuilder()
        await demand.decorate(self._payload, self._engine.strategy)
        subnet = self._engine.settings.subnet_tag
        if subnet:
            demand.add_properties({SUBNET: subnet})
            demand.ensure(f"({SUBNET}={subnet})")
        demand.add_properties({EXPIRATION: expiration_ms(self._expiration), MULTI_ACTIVITY: True})
        decoration = await self._engine.allocation.demand_decorations()
        demand.add_properties(dict(decoration.properties))
        for constraint in decoration.constraints:
            demand.ensure(constraint)
        return demand

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        async def guarded() -> None:
            try:
                await work
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("cluster %s: %s failed", self.job.id, name)

        self._background.append(asyncio.create_task(guarded(), name=f"cluster {name}"))

    async def _expire(self) -> None:
        """Stop the instances when the agreements expire."""
        remaining = (self._expiration - now()).total_seconds()
        await asyncio.sleep(max(0.0, remaining))  # a deadline, not a poll
        logger.info(
            "cluster %s expired at %s: stopping its instances", self.job.id, self._expiration
        )
        self.stop()
