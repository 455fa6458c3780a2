"""Virtual networks against the real daemon: create, add nodes, Deploy arguments, TCP, remove."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from ipaddress import IPv4Address

import pytest

from golem_core._api import net as net_api
from golem_core.events import Event, NetworkCreated, NetworkEvent, NetworkNodeAdded, NetworkRemoved
from golem_core.exceptions import ApiTimeoutError, ForbiddenError, NotFoundError
from golem_core.ids import NodeId
from golem_core.net import Network, NetworkError, connect_tcp
from golem_core.node import GolemNode
from golem_localnet.daemon import YagnaDaemon
from golem_localnet.identities import PROVIDER_NODE_IDS
from golem_localnet.nodes import standalone_node

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def yagna() -> Iterator[YagnaDaemon]:
    """This module's own daemon, stopped when the module ends.

    Adding a node that is not there (a made-up provider) leaves yagna 0.17.6
    sending it the VPN's AddNodes forever (core/vpn/src/network.rs spawns the
    send, unowned; removing the network does not stop it): one core at 30-90 %
    until the daemon stops. The session's daemon would spin for the rest of the
    run."""
    with standalone_node() as daemon:
        yield daemon


PROVIDER_A, PROVIDER_B, PROVIDER_C = (NodeId(n) for n in PROVIDER_NODE_IDS[:3])


@pytest.fixture
async def node(yagna: YagnaDaemon) -> AsyncIterator[GolemNode]:
    async with GolemNode(app_key=yagna.config.app_key, api_url=yagna.config.api_url) as started:
        yield started


async def test_create_add_nodes_deploy_and_remove(yagna: YagnaDaemon) -> None:
    config = yagna.config
    seen: list[Event] = []
    async with GolemNode(app_key=config.app_key, api_url=config.api_url) as node:
        node.events.subscribe(seen.append, (NetworkEvent,))
        network = await Network.create(node, "10.20.0.0", mask="255.255.255.0")
        assert str(network.network) == "10.20.0.0/24"
        assert network.requestor_ip == IPv4Address("10.20.0.1")  # the daemon's choice

        assert await network.add_node(PROVIDER_A) == IPv4Address("10.20.0.2")
        assert await network.add_node(PROVIDER_B, "10.20.0.9") == IPv4Address("10.20.0.9")
        assert await network.add_node(PROVIDER_C) == IPv4Address("10.20.0.3")
        assert await network.add_node(PROVIDER_A) == IPv4Address("10.20.0.2")  # already in
        with pytest.raises(NetworkError, match="already taken"):
            await network.add_node(NodeId("0x" + "ab" * 20), "10.20.0.9")

        listed = await net_api.nodes(node.api, network.id)
        assert {(n.node_id, str(n.ip)) for n in listed} == {
            (PROVIDER_A, "10.20.0.2"),
            (PROVIDER_B, "10.20.0.9"),
            (PROVIDER_C, "10.20.0.3"),
        }
        assert network.deploy_args(PROVIDER_B).to_json() == {
            "id": network.id,
            "ip": "10.20.0.0",
            "mask": "255.255.255.0",
            "nodeIp": "10.20.0.9",
            "nodes": {
                "10.20.0.1": node.node_id,
                "10.20.0.2": PROVIDER_A,
                "10.20.0.3": PROVIDER_C,
                "10.20.0.9": PROVIDER_B,
            },
        }

        await network.remove()
        await network.remove()  # harmless
        with pytest.raises((NotFoundError, ForbiddenError)):
            await net_api.nodes(node.api, network.id)
    kinds = [type(e) for e in seen]
    assert kinds == [NetworkCreated] + [NetworkNodeAdded] * 3 + [NetworkRemoved]


async def test_gateway_and_requestor_address_are_kept_and_the_node_closes_the_network(
    yagna: YagnaDaemon,
) -> None:
    config = yagna.config
    async with GolemNode(app_key=config.app_key, api_url=config.api_url) as node:
        network = await Network.create(
            node, "172.16.5.0/29", gateway="172.16.5.6", requestor_ip="172.16.5.4"
        )
        assert network.requestor_ips == [IPv4Address("172.16.5.1"), IPv4Address("172.16.5.4")]
        addresses = await net_api.requestor_addresses(node.api, network.id)
        assert set(addresses) == set(network.requestor_ips)
        # .1 and .4 are the requestor's, .6 the gateway's: 2, 3, 5 are left in a /29
        added = [await network.add_node(n) for n in (PROVIDER_A, PROVIDER_B, PROVIDER_C)]
        assert [str(ip) for ip in added] == ["172.16.5.2", "172.16.5.3", "172.16.5.5"]
        with pytest.raises(NetworkError, match="no free address"):
            await network.add_node(NodeId("0x" + "cd" * 20))
        entry = network.deploy_args(PROVIDER_A).to_json()
        assert entry["gateway"] == "172.16.5.6" and entry["mask"] == "255.255.255.248"
        assert entry["nodes"]["172.16.5.4"] == entry["nodes"]["172.16.5.1"] == node.node_id
    # the node's close removed it
    async with GolemNode(app_key=config.app_key, api_url=config.api_url) as again:
        with pytest.raises((NotFoundError, ForbiddenError)):
            await net_api.nodes(again.api, network.id)
    assert network.removed


async def test_connect_tcp_to_a_node_without_a_network_runtime_is_a_504(
    node: GolemNode,
) -> None:
    network = await Network.create(node, "10.30.0.0/24")
    ip = await network.add_node(PROVIDER_A)
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError) as refused:
        async with connect_tcp(network, ip, 8080):
            pytest.fail("nothing listens there: the daemon must not upgrade")
    assert refused.value.status == 504
    assert time.monotonic() - started < 14  # the daemon's ~5 s, not our own deadline
    with pytest.raises(NetworkError, match="not in network"):
        async with connect_tcp(network, "10.31.0.2", 8080):
            pass
    await network.remove()
    with pytest.raises((NotFoundError, ForbiddenError)):
        async with connect_tcp(network, ip, 8080):
            pass
