"""What gftp needs from the GSB router, and the few facts about addresses and identity.

`Bus` is the part of `golem_core.gsb.GsbConnection` gftp uses, so the
protocol logic can be tested on an in-memory bus.
"""

from __future__ import annotations

from typing import Protocol

from golem_core.flexbuffers import ErrReply, Flex, FlexValue, unwrap_result
from golem_core.gsb.calls import Handler
from golem_core.ids import NodeId

__all__ = [
    "IDENTITY_GET",
    "Bus",
    "ClosableBus",
    "GftpError",
    "gftp_address",
    "local_prefix",
    "own_node_id",
    "remote_prefix",
]

IDENTITY_GET = "/local/identity/Get"


class Bus(Protocol):
    async def call(
        self, address: str, body: Flex, *, timeout: float, caller: str | None = None
    ) -> FlexValue: ...

    async def register(self, prefix: str, handler: Handler, *, timeout: float = 10.0) -> None: ...

    async def unregister(self, prefix: str, *, timeout: float = 10.0) -> None: ...


class ClosableBus(Bus, Protocol):
    async def aclose(self) -> None: ...


class GftpError(Exception):
    """A transfer failed: the other side answered an error, or something local broke."""


async def own_node_id(bus: Bus, timeout: float) -> NodeId:
    """The daemon's default identity, which goes into every URL we hand out."""
    reply = await bus.call(IDENTITY_GET, "byDefault", timeout=timeout)
    try:
        identity = unwrap_result(reply)
    except ErrReply as error:
        raise GftpError(f"identity lookup failed: {error.error!r}") from error
    node_id = identity.get("nodeId") if isinstance(identity, dict) else None
    if not isinstance(node_id, str) or not node_id.startswith("0x"):
        raise GftpError(f"the daemon has no default identity (answered {identity!r:.200})")
    return NodeId(node_id.lower())


def local_prefix(name: str) -> str:
    """Where a file named `name` is served on our node."""
    return f"/public/gftp/{name}"


def gftp_address(prefix: str, node_id: NodeId, name: str) -> str:
    """The file `name` of node `node_id`, reached through the channel at `prefix`
    (yagna's net is `/net`; a real exe-unit uses its transfer channel, `/transfer/net`)."""
    return f"{prefix}/{node_id}/gftp/{name}"


def remote_prefix(node_id: NodeId, name: str) -> str:
    """How our node reaches the file `name` on node `node_id` (over yagna's net)."""
    return gftp_address("/net", node_id, name)
