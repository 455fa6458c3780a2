"""Network parsing, address allocation and Deploy arguments."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

import pytest

from golem_core.ids import NetworkId, NodeId
from golem_core.net._addresses import (
    NetworkError,
    check_address,
    check_port,
    deploy_network,
    next_free_address,
    parse_network,
)

REQUESTOR = NodeId("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")
PROVIDER = NodeId("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")


@pytest.mark.parametrize(
    ("ip", "mask", "expected"),
    [
        ("192.168.0.0/24", None, "192.168.0.0/24"),
        ("10.0.0.0", "255.255.0.0", "10.0.0.0/16"),
        ("10.0.0.0", "8", "10.0.0.0/8"),
        ("192.168.7.0", None, "192.168.7.0/24"),  # the daemon's default
        ("192.168.0.77/24", None, "192.168.0.0/24"),  # host bits dropped
    ],
)
def test_networks_are_read_like_the_daemon_reads_them(
    ip: str, mask: str | None, expected: str
) -> None:
    assert parse_network(ip, mask) == IPv4Network(expected)


@pytest.mark.parametrize(
    ("ip", "mask"), [("10.0.0.0/8", "255.0.0.0"), ("fe80::/64", None), ("10.0.0.0", "33")]
)
def test_bad_networks_are_network_errors(ip: str, mask: str | None) -> None:
    with pytest.raises(NetworkError):
        parse_network(ip, mask)


def test_addresses_must_be_free_hosts_of_the_network() -> None:
    network = IPv4Network("10.0.0.0/24")
    taken = {IPv4Address("10.0.0.1")}
    assert check_address(network, "10.0.0.2", taken) == IPv4Address("10.0.0.2")
    for bad, why in [
        ("10.0.0.1", "already taken"),
        ("10.0.0.0", "not a host address"),
        ("10.0.0.255", "not a host address"),
        ("10.0.1.2", "not a host address"),
        ("10.0.0", "not an IPv4 address"),
    ]:
        with pytest.raises(NetworkError, match=why):
            check_address(network, bad, taken)


def test_point_to_point_networks_use_both_addresses() -> None:
    network = IPv4Network("10.0.0.0/31")
    assert check_address(network, "10.0.0.0", ()) == IPv4Address("10.0.0.0")
    assert next_free_address(network, {IPv4Address("10.0.0.0")}) == IPv4Address("10.0.0.1")


def test_the_next_free_address_skips_whatever_is_taken() -> None:
    network = IPv4Network("192.168.0.0/29")  # hosts .1 to .6
    taken = {IPv4Address(f"192.168.0.{i}") for i in (1, 2, 4)}
    assert next_free_address(network, taken) == IPv4Address("192.168.0.3")
    taken |= {IPv4Address(f"192.168.0.{i}") for i in (3, 5, 6)}
    with pytest.raises(NetworkError, match=r"no free address left in 192\.168\.0\.0/29"):
        next_free_address(network, taken)


@pytest.mark.parametrize("port", [0, 65536, -1, True, 80.0])
def test_ports_outside_tcp_range_are_refused(port: object) -> None:
    with pytest.raises(NetworkError):
        check_port(port)  # type: ignore[arg-type]


def test_deploy_arguments_name_every_member_and_this_node() -> None:
    network = IPv4Network("192.168.0.0/24")
    members = {IPv4Address("192.168.0.2"): PROVIDER, IPv4Address("192.168.0.1"): REQUESTOR}
    entry = deploy_network(NetworkId("net1"), network, IPv4Address("192.168.0.2"), members)
    assert entry.to_json() == {
        "id": "net1",
        "ip": "192.168.0.0",
        "mask": "255.255.255.0",
        "nodeIp": "192.168.0.2",
        "nodes": {"192.168.0.1": REQUESTOR, "192.168.0.2": PROVIDER},
    }
    with_gateway = deploy_network(
        NetworkId("net1"),
        network,
        IPv4Address("192.168.0.2"),
        members,
        IPv4Address("192.168.0.254"),
    )
    assert with_gateway.to_json()["gateway"] == "192.168.0.254"


def test_deploy_arguments_need_the_node_to_be_a_member() -> None:
    with pytest.raises(NetworkError, match="not a member"):
        deploy_network(NetworkId("net1"), IPv4Network("10.0.0.0/24"), IPv4Address("10.0.0.5"), {})
