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
from golem_core.node import GolemNode
from golem_hl import events
from golem_hl._engine.emitter import EventEmitter
from golem_hl._engine.engine import Engine
from golem_hl._engine.job import Job, new_job_id
from golem_hl._engine.market import Market
from golem_hl.executor._job import DEFAULT_NO_PROPOSALS_TIMEOUT
from golem_hl.executor._jobdemand import build_demand
from golem_hl.executor._signals import Changes
from golem_hl.network import Network
from golem_hl.payload import Payload
from golem_hl.services._leases import ClusterLeases
from golem_hl.services._plan import plan_instances
from golem_hl.services.service import Service, ServiceSerialization, ServiceType
from golem_hl.services.service_runner import (
    DEFAULT_HEALTH_CHECK_INTERVAL,
    DEFAULT_HEALTH_CHECK_RETRIES,
    ServiceRunner,
)
from golem_hl.services.service_state import State

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
DEFAULT_HEALTH_CHECK_INTERVAL_S: Final = DEFAULT_HEALTH_CHECK_INTERVAL


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
        health_check_interval: float | None = DEFAULT_HEALTH_CHECK_INTERVAL_S,
        health_check_retries: int = DEFAULT_HEALTH_CHECK_RETRIES,
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
        self._no_proposals_timeout = no_proposals_timeout
        self.job = Job(id=new_job_id(), expiration_time=self._expiration)
        self.changes = Changes()
        self.service_runner = ServiceRunner(self.job, health_check_interval, health_check_retries)
        self.service_runner._cluster = self
        self._market: Market | None = None
        self._background: list[asyncio.Task[None]] = []
        self.leases = ClusterLeases(engine, self.job, self.changes, lambda: self._market)
        self._terminating = False
        self._finished = asyncio.Event()

    def __repr__(self) -> str:
        return (
            f"Cluster {self.id}: {len(self.instances)}x[Service: {self._service_class.__name__}, "
            f"Payload: {self._payload}]"
        )

    # --- what yapapi's Cluster offers ---------------------------------------------------

    @property
    def id(self) -> str:
        return self.job.id

    @property
    def instances(self) -> list[ServiceType]:
        """Every instance spawned, in order, whatever its state."""
        return [cast(ServiceType, i) for i in self.service_runner.instances]

    @property
    def health_check_interval(self) -> float | None:
        return self.service_runner.health_check_interval

    @property
    def health_check_retries(self) -> int:
        return self.service_runner.health_check_retries

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
            self._add(self._service_class(**spec.params), spec.address)

    def _own(self, instance: Service) -> None:
        if not hasattr(instance, "_Service__service_instance"):
            raise TypeError(f"{self._service_class.__name__}.__init__ must call super().__init__()")
        instance._set_cluster(self)

    def _add(self, instance: Service, address: str | None) -> None:
        self._own(instance)
        self.service_runner.add_instance(instance, self._network, address)
        self.changes.notify()

    def resume_instances(self, serialized_instances: Iterable[ServiceSerialization]) -> None:
        """Spawn instances again from `Service.serialize()` records (same ids and parameters).

        Golem's stop ends every agreement it made (nothing is left unpaid), so
        a resumed instance starts afresh on a provider, at its old VPN address
        when it had one.
        """
        if self._terminating:
            raise RuntimeError(f"{self!r} is terminated: it resumes no instances")
        for record in serialized_instances:
            instance = self._service_class(**dict(record.get("params") or {}))
            self._own(instance)
            self.service_runner.add_existing_instance(
                instance,
                record["state"],
                record.get("agreement_id"),
                record.get("activity_id"),
                self._network,
                record.get("network_node"),
            )
        self.changes.notify()

    def serialize_instances(self) -> list[ServiceSerialization]:
        return [instance.serialize() for instance in self.instances]

    def stop_instance(self, service: Service) -> None:
        """Ask one instance to stop; it runs its shutdown() if it is running."""
        self.service_runner.stop_instance(service)

    def suspend_instance(self, service: Service) -> None:
        """Stop driving one instance; its activity and agreement stay until `terminate()`."""
        self.service_runner.suspend_instance(service)

    def stop(self) -> None:
        """Ask every instance to stop (see `terminate` to also wait for them)."""
        for instance in self.service_runner.instances:
            self.stop_instance(instance)

    def suspend(self) -> None:
        """Suspend every instance: their handlers stop, their activities and agreements stay.

        They stay for as long as the cluster does: `terminate()` (and so
        Golem's stop) ends them and the invoices are paid, so nothing is left
        behind; `serialize_instances()` first lets `resume_service` run them again.
        """
        self.service_runner.suspend()
        for instance in self.service_runner.instances:
            self.suspend_instance(instance)

    async def terminate(self) -> None:
        """Stop every instance, end their activities and agreements, withdraw the demand."""
        if self._terminating:
            await self._finished.wait()
            return
        self._terminating = True
        try:
            self.stop()
            self.service_runner.stop()
            runs = [run.task for run in self.service_runner.runs if run.task is not None]
            await asyncio.gather(*runs, return_exceptions=True)
            await asyncio.gather(
                *(self.leases.end(lease, "Service stopped") for lease in self.leases.held),
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
        *states: State,
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

    # --- the market -----------------------------------------------------------------------

    async def _open(self) -> None:
        """Publish the demand and follow the market (JobStarted, SubscriptionCreated...)."""
        self.emit(events.JobStarted(job=self.job))
        demand = await build_demand(self._engine, self.job, self._payload)
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
