"""The VPN's pure parts: the Deploy's networks as addresses, frame routing, VpnControl."""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv6Address

import pytest

from golem_core.activity.commands import Network
from golem_localnet.exeunit.vpn.config import (
    VpnConfigError,
    offer_capabilities,
    offer_provider_id,
    parse_networks,
)
from golem_localnet.exeunit.vpn.frames import NodeTable, VpnControlError, frame_addresses
from golem_localnet.exeunit.vpn.netns import missing_capabilities
from tests.unit.exeunit.vpn_packets import (
    arp,
    icmp_echo,
    ipv4,
    ipv4_frame,
    ipv6_frame,
    requestor_mac,
)

REQUESTOR = "0x" + "a1" * 20
OTHER = "0x" + "b2" * 20
THIRD = "0x" + "c3" * 20
MAC = b"\x90\x13\xc0\xa8\x00\x0a"


def network(**changes: object) -> Network:
    fields: dict[str, object] = {
        "id": "net1",
        "ip": "192.168.0.0",
        "mask": "255.255.255.0",
        "node_ip": "192.168.0.10",
        "nodes": {"192.168.0.1": REQUESTOR, "192.168.0.10": OTHER.upper().replace("0X", "0x")},
    }
    fields.update(changes)
    return Network(**fields)  # type: ignore[arg-type]


# --- config -------------------------------------------------------------------------


def test_yapapis_shape_gives_address_prefix_mac_and_members_without_ourselves() -> None:
    (parsed,) = parse_networks([network()])
    assert parsed.cidr == "192.168.0.10/24"
    assert parsed.mac_text == "90:13:c0:a8:00:0a"
    assert parsed.gateway == IPv4Address("192.168.0.1")
    assert parsed.nodes == {IPv4Address("192.168.0.1"): REQUESTOR}


def test_the_gateway_is_the_first_host_other_than_the_given_ip_whatever_the_deploy_says() -> None:
    (parsed,) = parse_networks([network(ip="192.168.0.1/24", mask=None, gateway="192.168.0.99")])
    assert str(parsed.net) == "192.168.0.0/24"
    assert parsed.gateway == IPv4Address("192.168.0.2")


def test_the_mask_defaults_to_a_24_bit_net() -> None:
    (parsed,) = parse_networks([network(ip="10.1.2.0", mask=None, node_ip="10.1.2.3", nodes={})])
    assert parsed.cidr == "10.1.2.3/24"


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"ip": "not an ip"}, "ip/mask 'not an ip/255.255.255.0'"),
        ({"node_ip": "10.0.0.5"}, "nodeIp 10.0.0.5 is not a host of 192.168.0.0/24"),
        ({"node_ip": "192.168.0.255"}, "is not a host of"),
        ({"nodes": {"192.168.1.1": REQUESTOR}}, "member 192.168.1.1 is outside"),
        ({"nodes": {"127.0.0.1": REQUESTOR}}, "127.0.0.1 is not a unicast address"),
        ({"nodes": {"x": REQUESTOR}}, "nodes: 'x' is not an IP"),
        ({"ip": "fd00::", "mask": None}, "only IPv4"),
        ({"id": ""}, "network without an id"),
    ],
)
def test_bad_entries_name_what_is_wrong(changes: dict[str, object], complaint: str) -> None:
    with pytest.raises(VpnConfigError) as caught:
        parse_networks([network(**changes)])
    assert complaint in str(caught.value)


def test_networks_must_have_distinct_ids_and_must_not_overlap() -> None:
    with pytest.raises(VpnConfigError, match="'net1' is given twice"):
        parse_networks([network(), network(ip="10.0.0.0", node_ip="10.0.0.2", nodes={})])
    overlapping = network(id="net2", ip="192.168.0.0/16", mask=None, node_ip="192.168.5.5")
    with pytest.raises(VpnConfigError, match=re.escape("net2 (192.168.0.0/16) overlaps net1")):
        parse_networks([network(), overlapping])


def test_the_offer_says_whether_vpn_is_on_and_names_the_provider() -> None:
    flat = {"offer": {"providerId": OTHER, "properties": {"golem.runtime.capabilities": ["VPN"]}}}
    nested = {"offer": {"properties": {"golem": {"runtime": {"capabilities": ["inet"]}}}}}
    assert offer_capabilities(flat) == ("vpn",)
    assert offer_capabilities(nested) == ("inet",)
    assert offer_capabilities({"offer": {"properties": {}}}) is None
    assert offer_capabilities(None) is None
    assert offer_provider_id(flat) == OTHER
    assert offer_provider_id(nested) is None


# --- frames -------------------------------------------------------------------------


def table() -> NodeTable:
    (parsed,) = parse_networks([network(nodes={"192.168.0.1": REQUESTOR, "192.168.0.3": THIRD})])
    return NodeTable(parsed.id, parsed.address, parsed.nodes)


def to(dst: str, src: str = "192.168.0.10") -> bytes:
    return ipv4_frame(b"\x02" * 6, MAC, ipv4(src, dst, 1, icmp_echo(1, 1, b"x")))


def test_ip_frames_go_to_the_member_owning_the_destination() -> None:
    nodes = table()
    assert nodes.destinations(to("192.168.0.1")) == [REQUESTOR]
    assert nodes.destinations(to("192.168.0.3")) == [THIRD]
    assert nodes.destinations(to("192.168.0.77")) == []  # unknown: dropped
    assert nodes.destinations(to("192.168.0.255")) == []  # subnet broadcast is not a member


def test_the_limited_broadcast_goes_to_every_member() -> None:
    assert table().destinations(to("255.255.255.255")) == sorted([REQUESTOR, THIRD])


def test_arp_goes_by_target_address_and_only_ipv4_arp_counts() -> None:
    nodes = table()
    request = arp(1, MAC, "192.168.0.10", b"\0" * 6, "192.168.0.1")
    assert nodes.destinations(request) == [REQUESTOR]
    reply = arp(2, MAC, "192.168.0.10", requestor_mac("192.168.0.3"), "192.168.0.3")
    assert nodes.destinations(reply) == [THIRD]
    other_protocol = arp(1, MAC, "192.168.0.10", b"\0" * 6, "192.168.0.1", ptype=0x86DD)
    assert frame_addresses(other_protocol) is None
    assert nodes.destinations(other_protocol) == []


def test_frames_that_are_short_or_neither_ip_nor_arp_are_dropped() -> None:
    nodes = table()
    assert nodes.destinations(b"\x01\x02") == []
    assert nodes.destinations(b"\xff" * 12 + b"\x88\xcc" + b"\0" * 40) == []  # LLDP
    assert nodes.destinations(to("192.168.0.1")[:30]) == []  # truncated IPv4 header


def test_ipv6_frames_are_read_by_their_addresses() -> None:
    src, dst = IPv6Address("fd00::1"), IPv6Address("fd00::2")
    found = frame_addresses(ipv6_frame(src.packed, dst.packed))
    assert found is not None and (found.source, found.destination) == (src, dst)
    assert table().destinations(ipv6_frame(src.packed, dst.packed)) == []


def test_a_new_caller_is_learnt_from_its_source_address_and_a_known_one_never_moves() -> None:
    nodes = table()
    newcomer = "0x" + "d4" * 20
    assert nodes.learn(newcomer.upper().replace("0X", "0x"), to("192.168.0.10", "192.168.0.4"))
    assert nodes.destinations(to("192.168.0.4")) == [newcomer]
    assert nodes.learn(REQUESTOR, to("192.168.0.10", "192.168.0.99")) is None
    assert nodes.destinations(to("192.168.0.99")) == []
    # ARP teaches the sender address; callers that are no node id teach nothing
    fifth = "0x" + "e5" * 20
    assert nodes.learn(fifth, arp(1, b"\x02" * 6, "192.168.0.5", b"\0" * 6, "192.168.0.10"))
    assert nodes.nodes[IPv4Address("192.168.0.5")] == fifth
    assert nodes.learn("local", to("192.168.0.10", "192.168.0.6")) is None
    # nobody takes our own address
    assert nodes.learn("0x" + "f6" * 20, to("192.168.0.3", "192.168.0.10")) is None


def test_vpn_control_adds_and_removes_members_of_this_network_only() -> None:
    nodes = table()
    newcomer = "0x" + "d4" * 20
    nodes.apply_control(
        {
            "addNodes": {
                "network_id": "net1",
                "nodes": {"192.168.0.4": newcomer, "192.168.0.10": OTHER},
            }
        }
    )
    assert nodes.destinations(to("192.168.0.4")) == [newcomer]
    assert IPv4Address("192.168.0.10") not in nodes.nodes  # our own address stays ours
    nodes.apply_control({"removeNodes": {"network_id": "net1", "node_ids": [THIRD.upper()[2:]]}})
    assert nodes.destinations(to("192.168.0.3")) == [THIRD]  # not a node id we know: kept
    nodes.apply_control({"removeNodes": {"network_id": "net1", "node_ids": [THIRD]}})
    assert nodes.destinations(to("192.168.0.3")) == []
    with pytest.raises(VpnControlError, match="not network net1"):
        nodes.apply_control({"addNodes": {"network_id": "net2", "nodes": {}}})
    with pytest.raises(VpnControlError, match="unknown VpnControl variant 'AddNodes'"):
        nodes.apply_control({"AddNodes": {"network_id": "net1", "nodes": {}}})
    with pytest.raises(VpnControlError, match="bad member"):
        nodes.apply_control({"addNodes": {"network_id": "net1", "nodes": {"224.0.0.1": OTHER}}})


def test_missing_capabilities_are_named() -> None:
    assert missing_capabilities(0) == ["CAP_NET_ADMIN", "CAP_SYS_ADMIN"]
    assert missing_capabilities(1 << 21) == ["CAP_NET_ADMIN"]
    assert missing_capabilities(0x1FFFFFFFFFF) == []
