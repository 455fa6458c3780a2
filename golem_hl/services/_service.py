"""`Service`: what an application subclasses to describe one kind of service instance.

An instance lives through `start()`, `run()` and `shutdown()`, three work
generators that yield Scripts built with `self._ctx` (a `WorkContext` on the
instance's activity), exactly as a task worker does; the runner sends each
Script to the provider and resumes the generator with its results. Between
the requestor's code and a running instance, control messages go both ways:
`send_message` / `receive_message` carry them to the instance (its handlers
read them), `_respond` / `_listen` carry answers back, as in yapapi.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from golem_hl.payload import Payload
from golem_hl.services._state import ServiceState

if TYPE_CHECKING:
    from golem_hl.executor import Script, WorkContext
    from golem_hl.network import Network, Node
    from golem_hl.services._cluster import Cluster

__all__ = ["MESSAGE_QUEUE_SIZE", "Service", "ServiceHandler", "ServiceSignal", "ServiceType"]

logger = logging.getLogger(__name__)

# messages waiting in one direction before `*_nowait` raises asyncio.QueueFull
MESSAGE_QUEUE_SIZE = 1000

ServiceType = TypeVar("ServiceType", bound="Service")
# what a handler is: a work generator of Scripts, resumed with what the engine sends back
ServiceHandler = AsyncGenerator["Script", Any]


@attrs.frozen
class ServiceSignal:
    """A control message; `response_to` is the message it answers, if any."""

    message: Any
    response_to: ServiceSignal | None = None


class Service:
    """Base class of service specifications: override `start`, `run`, `shutdown` as needed.

    The runner creates instances (passing `instance_params` to `__init__`),
    so a subclass's `__init__` must call `super().__init__()`.
    """

    def __init__(self, _id: str | None = None) -> None:
        self.__id = _id or uuid.uuid4().hex
        self.__inqueue: asyncio.Queue[ServiceSignal] = asyncio.Queue(MESSAGE_QUEUE_SIZE)
        self.__outqueue: asyncio.Queue[ServiceSignal] = asyncio.Queue(MESSAGE_QUEUE_SIZE)
        self._ctx: WorkContext | None = None
        self._network_node: Node | None = None
        self._cluster: Cluster[Any] | None = None
        self._state = ServiceState.pending
        # per run on a provider: did start() finish, and did the run end in a failure?
        self._started_successfully = False
        self._failed = False
        self._exception: BaseException | None = None

    def __repr__(self) -> str:
        where = f" on {self.provider_name}" if self.provider_name else ""
        return f"<{type(self).__name__} {self.__id} {self._state.value}{where}>"

    # --- identity and placement ---------------------------------------------------------

    @property
    def id(self) -> str:
        """The unique id of this instance (it stays the same across restarts)."""
        return self.__id

    @property
    def provider_name(self) -> str | None:
        """The name of the provider running this instance, while it has one."""
        return self._ctx.provider_name if self._ctx is not None else None

    @property
    def provider_id(self) -> str | None:
        return self._ctx.provider_id if self._ctx is not None else None

    @property
    def network(self) -> Network | None:
        """The VPN this instance is attached to, if its Cluster has one."""
        return self._cluster.network if self._cluster is not None else None

    @property
    def network_node(self) -> Node | None:
        """This instance's node (address) in the VPN, while it runs on a provider."""
        return self._network_node

    @property
    def cluster(self) -> Cluster[Any] | None:
        return self._cluster

    @property
    def state(self) -> ServiceState:
        return self._state

    @property
    def is_available(self) -> bool:
        """Bound to an activity and can be interacted with (starting, running or stopping)."""
        return self._state in ServiceState.AVAILABLE

    @property
    def exception(self) -> BaseException | None:
        """What ended the last run on a provider, if it failed."""
        return self._exception

    # --- messages -----------------------------------------------------------------------

    async def send_message(self, message: Any = None) -> None:
        """Send a control message to this instance (its handlers `receive_message` it)."""
        await self.__inqueue.put(ServiceSignal(message=message))

    def send_message_nowait(self, message: Any = None) -> None:
        """Like `send_message`; raises asyncio.QueueFull when the channel is full."""
        self.__inqueue.put_nowait(ServiceSignal(message=message))

    async def receive_message(self) -> ServiceSignal:
        """Wait for a control message sent to this instance."""
        return await self.__inqueue.get()

    def receive_message_nowait(self) -> ServiceSignal | None:
        """A control message sent to this instance, or None when there is none."""
        try:
            return self.__inqueue.get_nowait()
        except asyncio.QueueEmpty:
            return None

    async def _respond(self, message: Any, response_to: ServiceSignal | None = None) -> None:
        """From a handler: send a message back to the requestor's code (`_listen`)."""
        await self.__outqueue.put(ServiceSignal(message=message, response_to=response_to))

    def _respond_nowait(self, message: Any, response_to: ServiceSignal | None = None) -> None:
        self.__outqueue.put_nowait(ServiceSignal(message=message, response_to=response_to))

    async def _listen(self) -> ServiceSignal:
        """Wait for a message the instance's handlers sent with `_respond`."""
        return await self.__outqueue.get()

    def _listen_nowait(self) -> ServiceSignal | None:
        try:
            return self.__outqueue.get_nowait()
        except asyncio.QueueEmpty:
            return None

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

        By default: only when it failed before `start()` finished, as in yapapi.
        """
        return self._failed and not self._started_successfully

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
