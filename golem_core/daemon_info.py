"""Who and what the daemon is: its version and the identity our app key speaks for."""

from __future__ import annotations

import attrs

from golem_core._api.identity import fetch_version
from golem_core.ids import NodeId
from golem_core.node import GolemNode

__all__ = ["DaemonInfo", "daemon_info"]


@attrs.frozen
class DaemonInfo:
    api_url: str
    version: str
    node_id: NodeId
    name: str
    role: str


async def daemon_info(node: GolemNode) -> DaemonInfo:
    identity = node.identity  # read when the node started
    return DaemonInfo(
        api_url=node.api_url,
        version=await fetch_version(node.api),
        node_id=identity.node_id,
        name=identity.name,
        role=identity.role,
    )
