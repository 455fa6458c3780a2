"""Serving gftp files over the daemon's GSB router, where the GSB API is not needed.

Through the GSB API each call crosses the daemon twice more (its WebSocket
service re-encodes every call and answer), and an answer must fit one 64 KiB
WebSocket frame, so a 1 MB file takes 16 chunk calls through both daemons.
The daemon's own router (`GolemNode.gsb_url`), which yagna's gftp binary also
uses, carries chunks of any size: one call per MiB, and the requestor's daemon
only forwards it. Measured on the local network (1 MB downloads through a
provider's daemon): ~20 -> ~6 ms of the requestor daemon's CPU, ~13 -> ~5 ms
of the provider daemon's, wall ~55-85 -> ~20 ms.

The router trusts whoever connects, so a connection is only used when the
daemon behind it names this node's identity as its default; otherwise (no
router there, another daemon, another identity) files go through the GSB API
as before. One connection per node, made on first use.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from golem_core.flexbuffers import CodecError, ErrReply, Flex, FlexValue, err, ok, unwrap_result
from golem_core.gsb.calls import GsbError, IncomingCall
from golem_core.gsb.router import GsbConnection
from golem_core.ids import NodeId
from golem_core.node import GolemNode
from golem_core.transfer._envelope import Failure, GsbCall, Outcome
from golem_core.transfer._gftp import internal_error
from golem_core.transfer._service import GsbService, Handler, OnEnded

logger = logging.getLogger(__name__)

# What one answer may carry over the router (its frames go up to 64 MiB)
ROUTER_MAX_CHUNK = 16 * 1024 * 1024
# A router answers Hello at once; anything slower is not one worth waiting for
CONNECT_TIMEOUT = 3.0
IDENTITY_GET = "/local/identity/Get"


def router_url(node: GolemNode) -> str | None:
    """Where to look for the node's router (a seam: cassettes turn it off)."""
    return node.gsb_url


def default_identity(reply: FlexValue) -> NodeId | None:
    """The node id in an `/local/identity/Get` answer, None if it has none."""
    try:
        identity = unwrap_result(reply)
    except (ErrReply, CodecError):
        return None
    node_id = identity.get("nodeId") if isinstance(identity, dict) else None
    if not isinstance(node_id, str) or not node_id.startswith("0x"):
        return None
    return NodeId(node_id.lower())


def to_gsb_call(call: IncomingCall, components: Sequence[str]) -> GsbCall | Failure:
    """A router call as the handlers take it; a Failure for what is not served."""
    component = call.address[len(call.prefix) :].strip("/")
    if component not in components:
        return Failure(internal_error(f"{call.prefix} does not serve {component!r}"))
    try:
        payload = call.body
    except CodecError as error:
        return Failure(internal_error(f"unreadable {component}: {error}"))
    if payload is None:
        payload = {}  # a message without fields (GetMetadata) is Null
    if not isinstance(payload, dict):
        return Failure(internal_error(f"{component} must be a map, got {type(payload).__name__}"))
    return GsbCall(id=call.request_id, component=component, payload=payload)


def answer_of(outcome: Outcome) -> Flex:
    """The router answer of a handler's outcome (the callee's Ok/Err value)."""
    if isinstance(outcome, Failure):
        return err(outcome.error)
    return ok(outcome.payload)


class RouterService:
    """One prefix served on a node's router connection (a slot's Service)."""

    max_chunk = ROUTER_MAX_CHUNK

    def __init__(
        self,
        bus: RouterBus,
        address: str,
        components: Sequence[str],
        handler: Handler,
        on_ended: OnEnded,
    ) -> None:
        self.bus = bus
        self.address = address
        self.components = tuple(components)
        self.calls_answered = 0
        self._handler = handler
        self._on_ended = on_ended
        self._closed = False

    def __repr__(self) -> str:
        state = "serving" if self.running else "closed"
        return f"RouterService({self.address!r}, {state}, answered={self.calls_answered})"

    @property
    def running(self) -> bool:
        return not self._closed and not self.bus.closed

    async def on_call(self, call: IncomingCall) -> Flex:
        request = to_gsb_call(call, self.components)
        if isinstance(request, Failure):
            return answer_of(request)
        try:
            outcome = self._handler(request)
        except Exception as error:
            logger.exception("%s: handling %s failed", self.address, request.component)
            outcome = Failure(internal_error(f"{request.component} failed: {error!r}"))
        self.calls_answered += 1
        return answer_of(outcome)

    async def close(self, timeout: float = CONNECT_TIMEOUT) -> None:
        """Unregister; calls still coming get the router's "no such address"."""
        if self._closed:
            return
        self._closed = True
        self.bus.forget(self)
        if self.bus.closed:
            return
        try:
            await self.bus.connection.unregister(self.address, timeout=timeout)
        except GsbError as error:
            logger.warning("unregistering %s failed: %s", self.address, error)

    def ended(self, reason: BaseException) -> None:
        """The connection is gone under us."""
        if not self._closed:
            self._closed = True
            self._on_ended(reason)


class RouterBus:
    """A node's connection to its daemon's router and the services on it."""

    def __init__(self, connection: GsbConnection) -> None:
        self.connection = connection
        self._services: set[RouterService] = set()
        self._closing = False
        self._watch = asyncio.create_task(self._watch_closed(), name="gftp router watch")

    @property
    def closed(self) -> bool:
        return self._closing or self.connection.closed

    async def serve(
        self, address: str, components: Sequence[str], handler: Handler, on_ended: OnEnded
    ) -> RouterService:
        service = RouterService(self, address, components, handler, on_ended)
        await self.connection.register(address, service.on_call, timeout=CONNECT_TIMEOUT)
        self._services.add(service)
        return service

    def forget(self, service: RouterService) -> None:
        self._services.discard(service)

    async def close(self) -> None:
        self._closing = True
        self._watch.cancel()
        await asyncio.gather(self._watch, return_exceptions=True)
        await self.connection.aclose()

    async def _watch_closed(self) -> None:
        await self.connection.wait_closed()
        if self._closing:
            return
        logger.warning("the connection to the daemon's GSB router closed")
        services, self._services = self._services, set()
        for service in services:
            service.ended(GsbError("the daemon's GSB router closed the connection"))


async def why_not_ours(connection: GsbConnection, node_id: NodeId) -> str | None:
    """None when the daemon behind `connection` has `node_id` as its default identity."""
    try:
        reply = await connection.call(IDENTITY_GET, "byDefault", timeout=CONNECT_TIMEOUT)
    except GsbError as error:
        return f"no identity from it ({error})"
    found = default_identity(reply)
    return None if found == node_id else f"its default identity is {found}, not {node_id}"


async def open_router_bus(node: GolemNode) -> RouterBus | None:
    """A connection to the node's own daemon's router, or None (then: the GSB API)."""
    url = router_url(node)
    if url is None:
        return None
    try:
        connection = await GsbConnection.connect(url, timeout=CONNECT_TIMEOUT)
    except (GsbError, ValueError) as error:
        logger.debug("no GSB router at %s (%s): gftp files go through the GSB API", url, error)
        return None
    reason = await why_not_ours(connection, node.node_id)
    if reason is not None:
        logger.info("gftp files go through the GSB API, not the router at %s: %s", url, reason)
        await connection.aclose()
        return None
    logger.debug("gftp files are served over the GSB router at %s", url)
    return RouterBus(connection)


class ServiceStarter:
    """Starts a node's gftp services: on its router when usable (decided once), else the API."""

    def __init__(self, node: GolemNode) -> None:
        self.node = node
        self._bus: RouterBus | None = None
        self._decided = False
        self._lock = asyncio.Lock()

    async def __call__(
        self,
        address: str,
        components: Sequence[str],
        handler: Handler,
        on_ended: OnEnded,
        timeout: float,
    ) -> RouterService | GsbService:
        bus = await self._router_bus()
        if bus is not None:
            try:
                return await bus.serve(address, components, handler, on_ended)
            except GsbError as error:
                logger.warning("registering %s on the router failed (%s): GSB API", address, error)
        return await GsbService.start(
            self.node.api, address, components, handler, on_ended, timeout=timeout
        )

    async def _router_bus(self) -> RouterBus | None:
        async with self._lock:
            if self._bus is not None and self._bus.closed:
                self._bus, self._decided = None, False  # the daemon restarted: look again
            if not self._decided:
                self._decided = True
                self._bus = await open_router_bus(self.node)
            return self._bus

    async def close(self) -> None:
        self._decided = True  # nothing new after the node closed
        bus, self._bus = self._bus, None
        if bus is not None:
            await bus.close()
