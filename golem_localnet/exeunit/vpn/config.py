"""The Deploy's `net` entries as addresses to configure, checked as yagna 0.17.6 checks them.

Rules read in yagna's exe-unit (`utils/networking/src/vpn/common.rs`, `network.rs`,
`exe-unit/src/network.rs`): `ip` is "a.b.c.d/len" or an address with a dotted
`mask` (default 255.255.255.0); the Deploy's `gateway` is ignored and the
gateway is the first host of the net that differs from `ip`; member addresses
must be ordinary unicast addresses inside the net; network ids are unique and
networks do not overlap. IPv4 only: the VM runtime configures no IPv6 on the VPN
interface either.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from ipaddress import IPv4Address, IPv4Network

import attrs

from golem_core.activity.commands import Network

__all__ = [
    "DEFAULT_MASK",
    "VPN_MTU",
    "VpnConfigError",
    "VpnNetwork",
    "offer_capabilities",
    "offer_provider_id",
    "parse_networks",
]

DEFAULT_MASK = "255.255.255.0"
# the VM runtime's VPN interface MTU (ya-runtime-vm init: eth0 1220)
VPN_MTU = 1220
# first two bytes of the interface's MAC; the other four are its IPv4 address (as the VM sets it)
MAC_PREFIX = b"\x90\x13"
_BROADCAST = IPv4Address("255.255.255.255")


class VpnConfigError(ValueError):
    """A `net` entry the exe-unit cannot join; the text names the field and the value."""


@attrs.frozen
class VpnNetwork:
    """One network this activity joins: its net, our address, the gateway, the members."""

    id: str
    net: IPv4Network
    address: IPv4Address
    gateway: IPv4Address
    # member address -> node id (our own address left out: frames to it stay here)
    nodes: Mapping[IPv4Address, str] = attrs.field(hash=False)

    @property
    def mac(self) -> bytes:
        return MAC_PREFIX + self.address.packed

    @property
    def mac_text(self) -> str:
        return ":".join(f"{b:02x}" for b in self.mac)

    @property
    def cidr(self) -> str:
        """The interface address with the net's prefix, e.g. 192.168.0.10/24."""
        return f"{self.address}/{self.net.prefixlen}"


def parse_networks(entries: Sequence[Network]) -> tuple[VpnNetwork, ...]:
    """Every entry checked; VpnConfigError names the first that is wrong."""
    parsed = tuple(_parse_network(entry) for entry in entries)
    seen: dict[str, VpnNetwork] = {}
    for network in parsed:
        if network.id in seen:
            raise VpnConfigError(f"network {network.id!r} is given twice")
        for other in seen.values():
            if network.net.overlaps(other.net):
                raise VpnConfigError(
                    f"network {network.id} ({network.net}) overlaps {other.id} ({other.net})"
                )
        seen[network.id] = network
    return parsed


def _parse_network(entry: Network) -> VpnNetwork:
    if not entry.id:
        raise VpnConfigError("network without an id")
    net = _to_net(entry.id, entry.ip, entry.mask)
    address = _to_ip(entry.id, "nodeIp", entry.node_ip)
    if address not in net or address in (net.network_address, net.broadcast_address):
        raise VpnConfigError(f"network {entry.id}: nodeIp {address} is not a host of {net}")
    nodes: dict[IPv4Address, str] = {}
    for ip_text, node_id in entry.nodes.items():
        ip = _to_ip(entry.id, "nodes", ip_text)
        if ip not in net:
            raise VpnConfigError(f"network {entry.id}: member {ip} is outside {net}")
        if ip != address:
            nodes[ip] = node_id.lower()
    return VpnNetwork(entry.id, net, address, first_host_except(net, entry.ip), nodes)


def first_host_except(net: IPv4Network, given_ip: str) -> IPv4Address:
    """yagna 0.17.6's gateway: the first host of the net that is not the given `ip`."""
    given = ipaddress.ip_address(given_ip.split("/", 1)[0])
    for host in net.hosts():
        if host != given:
            return host
    raise VpnConfigError(f"network {net} has no host address for a gateway")


def _to_net(network_id: str, ip: str, mask: str | None) -> IPv4Network:
    if ":" in ip:  # yagna takes an IPv6 address as a /128 net; we join IPv4 networks only
        raise VpnConfigError(f"network {network_id}: {ip} is IPv6; only IPv4 VPNs are supported")
    text = ip if "/" in ip else f"{ip}/{mask or DEFAULT_MASK}"
    try:
        net = ipaddress.ip_network(text, strict=False)
    except ValueError as exc:
        raise VpnConfigError(f"network {network_id}: ip/mask {text!r}: {exc}") from None
    if not isinstance(net, IPv4Network):
        raise VpnConfigError(f"network {network_id}: {net} is IPv6; only IPv4 VPNs are supported")
    return net


def _to_ip(network_id: str, field: str, text: str) -> IPv4Address:
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        raise VpnConfigError(f"network {network_id}: {field}: {text!r} is not an IP") from None
    if not isinstance(ip, IPv4Address):
        raise VpnConfigError(f"network {network_id}: {field}: {ip} is IPv6; only IPv4 is supported")
    if ip.is_loopback or ip.is_unspecified or ip.is_multicast or ip == _BROADCAST:
        raise VpnConfigError(f"network {network_id}: {field}: {ip} is not a unicast address")
    return ip


def offer_capabilities(agreement: Mapping[str, object] | None) -> tuple[str, ...] | None:
    """The offer's `golem.runtime.capabilities` (flat or nested), lower-cased; None without one."""
    if agreement is None:
        return None
    offer = agreement.get("offer")
    properties = offer.get("properties") if isinstance(offer, Mapping) else None
    if not isinstance(properties, Mapping):
        return None
    value: object = properties.get("golem.runtime.capabilities")
    if value is None:
        value = properties
        for key in ("golem", "runtime", "capabilities"):
            value = value.get(key) if isinstance(value, Mapping) else None
    if not isinstance(value, list):
        return None
    return tuple(str(v).lower() for v in value)


def offer_provider_id(agreement: Mapping[str, object] | None) -> str | None:
    """The provider's node id (the caller of the frames we send), if the agreement names it."""
    offer = agreement.get("offer") if agreement is not None else None
    provider = offer.get("providerId") if isinstance(offer, Mapping) else None
    return provider if isinstance(provider, str) else None
