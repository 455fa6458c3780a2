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

import enum
import logging
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Final

from golem_hl.exceptions import ServiceRunnerError
from golem_hl.services._instance import InstanceRun
from golem_hl.services._plan import InstanceSpec
from golem_hl.services.service import Service
from golem_hl.services.service_state import State

if TYPE_CHECKING:
    from golem_hl._engine.job import Job
    from golem_hl.network import Network
    from golem_hl.services.cluster import Cluster

__all__ = [
    "DEFAULT_HEALTH_CHECK_INTERVAL",
    "DEFAULT_HEALTH_CHECK_RETRIES",
    "ControlSignal",
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


class ServiceRunnerState:
    """The runner's state: `active`, then `stopped` or `suspended` (a pure table)."""

    active: ClassVar[State] = State("active", initial=True)
    stopped: ClassVar[State] = State("stopped")
    suspended: ClassVar[State] = State("suspended")

    MOVES: ClassVar[Mapping[tuple[State, str], State]]

    def __init__(self) -> None:
        self._current = ServiceRunnerState.active

    def __repr__(self) -> str:
        return f"ServiceRunnerState(current_state={self._current.value!r})"

    @property
    def current_state(self) -> State:
        return self._current

    def _apply(self, move: str) -> None:
        target = self.MOVES.get((self._current, move))
        if target is None:
            raise ServiceRunnerError(f"a service runner cannot {move} when {self._current.value}")
        self._current = target

    def stop(self) -> None:
        self._apply("stop")

    def suspend(self) -> None:
        self._apply("suspend")


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
        params: Mapping[str, Any] | None = None,
    ) -> None:
        """Start driving `service`: it looks for a provider at once (in a task of its own)."""
        cluster = self._cluster
        if cluster is None:
            raise ServiceRunnerError(f"{self!r} belongs to no Cluster")
        if self.state is not ServiceRunnerState.active:
            raise ServiceRunnerError(f"{self!r} is {self.state.value}: it runs no more instances")
        if network is not None and network is not cluster.network:
            raise ServiceRunnerError(f"{service!r}: the network must be the cluster's own")
        run = InstanceRun(cluster, service, InstanceSpec(dict(params or {}), network_address))
        self._runs.append(run)
        run.start()

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
