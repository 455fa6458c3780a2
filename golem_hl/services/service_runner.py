"""`ServiceRunner`: the instances of one Cluster, each driven by its own task (yapapi's names).

The runner keeps the instances and their runs (`_instance.InstanceRun`, one
asyncio task each), and takes the requestor's control signals: `stop`
(`stop_instance`) and `suspend` (`suspend_instance`, `suspend`). The market
and the agreements the runs work under are the Cluster's.

Its own state: `active` until the cluster is terminated (`stopped`) or
suspended (`suspended`: the agreements of suspended instances are then left
to Golem's stop, which ends and pays them).
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from golem_hl._state_machine import Move, State, TableMachine
from golem_hl.exceptions import ServiceRunnerError
from golem_hl.services._instance import InstanceRun
from golem_hl.services._plan import InstanceSpec
from golem_hl.services.service import ExcInfo, Service

if TYPE_CHECKING:
    from golem_hl._engine.job import Job
    from golem_hl.network import Network
    from golem_hl.services.cluster import Cluster

__all__ = [
    "DEFAULT_HEALTH_CHECK_INTERVAL",
    "DEFAULT_HEALTH_CHECK_RETRIES",
    "ControlSignal",
    "ExcInfo",
    "ServiceRunner",
    "ServiceRunnerError",
    "ServiceRunnerState",
]

logger = logging.getLogger(__name__)

# seconds between health checks of a running instance (None: no checks)
DEFAULT_HEALTH_CHECK_INTERVAL: Final[float] = 10.0
# failed checks in a row before the instance is taken for unresponsive
DEFAULT_HEALTH_CHECK_RETRIES: Final[int] = 3


class ControlSignal(enum.Enum):
    """What the requestor can ask of one instance."""

    stop = "stop"
    suspend = "suspend"


class ServiceRunnerState(TableMachine):
    """The runner's state: `active`, then `stopped` or `suspended`."""

    active = State("active", initial=True)
    stopped = State("stopped")
    suspended = State("suspended")

    stop = Move("stop")
    suspend = Move("suspend")

    # made per state by StateMachine
    is_active: bool
    is_stopped: bool
    is_suspended: bool


ServiceRunnerState.MOVES = MappingProxyType(
    {
        (ServiceRunnerState.active, "stop"): ServiceRunnerState.stopped,
        (ServiceRunnerState.active, "suspend"): ServiceRunnerState.suspended,
    }
)


class ServiceRunner:
    """The instances of one Cluster; made by the Cluster, which binds itself to it."""

    def __init__(
        self,
        job: Job,
        health_check_interval: float | None = DEFAULT_HEALTH_CHECK_INTERVAL,
        health_check_retries: int = DEFAULT_HEALTH_CHECK_RETRIES,
    ) -> None:
        if health_check_retries < 1:
            raise ValueError(f"health_check_retries must be at least 1, not {health_check_retries}")
        self._job = job
        self.health_check_interval = health_check_interval
        self.health_check_retries = health_check_retries
        self._state = ServiceRunnerState()
        self._runs: list[InstanceRun] = []
        self._cluster: Cluster[Any] | None = None

    def __repr__(self) -> str:
        return f"ServiceRunner(job={self.id}, {len(self._runs)} instances, {self.state.value})"

    @property
    def id(self) -> str:
        return self._job.id

    @property
    def instances(self) -> list[Service]:
        """Every instance added, in order, whatever its state."""
        return [run.instance for run in self._runs]

    @property
    def runs(self) -> list[InstanceRun]:
        return list(self._runs)

    @property
    def state(self) -> State:
        return self._state.current_state

    @property
    def stopped(self) -> bool:
        return self.state is ServiceRunnerState.stopped

    @property
    def suspended(self) -> bool:
        return self.state is ServiceRunnerState.suspended

    def add_instance(
        self,
        service: Service,
        network: Network | None = None,
        network_address: str | None = None,
    ) -> None:
        """Start driving `service`: it looks for a provider at once (in a task of its own)."""
        cluster = self._cluster
        if cluster is None:
            raise ServiceRunnerError(f"{self!r} belongs to no Cluster")
        if self.state is not ServiceRunnerState.active:
            raise ServiceRunnerError(f"{self!r} is {self.state.value}: it runs no more instances")
        if network is not None and network is not cluster.network:
            raise ServiceRunnerError(f"{service!r}: the network must be the cluster's own")
        run = InstanceRun(cluster, service, InstanceSpec({}, network_address))
        self._runs.append(run)
        run.task = asyncio.create_task(
            self.spawn_instance(service, network, network_address), name=f"service {service.id}"
        )

    def add_existing_instance(
        self,
        service: Service,
        state: str,
        agreement_id: str | None = None,
        activity_id: str | None = None,
        network: Network | None = None,
        network_node_dict: Mapping[str, str] | None = None,
    ) -> None:
        """Drive again an instance `Service.serialize()` described, on a new provider.

        Golem's stop ends every agreement it made, so `agreement_id` and
        `activity_id` name nothing to take over; the instance starts pending,
        at its old VPN address when it had one.
        """
        if agreement_id or activity_id:
            logger.info(
                "%r was %s under agreement %s: it starts anew", service, state, agreement_id
            )
        address = (network_node_dict or {}).get("ip")
        self.add_instance(service, network, address if network is not None else None)

    async def spawn_instance(
        self,
        service: Service,
        network: Network | None = None,
        network_address: str | None = None,
        existing_agreement_id: str | None = None,
        existing_activity_id: str | None = None,
    ) -> None:
        """The life of one added instance: on providers until it ends and is not restarted."""
        await self.run_of(service).run()

    def run_of(self, service: Service) -> InstanceRun:
        for run in self._runs:
            if run.instance is service:
                return run
        raise ValueError(f"{service!r} is not an instance of {self!r}")

    def stop_instance(self, service: Service) -> None:
        """Ask one instance to stop; it runs its shutdown() if it is running."""
        self.run_of(service).request_stop()

    def suspend_instance(self, service: Service) -> None:
        """Stop driving one instance, leaving its activity and agreement as they are."""
        self.run_of(service).request_suspend()

    def suspend(self) -> None:
        """Mark the runner suspended: terminating the cluster then keeps the agreements."""
        self._state.suspend()

    def stop(self) -> None:
        """Mark the runner stopped (terminating the cluster does it); once is enough."""
        if self.state is ServiceRunnerState.active:
            self._state.stop()
