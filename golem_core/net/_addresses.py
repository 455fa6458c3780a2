"""Addresses in a requestor's virtual network, and the Deploy arguments that carry them. No I/O.

The requestor hands out addresses itself: the daemon gives the requestor the
first host address at creation, and accepts a node at an address another node
already holds without adding it (answering 200), so we never send one that is
taken. Network and broadcast addresses are never handed out, nor is the gateway.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from ipaddress import IPv4Address, IPv4Network
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from golem_core.exceptions import GolemError
from golem_core.ids import NetworkId, NodeId

# what the daemon assumes without a mask or prefix length
DEFAULT_PREFIX_LENGTH = 24


class NetworkError(GolemError):
    """A network operation that cannot be done: a bad or used address, or none left."""


def parse_network(ip: str, mask: str | None = None) -> IPv4Network:
    """`10.0.0.0/16`, or `10.0.0.0` with `mask` (`255.255.0.0` or `16`); /24 without either.

    Host bits are dropped (`192.168.0.7/24` is `192.168.0.0/24`)."""
    if "/" in ip and mask is not None:
        raise NetworkError(f"give the prefix length in {ip!r} or a mask, not both")
    spec = ip if "/" in ip else f"{ip}/{mask if mask is not None else DEFAULT_PREFIX_LENGTH}"
    try:
        return IPv4Network(spec, strict=False)
    except ValueError as error:
        raise NetworkError(f"not an IPv4 network: {spec!r} ({error})") from error


def parse_address(ip: str | IPv4Address) -> IPv4Address:
    try:
        return IPv4Address(ip)
    except ValueError as error:
        raise NetworkError(f"not an IPv4 address: {ip!r}") from error


def _is_host(network: IPv4Network, ip: IPv4Address) -> bool:
    if ip not in network:
        return False
    if network.prefixlen >= 31:  # point-to-point and single-host networks use every address
        return True
    return ip not in (network.network_address, network.broadcast_address)


def check_address(
    network: IPv4Network, ip: str | IPv4Address, taken: Collection[IPv4Address]
) -> IPv4Address:
    """`ip` if a node may be given it: a host address of `network` that nobody holds."""
    address = parse_address(ip)
    if not _is_host(network, address):
        raise NetworkError(f"{address} is not a host address of {network}")
    if address in taken:
        raise NetworkError(f"{address} is already taken in {network}")
    return address


def next_free_address(network: IPv4Network, taken: Collection[IPv4Address]) -> IPv4Address:
    """The lowest host address of `network` not in `taken`."""
    for address in network.hosts():
        if address not in taken:
            return address
    raise NetworkError(f"no free address left in {network}")


def check_port(port: int) -> int:
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise NetworkError(f"not a TCP port: {port!r}")
    return port


@attrs.frozen
class DeployNetwork:
    """One entry of a Deploy command's `net` list: how a provider's runtime joins the network."""

    id: NetworkId
    ip: str  # the network address, without prefix length
    mask: str
    node_ip: str  # the address of the node being deployed
    nodes: Mapping[str, NodeId]  # every member, requestor included: address -> node id
    gateway: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON form an exe-script carries (`nodeIp`; no `gateway` unless one was set)."""
        return _converter.unstructure(self)  # type: ignore[no-any-return]


_converter = cattrs.Converter()
_converter.register_unstructure_hook(
    DeployNetwork,
    make_dict_unstructure_fn(
        DeployNetwork,
        _converter,
        node_ip=override(rename="nodeIp"),
        gateway=override(omit_if_default=True),
        nodes=override(unstruct_hook=lambda nodes: {ip: str(n) for ip, n in nodes.items()}),
    ),
)


def deploy_network(
    network_id: NetworkId,
    network: IPv4Network,
    node_ip: IPv4Address,
    members: Mapping[IPv4Address, NodeId],
    gateway: IPv4Address | None = None,
) -> DeployNetwork:
    """The `net` entry for the node at `node_ip`; `members` must include it."""
    if node_ip not in members:
        raise NetworkError(f"{node_ip} is not a member of network {network_id}")
    return DeployNetwork(
        id=network_id,
        ip=str(network.network_address),
        mask=str(network.netmask),
        node_ip=str(node_ip),
        nodes={str(ip): node_id for ip, node_id in sorted(members.items())},
        gateway=str(gateway) if gateway is not None else None,
    )
