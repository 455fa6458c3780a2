"""`Service`: what an application subclasses to describe one kind of service instance.

An instance lives through `start()`, `run()` and `shutdown()`, three work
generators that yield Scripts built with `self._ctx` (a `WorkContext` on the
instance's activity), exactly as a task worker does; the runner sends each
Script to the provider and resumes the generator with its results. Control
messages go both ways, as in yapapi: the requestor's code calls
`send_message`, the instance's handlers read it with `_listen`, answer with
`_respond`, and the requestor's code reads the answer with `receive_message`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncGenerator
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

import attrs

from golem_hl.payload import Payload
from golem_hl.services.service_state import ServiceState, State

if TYPE_CHECKING:
    from golem_hl.executor import Script, WorkContext
    from golem_hl.network import Network, Node
    from golem_hl.services.cluster import Cluster
    from golem_hl.services.service_runner import ControlSignal

__all__ = [
    "ExcInfo",
    "Service",
    "ServiceHandler",
    "ServiceInstance",
    "ServiceSerialization",
    "ServiceSignal",
    "ServiceType",
]

logger = logging.getLogger(__name__)

# what `sys.exc_info()` returns: `(None, None, None)` when there was no exception
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]
NO_EXC_INFO: ExcInfo = (None, None, None)

ServiceType = TypeVar("ServiceType", bound="Service")
# what a handler is: a work generator of Scripts, resumed with what the engine sends back
ServiceHandler = AsyncGenerator["Script", Any]


@attrs.define
class ServiceSignal:
    """A control message; `response_to` is the message it answers, if any."""

    message: Any
    response_to: ServiceSignal | None = None


class ServiceSerialization(TypedDict):
    """What `Service.serialize()` gives, for `Golem.resume_service`."""

    params: dict[str, Any]
    activity_id: str | None
    agreement_id: str | None
    state: str
    network_node: dict[str, str] | None


@attrs.define(eq=False)
class ServiceInstance:
    """The runner's record of one instance: its state machine and the states it went through."""

    service: Service
    control_queue: asyncio.Queue[ControlSignal] = attrs.field(factory=asyncio.Queue)
    service_state: ServiceState = attrs.field(factory=ServiceState)
    visited_states: list[State] = attrs.field(factory=list)

    def __attrs_post_init__(self) -> None:
        self.service_state.instance = self

    @property
    def state(self) -> State:
        return self.service_state.current_state

    @property
    def started_successfully(self) -> bool:
        """Whether the instance ever got to `running`."""
        return ServiceState.running in self.visited_states


class Service:
    """Base class of service specifications: override `start`, `run`, `shutdown` as needed.

    The runner creates instances (passing `instance_params` to `__init__`),
    so a subclass's `__init__` must call `super().__init__()`.
    """

    _cluster: Cluster[Any] | None = None
    _ctx: WorkContext | None = None
    _network_node: Node | None = None

    def __init__(self, _id: str | None = None) -> None:
        self.__id = _id or str(uuid.uuid4())
        self.__inqueue: asyncio.Queue[ServiceSignal] = asyncio.Queue()
        self.__outqueue: asyncio.Queue[ServiceSignal] = asyncio.Queue()
        # the exception that caused the last state change, as sys.exc_info() gives it
        self._exc_info: ExcInfo = NO_EXC_INFO
        self.__service_instance = ServiceInstance(self)

    def __repr__(self) -> str:
        where = f" on {self.provider_name} [ {self.provider_id} ]" if self.provider_id else ""
        address = f" @ {self._network_node.ip}" if self._network_node else ""
        return f"<{type(self).__name__} {self.state.value}{where}{address}>"

    # --- identity and placement ---------------------------------------------------------

    @property
    def id(self) -> str:
        """The unique id of this instance (it stays the same across restarts)."""
        return self.__id

    @property
    def provider_name(self) -> str | None:
        """The name of the provider running this instance, once it has one."""
        return self._ctx.provider_name if self._ctx is not None else None

    @property
    def provider_id(self) -> str | None:
        return self._ctx.provider_id if self._ctx is not None else None

    @property
    def network(self) -> Network | None:
        """The VPN this instance is attached to, while it has an address in one."""
        return self._network_node.network if self._network_node is not None else None

    @property
    def network_node(self) -> Node | None:
        """This instance's node (address) in the VPN."""
        return self._network_node

    @property
    def cluster(self) -> Cluster[Any] | None:
        return self._cluster

    @property
    def service_instance(self) -> ServiceInstance:
        return self.__service_instance

    @property
    def state(self) -> State:
        return self.__service_instance.state

    @property
    def is_available(self) -> bool:
        """Bound to an activity and can be interacted with (starting, running or stopping)."""
        return self.state in ServiceState.AVAILABLE

    @property
    def exc_info(self) -> ExcInfo:
        """The exception that caused the last state change; `(None, None, None)` if none did."""
        return self._exc_info

    def _set_cluster(self, cluster: Cluster[Any]) -> None:
        self._cluster = cluster

    def _set_ctx(self, ctx: WorkContext) -> None:
        self._ctx = ctx

    def _set_network_node(self, node: Node) -> None:
        self._network_node = node

    def _clear_network_node(self) -> None:
        self._network_node = None

    # --- messages -----------------------------------------------------------------------

    async def send_message(self, message: Any = None) -> None:
        """Send a control message to this instance (its handlers read it with `_listen`)."""
        await self.__inqueue.put(ServiceSignal(message=message))

    def send_message_nowait(self, message: Any = None) -> None:
        """Like `send_message`, without waiting."""
        self.__inqueue.put_nowait(ServiceSignal(message=message))

    async def receive_message(self) -> ServiceSignal:
        """Wait for a message this instance's handlers sent back (`_respond`)."""
        return await self.__outqueue.get()

    def receive_message_nowait(self) -> ServiceSignal | None:
        """A message the handlers sent back, or None when there is none."""
        try:
            return self.__outqueue.get_nowait()
        except asyncio.QueueEmpty:
            return None

    async def _listen(self) -> ServiceSignal:
        """From a handler: wait for a control message the requestor's code sent."""
        return await self.__inqueue.get()

    def _listen_nowait(self) -> ServiceSignal | None:
        try:
            return self.__inqueue.get_nowait()
        except asyncio.QueueEmpty:
            return None

    async def _respond(self, message: Any, response_to: ServiceSignal | None = None) -> None:
        """From a handler: send a message back to the requestor's code (`receive_message`)."""
        await self.__outqueue.put(ServiceSignal(message=message, response_to=response_to))

    def _respond_nowait(self, message: Any, response_to: ServiceSignal | None = None) -> None:
        self.__outqueue.put_nowait(ServiceSignal(message=message, response_to=response_to))

    # --- what subclasses override -------------------------------------------------------

    @staticmethod
    async def get_payload() -> Payload | None:
        """The payload to run; without one, `run_service` needs `payload=`."""
        return None

    def get_deploy_args(self) -> dict[str, Any]:
        """Arguments of the Deploy command: the VPN configuration, when there is a network."""
        return self._network_node.get_deploy_args() if self._network_node is not None else {}

    async def start(self) -> ServiceHandler:
        """Make the instance ready to serve; by default deploy and start the runtime."""
        script = self._work_context().new_script()
        script.deploy(**self.get_deploy_args())
        script.start()
        yield script

    async def run(self) -> ServiceHandler:
        """Keep the instance serving; by default wait, sending nothing, until it is stopped."""
        await asyncio.get_running_loop().create_future()  # never set: the runner stops us
        yield self._work_context().new_script()  # pragma: no cover - never reached

    async def shutdown(self) -> ServiceHandler:
        """Stop the instance gracefully; by default send the runtime a Terminate command."""
        script = self._work_context().new_script()
        script.terminate()
        yield script

    async def reset(self) -> None:
        """Undo per-run state before a restart on another provider; by default nothing."""

    @property
    def restart_condition(self) -> bool:
        """Whether the runner starts this ended instance again on another provider.

        By default: only when an exception ended it before it ever got to `running`.
        """
        return self._exc_info != NO_EXC_INFO and not self.__service_instance.started_successfully

    async def is_activity_responsive(self) -> bool:
        """Whether the provider still answers for the activity (its state can be read)."""
        if self._ctx is None:
            return False
        try:
            await self._ctx.get_raw_state()
        except Exception as error:  # any failure to read it is the answer
            logger.info("activity of %r does not answer: %r", self, error)
            return False
        return True

    def _work_context(self) -> WorkContext:
        if self._ctx is None:
            raise RuntimeError(f"{self!r} is not running on a provider (no work context)")
        return self._ctx

    def _serialize_init_params(self) -> dict[str, Any]:
        """The `__init__` arguments that recreate this instance: override to add your own."""
        return {"_id": self.id}

    def serialize(self) -> ServiceSerialization:
        """What `Cluster.resume_instances` needs to take this instance over again."""
        ctx, node = self._ctx, self._network_node
        return {
            "params": self._serialize_init_params(),
            "activity_id": ctx.id if ctx is not None else None,
            "agreement_id": ctx.agreement.id if ctx is not None else None,
            "state": self.state.value,
            "network_node": (
                None
                if node is None
                else {"network_id": node.network.network_id, "node_id": node.node_id, "ip": node.ip}
            ),
        }
