"""Which member an Ethernet frame from the activity goes to, and what incoming frames teach.

The exe-unit routes on layer 3 only, as yagna 0.17.6's does
(`exe-unit/src/network/vpn.rs`, ya-relay-stack `packet.rs`): an IPv4 or IPv6
frame by its destination address (IPv4 255.255.255.255 to every member), an
IPv4 ARP frame by its target protocol address, anything else is dropped. No MAC
is rewritten: ARP runs end to end between the activity's kernel and the
requestor's stack. A frame arriving from a node we have no address for teaches
us its source address (IP source, or ARP sender); a known node is never
re-mapped. `VpnControl` messages add and remove members.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from ipaddress import IPv4Address, IPv6Address

import attrs

from golem_core.flexbuffers import FlexValue

__all__ = [
    "BROADCAST",
    "FrameAddresses",
    "NodeTable",
    "VpnControlError",
    "frame_addresses",
]

ETH_HEADER = 14
ETHERTYPE_IPV4 = 0x0800
ETHERTYPE_ARP = 0x0806
ETHERTYPE_IPV6 = 0x86DD
BROADCAST = IPv4Address("255.255.255.255")
_NODE_ID = re.compile(r"0x[0-9a-f]{40}")

IpAddress = IPv4Address | IPv6Address


@attrs.frozen
class FrameAddresses:
    """The layer-3 addresses that route a frame: IP source/destination or ARP sender/target."""

    source: IpAddress
    destination: IpAddress


def frame_addresses(frame: bytes) -> FrameAddresses | None:
    """The frame's routing addresses; None for a frame yagna would drop (short, not IP/ARP)."""
    if len(frame) < ETH_HEADER:
        return None
    ethertype = int.from_bytes(frame[12:14], "big")
    packet = frame[ETH_HEADER:]
    if ethertype == ETHERTYPE_IPV4 and len(packet) >= 20 and packet[0] >> 4 == 4:
        return FrameAddresses(IPv4Address(packet[12:16]), IPv4Address(packet[16:20]))
    if ethertype == ETHERTYPE_IPV6 and len(packet) >= 40 and packet[0] >> 4 == 6:
        return FrameAddresses(IPv6Address(packet[8:24]), IPv6Address(packet[24:40]))
    if ethertype == ETHERTYPE_ARP and len(packet) >= 28:
        protocol = int.from_bytes(packet[2:4], "big")
        if protocol != ETHERTYPE_IPV4 or packet[4] != 6 or packet[5] != 4:
            return None
        return FrameAddresses(IPv4Address(packet[14:18]), IPv4Address(packet[24:28]))
    return None


class VpnControlError(ValueError):
    """A VpnControl body that is not addNodes/removeNodes for this network."""


class NodeTable:
    """Member addresses -> node ids of one network, as the exe-unit knows them."""

    def __init__(
        self, network_id: str, own: IpAddress, nodes: Mapping[IPv4Address, str] | None = None
    ) -> None:
        self.network_id = network_id
        self.own = own  # frames to it never leave the activity, so it is never a member
        given = nodes or {}
        self._nodes: dict[IpAddress, str] = {ip: n for ip, n in given.items() if ip != own}

    @property
    def nodes(self) -> dict[IpAddress, str]:
        return dict(self._nodes)

    def destinations(self, frame: bytes) -> list[str]:
        """Node ids to send a frame from the activity to (none: dropped)."""
        addresses = frame_addresses(frame)
        if addresses is None:
            return []
        if addresses.destination == BROADCAST:
            return sorted(set(self._nodes.values()))
        node = self._nodes.get(addresses.destination)
        return [] if node is None else [node]

    def learn(self, caller: str, frame: bytes) -> IpAddress | None:
        """Map a new caller to the frame's source address; the address learnt, if any."""
        node = caller.lower()
        if not _NODE_ID.fullmatch(node) or node in self._nodes.values():
            return None
        addresses = frame_addresses(frame)
        if addresses is None or not _unicast(addresses.source) or addresses.source == self.own:
            return None
        self._nodes.setdefault(addresses.source, node)
        return addresses.source

    def apply_control(self, body: FlexValue) -> None:
        """`{"addNodes": {network_id, nodes: {ip: id}}}` or
        `{"removeNodes": {network_id, node_ids: [id]}}`; VpnControlError otherwise."""
        if not isinstance(body, dict) or len(body) != 1:
            raise VpnControlError(f"expected addNodes or removeNodes, got {body!r:.80}")
        ((variant, fields),) = body.items()
        if not isinstance(fields, dict):
            raise VpnControlError(f"{variant}: expected a struct, got {fields!r:.80}")
        if fields.get("network_id") != self.network_id:
            raise VpnControlError(f"{variant}: not network {self.network_id}")
        if variant == "addNodes":
            nodes = fields.get("nodes")
            if not isinstance(nodes, dict):
                raise VpnControlError("addNodes: `nodes` is not a map")
            self._add(nodes.items())
        elif variant == "removeNodes":
            node_ids = fields.get("node_ids")
            if not isinstance(node_ids, list):
                raise VpnControlError("removeNodes: `node_ids` is not a list")
            gone = {str(n).lower() for n in node_ids}
            self._nodes = {ip: n for ip, n in self._nodes.items() if n not in gone}
        else:
            raise VpnControlError(f"unknown VpnControl variant {variant!r}")

    def _add(self, items: Iterable[tuple[str, FlexValue]]) -> None:
        added: dict[IpAddress, str] = {}
        for ip_text, node in items:
            try:
                ip = ipaddress.ip_address(ip_text)
            except ValueError:
                raise VpnControlError(f"addNodes: {ip_text!r} is not an IP") from None
            if not isinstance(node, str) or not _unicast(ip):
                raise VpnControlError(f"addNodes: bad member {ip_text!r}: {node!r:.60}")
            if ip != self.own:
                added[ip] = node.lower()
        self._nodes.update(added)


def _unicast(ip: IpAddress) -> bool:
    return not (ip.is_loopback or ip.is_unspecified or ip.is_multicast or ip == BROADCAST)
