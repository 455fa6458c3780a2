"""VPNs between the requestor and its providers, with yapapi's `Network` and `Node`.

    network = await golem.create_network("192.168.0.0/24")
    cluster = await golem.run_service(MyService, network=network, num_instances=2)
    for instance in cluster.instances:
        print(instance.network_node.ip)

A thin wrapper over `golem_core.net.Network`: the requestor's daemon holds the
network, golem_core hands out addresses and builds the Deploy arguments. The
network is removed when `remove()` is called, when it is used as an async
context manager, or when Golem shuts down. golem_core's errors about
addresses come out as golem_hl's `NetworkError`, the class yapapi code catches.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from golem_core.net import Network as CoreNetwork
from golem_core.net import NetworkError as CoreNetworkError
from golem_core.node import GolemNode
from golem_hl.exceptions import NetworkError

if TYPE_CHECKING:
    from golem_hl.golem import Golem

__all__ = ["Network", "NetworkError", "Node", "create_network"]


class _HasGolemNode(Protocol):
    @property
    def node(self) -> GolemNode: ...


@contextlib.contextmanager
def _network_errors() -> Iterator[None]:
    try:
        yield
    except CoreNetworkError as error:
        raise NetworkError(str(error)) from error


@attrs.frozen
class Node:
    """A member of a VPN: a provider's Golem node id and its address in the network."""

    network: Network = attrs.field(repr=False)
    node_id: str
    ip: str

    def get_deploy_args(self) -> dict[str, Any]:
        """The Deploy command's arguments that make the provider's runtime join the network.

        Lists every member known now (the requestor included), so deploy a node
        after adding the nodes it must reach.
        """
        with _network_errors():
            entry = self.network.core.deploy_args(self.node_id).to_json()
        return {"net": [entry]}


class Network:
    """A VPN owned by the requestor's node: `add_node` gives providers their addresses."""

    def __init__(self, core: CoreNetwork) -> None:
        self._core = core
        self._nodes: dict[str, Node] = {}

    def __repr__(self) -> str:
        state = "removed" if self._core.removed else f"{len(self._nodes)} nodes"
        return f"Network(id={self.network_id!r}, ip={str(self._core.network)!r}, {state})"

    @classmethod
    async def create(
        cls,
        net_api: GolemNode | _HasGolemNode,
        ip: str,
        owner_id: str | None = None,
        owner_ip: str | None = None,
        mask: str | None = None,
        gateway: str | None = None,
    ) -> Network:
        """Create a VPN on the requestor's daemon.

        `net_api` is the GolemNode (or anything with a `node`); `ip` may carry a
        prefix length (`"192.168.0.0/24"`) or take `mask`. `owner_id`, when
        given, must be the node's own id: the daemon creates networks for it only.
        """
        node = net_api if isinstance(net_api, GolemNode) else net_api.node
        if owner_id is not None and owner_id.lower() != str(node.node_id).lower():
            raise NetworkError(
                f"the network's owner must be the requestor's node {node.node_id}, not {owner_id}"
            )
        with _network_errors():
            core = await CoreNetwork.create(
                node, ip, mask=mask, gateway=gateway, requestor_ip=owner_ip
            )
        return cls(core)

    @property
    def core(self) -> CoreNetwork:
        """golem_core's network, for the layers below (e.g. TCP connections)."""
        return self._core

    @property
    def network_id(self) -> str:
        return str(self._core.id)

    @property
    def owner_id(self) -> str:
        return str(self._core.node.node_id)

    @property
    def owner_ip(self) -> str:
        """The requestor's address in the network."""
        return str(self._core.requestor_ip)

    @property
    def network_address(self) -> str:
        """The network's address, without the netmask."""
        return str(self._core.network.network_address)

    @property
    def netmask(self) -> str:
        return str(self._core.network.netmask)

    @property
    def gateway(self) -> str | None:
        gateway = self._core.gateway
        return None if gateway is None else str(gateway)

    @property
    def nodes_dict(self) -> dict[str, str]:
        """Address -> node id of every member, the requestor included."""
        members = {str(ip): str(self._core.node.node_id) for ip in self._core.requestor_ips}
        members.update({str(ip): str(node_id) for node_id, ip in self._core.nodes.items()})
        return members

    @property
    def removed(self) -> bool:
        return self._core.removed

    async def add_owner_address(self, ip: str) -> None:
        """Give the requestor `ip` in the network.

        golem_core.net adds a requestor address only at creation (`owner_ip`),
        so only the address the requestor already has is accepted here.
        """
        with _network_errors():
            if self._core.removed:
                raise NetworkError(f"network {self.network_id} was removed")
            if ip not in {str(a) for a in self._core.requestor_ips}:
                raise NetworkError(
                    f"cannot add requestor address {ip} to network {self.network_id} after "
                    "creation; pass owner_ip= to create_network instead"
                )

    async def add_node(self, node_id: str, ip: str | None = None) -> Node:
        """Make `node_id` a member at `ip`, or at the next free address."""
        with _network_errors():
            address = await self._core.add_node(node_id, ip)
        member = Node(network=self, node_id=node_id.lower(), ip=str(address))
        self._nodes[member.node_id] = member
        return member

    async def remove(self) -> None:
        """Remove the network from the daemon; its members' connections close. Idempotent."""
        await self._core.remove()

    async def __aenter__(self) -> Network:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.remove()


async def create_network(
    golem: Golem,
    ip: str,
    owner_ip: str | None = None,
    mask: str | None = None,
    gateway: str | None = None,
) -> Network:
    """`golem.create_network(...)` for a started Golem: a VPN removed when Golem stops."""
    return await Network.create(
        golem._running().node, ip, owner_ip=owner_ip, mask=mask, gateway=gateway
    )
