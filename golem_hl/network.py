"""VPNs between the requestor and its providers, with yapapi's `Network` and `Node`.

    network = await golem.create_network("192.168.0.0/24")
    cluster = await golem.run_service(MyService, network=network, num_instances=2)
    for instance in cluster.instances:
        print(instance.network_node.ip)

A thin wrapper over `golem_core.net.Network`: the requestor's daemon holds the
network, golem_core hands out addresses and builds the Deploy arguments.
`Network(...)` only describes one (as in yapapi); `Network.create(...)` makes
it on the daemon. It is removed by `remove()`, by leaving its `async with`, or
when Golem stops. golem_core's errors about addresses come out as golem_hl's
`NetworkError`, the class yapapi code catches.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import Any, Protocol, TypedDict
from urllib.parse import urlparse

import attrs

from golem_core.net import Network as CoreNetwork
from golem_core.net import NetworkError as CoreNetworkError
from golem_core.node import GolemNode
from golem_hl._session import StartedGolem
from golem_hl._state_machine import Move, State, TableMachine
from golem_hl.exceptions import NetworkError

__all__ = [
    "IpAddress",
    "IpNetwork",
    "Network",
    "NetworkError",
    "NetworkSerialization",
    "NetworkState",
    "Node",
    "create_network",
    "resume_network",
]

# the network's size when `ip` gives no prefix length and there is no `mask`, as golem_core has it
DEFAULT_PREFIX_LENGTH = 24


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

    def get_websocket_uri(self, port: int) -> str:
        """The daemon's WebSocket that carries a TCP connection to `port` of this node."""
        api = urlparse(self.network.api_url)._replace(scheme="ws").geturl().rstrip("/")
        return f"{api}/net-api/v2/vpn/net/{self.network.network_id}/tcp/{self.ip}/{port}"


class NetworkSerialization(TypedDict):
    """What `Network.serialize()` gives (yapapi's keys)."""

    _network_id: str
    ip: str
    gateway: str | None
    owner_id: str
    owner_ip: str | None
    state: str | None
    nodes: dict[str, str]


class NetworkState(TableMachine):
    """A network's life: initialized -> creating -> ready -> removing -> removed."""

    initialized = State("initialized", initial=True)
    creating = State("creating")
    ready = State("ready")
    removing = State("removing")
    removed = State("removed")

    create = Move("create")
    start = Move("start")
    stop = Move("stop")
    remove = Move("remove")
    # moves that keep the state, allowed only where the network can take them
    add_owner_address = Move("add_owner_address")
    add_node = Move("add_node")
    get_id = Move("get_id")

    # made per state by StateMachine
    is_initialized: bool
    is_creating: bool
    is_ready: bool
    is_removing: bool
    is_removed: bool


_N = NetworkState
NetworkState.MOVES = {
    (_N.initialized, "create"): _N.creating,
    (_N.creating, "start"): _N.ready,
    (_N.ready, "stop"): _N.removing,
    (_N.removing, "remove"): _N.removed,
    **{(state, "add_owner_address"): state for state in (_N.creating, _N.ready)},
    (_N.ready, "add_node"): _N.ready,
    **{(state, "get_id"): state for state in (_N.creating, _N.ready, _N.removing)},
}

IpAddress = IPv4Address | IPv6Address
IpNetwork = IPv4Network | IPv6Network


def _parse_network(ip: str, mask: str | None) -> IPv4Network:
    spec = f"{ip}/{mask}" if mask else ip if "/" in ip else f"{ip}/{DEFAULT_PREFIX_LENGTH}"
    try:
        return IPv4Network(spec, strict=False)
    except ValueError as error:
        raise NetworkError(f"not an IPv4 network: {spec!r} ({error})") from error


class Network:
    """A VPN owned by the requestor's node: `add_node` gives providers their addresses."""

    def __init__(
        self,
        net_api: GolemNode | _HasGolemNode,
        ip: str,
        owner_id: str,
        owner_ip: str | None = None,
        mask: str | None = None,
        gateway: str | None = None,
    ) -> None:
        """Describe a network (nothing is sent: see `create`).

        `net_api` is the GolemNode (or anything with a `node`); `ip` may carry
        a prefix length (`"192.168.0.0/24"`) or take `mask`.
        """
        self._net_api = net_api
        self._node = net_api if isinstance(net_api, GolemNode) else net_api.node
        self._ip = ip
        self._mask = mask
        self._ip_network = _parse_network(ip, mask)
        self._owner_id = owner_id
        self._owner_ip = owner_ip
        self._gateway = gateway
        self._state_machine = NetworkState()
        self._core: CoreNetwork | None = None
        self._nodes: dict[str, Node] = {}

    def __str__(self) -> str:
        network_id = self._core.id if self._core is not None else None
        return f"Network {{ id: {network_id}, ip: {self.network_address}, mask: {self.netmask}}}"

    def __repr__(self) -> str:
        return f"<{self} {self.state.value}, {len(self._nodes)} nodes>"

    @classmethod
    async def create(
        cls,
        net_api: GolemNode | _HasGolemNode,
        ip: str,
        owner_id: str,
        owner_ip: str | None = None,
        mask: str | None = None,
        gateway: str | None = None,
    ) -> Network:
        """Create a VPN on the requestor's daemon.

        `owner_id` must be the node's own id: the daemon creates networks for it only.
        """
        network = cls(net_api, ip, owner_id, owner_ip, mask, gateway)
        node = network._node
        if owner_id.lower() != str(node.node_id).lower():
            raise NetworkError(
                f"the network's owner must be the requestor's node {node.node_id}, not {owner_id}"
            )
        network._state_machine.move("create")
        with _network_errors():
            network._core = await CoreNetwork.create(
                node, ip, mask=mask, gateway=gateway, requestor_ip=owner_ip
            )
        network._state_machine.move("start")
        return network

    @property
    def core(self) -> CoreNetwork:
        """golem_core's network, for the layers below (e.g. TCP connections)."""
        if self._core is None:
            raise NetworkError(
                f"{self} is not on the daemon: create it with Network.create or create_network"
            )
        return self._core

    @property
    def api_url(self) -> str:
        """The requestor daemon's REST API, which carries the network's connections."""
        return self._node.api_url

    @property
    def state(self) -> State:
        return self._state_machine.current_state

    @property
    def network_id(self) -> str:
        return str(self.core.id)

    @property
    def owner_id(self) -> str:
        return self._owner_id

    @property
    def owner_ip(self) -> str:
        """The requestor's address in the network."""
        if self._core is not None:
            return str(self._core.requestor_ip)
        if self._owner_ip is not None:
            return self._owner_ip
        return str(next(self._ip_network.hosts()))

    @property
    def network_address(self) -> str:
        """The network's address, without the netmask."""
        return str(self._ip_network.network_address)

    @property
    def netmask(self) -> str:
        return str(self._ip_network.netmask)

    @property
    def gateway(self) -> str | None:
        return self._gateway or None

    @property
    def nodes_dict(self) -> dict[str, str]:
        """Address -> node id of every member, the requestor included."""
        core = self.core
        members = {str(ip): str(core.node.node_id) for ip in core.requestor_ips}
        members.update({str(ip): str(node_id) for node_id, ip in core.nodes.items()})
        return members

    @property
    def removed(self) -> bool:
        return self._core is not None and self._core.removed

    async def add_owner_address(self, ip: str) -> None:
        """Give the requestor `ip` in the network.

        golem_core.net adds a requestor address only at creation (`owner_ip`),
        so only the address the requestor already has is accepted here.
        """
        with _network_errors():
            if self.core.removed:
                raise NetworkError(f"network {self.network_id} was removed")
            if ip not in {str(a) for a in self.core.requestor_ips}:
                raise NetworkError(
                    f"cannot add requestor address {ip} to network {self.network_id} after "
                    "creation; pass owner_ip= to create_network instead"
                )

    async def add_node(self, node_id: str, ip: str | None = None) -> Node:
        """Make `node_id` a member at `ip`, or at the next free address."""
        with _network_errors():
            address = await self.core.add_node(node_id, ip)
        member = Node(network=self, node_id=node_id.lower(), ip=str(address))
        self._nodes[member.node_id] = member
        return member

    async def remove_node(self, node_id: str) -> None:
        """Not possible here: the daemon keeps a member until the network is removed."""
        raise NetworkError(
            f"cannot remove {node_id} from network {self.network_id}: golem_core.net keeps "
            "members until the network is removed"
        )

    async def refresh_nodes(self) -> None:
        """Kept for yapapi apps: every member was told to the daemon when it was added."""

    async def remove(self) -> None:
        """Remove the network from the daemon; its members' connections close. Idempotent."""
        if self._core is None or self._core.removed:
            return
        self._state_machine.move("stop")
        await self._core.remove()
        self._state_machine.move("remove")

    async def __aenter__(self) -> Network:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.remove()

    def serialize(self) -> NetworkSerialization:
        """The network's description (yapapi's keys), for `resume_network`."""
        return {
            "_network_id": self.network_id,
            "ip": self._ip_network.with_netmask,
            "gateway": self.gateway,
            "owner_id": self._owner_id,
            "owner_ip": self.owner_ip,
            "state": self.state.value,
            "nodes": {n.node_id: n.ip for n in self._nodes.values()},
        }

    @classmethod
    def deserialize(
        cls, net_api: GolemNode | _HasGolemNode, obj_dict: NetworkSerialization
    ) -> Network:
        """The network a record describes, not on the daemon (see `resume_network`).

        A network ends with the Golem that made it (nothing is left behind),
        so the record's network id names nothing any more.
        """
        network = cls(
            net_api,
            obj_dict["ip"],
            obj_dict["owner_id"],
            obj_dict.get("owner_ip"),
            gateway=obj_dict.get("gateway"),
        )
        return network


async def create_network(
    golem: StartedGolem,
    ip: str,
    owner_ip: str | None = None,
    mask: str | None = None,
    gateway: str | None = None,
) -> Network:
    """`golem.create_network(...)` for a started Golem: a VPN removed when Golem stops."""
    node = golem._running().node
    return await Network.create(node, ip, str(node.node_id), owner_ip, mask, gateway)


async def resume_network(golem: StartedGolem, network: NetworkSerialization) -> Network:
    """`golem.resume_network(...)`: the network a record describes, made again on the daemon.

    Its old members are not added back: resumed services join it anew.
    """
    node = golem._running().node
    return await Network.create(
        node,
        network["ip"],
        str(node.node_id),
        network.get("owner_ip"),
        gateway=network.get("gateway"),
    )
