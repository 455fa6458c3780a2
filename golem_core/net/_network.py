"""A requestor's virtual network: create it, add provider nodes, deploy them into it, remove it.

network = await Network.create(node, "192.168.0.0/24")
ip = await network.add_node(provider_id)          # the next free address
deploy = {"net": [network.deploy_args(provider_id).to_json()]}
...
await network.remove()                            # or leave it to node.close()
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from ipaddress import IPv4Address, IPv4Network

from golem_core._api import DEFAULT_CALL_TIMEOUT
from golem_core._api import net as net_api
from golem_core.events import NetworkCreated, NetworkNodeAdded, NetworkRemoved
from golem_core.exceptions import ForbiddenError, NotFoundError
from golem_core.ids import NetworkId, NodeId
from golem_core.net._addresses import (
    DeployNetwork,
    NetworkError,
    check_address,
    deploy_network,
    next_free_address,
    parse_address,
    parse_network,
)
from golem_core.node import GolemNode

logger = logging.getLogger(__name__)


class Network:
    """One network owned by our node's identity; `nodes` are the members we added."""

    def __init__(
        self,
        node: GolemNode,
        network_id: NetworkId,
        network: IPv4Network,
        requestor_ips: list[IPv4Address],
        gateway: IPv4Address | None,
    ) -> None:
        self.node = node
        self.id = network_id
        self.network = network
        self.requestor_ips = requestor_ips
        # only a gateway the caller chose goes into Deploy arguments, as yapapi does
        self.gateway = gateway
        self._nodes: dict[NodeId, IPv4Address] = {}
        self._reserved: set[IPv4Address] = set()
        self._removed = False
        self._closer = self.remove

    def __repr__(self) -> str:
        state = "removed" if self._removed else f"{len(self._nodes)} nodes"
        return f"Network({self.id}, {self.network}, {state})"

    @property
    def requestor_ip(self) -> IPv4Address:
        """The requestor's address in the network (the one it asked for, else the first)."""
        return self.requestor_ips[-1]

    @property
    def nodes(self) -> Mapping[NodeId, IPv4Address]:
        return dict(self._nodes)

    @property
    def removed(self) -> bool:
        return self._removed

    @classmethod
    async def create(
        cls,
        node: GolemNode,
        ip: str = "192.168.0.0/24",
        *,
        mask: str | None = None,
        gateway: str | None = None,
        requestor_ip: str | None = None,
        timeout: float = DEFAULT_CALL_TIMEOUT,
    ) -> Network:
        """Create a network on our daemon; it is removed when the node closes.

        `ip` is the network address, with a prefix length or with `mask`
        (default /24). The requestor gets the first host address, plus
        `requestor_ip` when that is another one."""
        network = parse_network(ip, mask)
        gateway_ip = check_address(network, gateway, ()) if gateway is not None else None
        wanted = check_address(network, requestor_ip, ()) if requestor_ip is not None else None
        info = await net_api.create(node.api, network, gateway_ip, timeout=timeout)
        created = cls(node, info.network_id, info.network, [], gateway_ip)
        node.add_closer(f"network {info.network_id}", created._closer)
        node.events.emit(NetworkCreated(network_id=created.id, ip=str(created.network)))
        addresses = await net_api.requestor_addresses(node.api, created.id, timeout=timeout)
        if wanted is not None and wanted not in addresses:
            await net_api.add_requestor_address(node.api, created.id, wanted, timeout=timeout)
            addresses.append(wanted)
        created.requestor_ips = addresses
        return created

    def _taken(self) -> set[IPv4Address]:
        taken = set(self.requestor_ips) | set(self._nodes.values()) | self._reserved
        if self.gateway is not None:
            taken.add(self.gateway)
        return taken

    async def add_node(
        self,
        node_id: str,
        ip: str | None = None,
        *,
        timeout: float = DEFAULT_CALL_TIMEOUT,
    ) -> IPv4Address:
        """Give `node_id` an address (`ip`, or the next free one) and tell the daemon.

        Adding a node again returns its address, unless another one is asked for."""
        if self._removed:
            raise NetworkError(f"network {self.id} was removed")
        member = NodeId(node_id.lower())
        known = self._nodes.get(member)
        if known is not None:
            if ip is not None and parse_address(ip) != known:
                raise NetworkError(f"{member} is already in network {self.id} at {known}")
            return known
        taken = self._taken()
        address = (
            check_address(self.network, ip, taken)
            if ip is not None
            else next_free_address(self.network, taken)
        )
        self._reserved.add(address)  # concurrent add_node calls must not pick it too
        try:
            await net_api.add(self.node.api, self.id, member, address, timeout=timeout)
        finally:
            self._reserved.discard(address)
        self._nodes[member] = address
        self.node.events.emit(NetworkNodeAdded(network_id=self.id, node_id=member, ip=str(address)))
        return address

    def deploy_args(self, node_id: str) -> DeployNetwork:
        """The `net` entry of the Deploy command for `node_id` (added with `add_node` first)."""
        member = NodeId(node_id.lower())
        address = self._nodes.get(member)
        if address is None:
            raise NetworkError(f"{member} is not a node of network {self.id}; add_node() it first")
        members = {ip: self.node.node_id for ip in self.requestor_ips}
        members.update({ip: n for n, ip in self._nodes.items()})
        return deploy_network(self.id, self.network, address, members, self.gateway)

    async def remove(self, *, timeout: float = DEFAULT_CALL_TIMEOUT) -> None:
        """Remove the network from the daemon (its connections close). Idempotent."""
        if self._removed:
            return
        self._removed = True
        self.node.remove_closer(self._closer)
        try:
            await net_api.remove(self.node.api, self.id, timeout=timeout)
        except (NotFoundError, ForbiddenError) as error:
            # 0.17.6 says 403 instead of 404 when the identity owns other networks
            logger.info("network %s was already gone: %s", self.id, error)
        self.node.events.emit(NetworkRemoved(network_id=self.id))
