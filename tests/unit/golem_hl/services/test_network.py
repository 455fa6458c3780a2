"""golem_hl's Network and Node over golem_core.net, on a scripted daemon (httpx.MockTransport)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from golem_core.node import GolemNode
from golem_hl.exceptions import NetworkError
from golem_hl.network import Network, NetworkState, Node
from golem_hl.rest.configuration import ApiClient
from golem_hl.rest.net import Net

ME = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"
NET = "ab" * 16
PROVIDER_A = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
PROVIDER_B = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"
PREFIX = "/net-api/v2/vpn/net"


class FakeNetApi:
    """The requestor side of the net API, keeping what it was told."""

    def __init__(self) -> None:
        self.nodes: dict[str, str] = {}
        self.removed = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if path == "/me":
            return httpx.Response(200, json={"identity": ME, "name": "r", "role": "manager"})
        if (method, path) == ("POST", PREFIX):
            body = json.loads(request.content)
            network = f"{body['ip']}/24" if "/" not in body["ip"] else body["ip"]
            return httpx.Response(
                200,
                json={"id": NET, "ip": network, "mask": body.get("mask", ""), "gateway": ""},
            )
        if (method, path) == ("GET", f"{PREFIX}/{NET}/addresses"):
            return httpx.Response(200, json=[{"ip": "10.8.0.1/24"}])
        if (method, path) == ("POST", f"{PREFIX}/{NET}/nodes"):
            body = json.loads(request.content)
            self.nodes[body["id"]] = body["ip"]
            return httpx.Response(200, json=None)
        if (method, path) == ("DELETE", f"{PREFIX}/{NET}"):
            self.removed = True
            return httpx.Response(200, json=None)
        return httpx.Response(404, json={"message": f"unexpected {method} {path}"})


@pytest.fixture
async def daemon() -> AsyncIterator[tuple[GolemNode, FakeNetApi]]:
    api = FakeNetApi()
    async with GolemNode("key", "http://yagna.test", transport=httpx.MockTransport(api)) as node:
        yield node, api


async def test_nodes_get_addresses_and_deploy_args_list_every_member(
    daemon: tuple[GolemNode, FakeNetApi],
) -> None:
    node, api = daemon
    described = Network(node, "10.8.0.0", ME, mask="255.255.255.0")  # nothing sent yet
    assert described.state is NetworkState.initialized and api.nodes == {}
    assert (described.network_address, described.netmask, described.owner_ip) == (
        "10.8.0.0",
        "255.255.255.0",
        "10.8.0.1",
    )
    with pytest.raises(NetworkError, match="not on the daemon"):
        assert described.network_id
    network = await Network.create(node, "10.8.0.0", ME, mask="255.255.255.0")
    assert network.state is NetworkState.ready
    assert str(network) == f"Network {{ id: {NET}, ip: 10.8.0.0, mask: 255.255.255.0}}"
    assert (network.network_id, network.network_address, network.netmask) == (
        NET,
        "10.8.0.0",
        "255.255.255.0",
    )
    assert network.owner_ip == "10.8.0.1"
    assert network.owner_id == ME
    assert network.gateway is None

    first = await network.add_node(PROVIDER_A)
    second = await network.add_node(PROVIDER_B.upper().replace("0X", "0x"), "10.8.0.9")
    assert first == Node(network=network, node_id=PROVIDER_A, ip="10.8.0.2")
    assert second.ip == "10.8.0.9"
    assert second.node_id == PROVIDER_B
    assert api.nodes == {PROVIDER_A: "10.8.0.2", PROVIDER_B: "10.8.0.9"}
    assert network.nodes_dict == {"10.8.0.1": ME, "10.8.0.2": PROVIDER_A, "10.8.0.9": PROVIDER_B}

    assert first.get_deploy_args() == {
        "net": [
            {
                "id": NET,
                "ip": "10.8.0.0",
                "mask": "255.255.255.0",
                "nodeIp": "10.8.0.2",
                "nodes": {"10.8.0.1": ME, "10.8.0.2": PROVIDER_A, "10.8.0.9": PROVIDER_B},
            }
        ]
    }

    assert first.get_websocket_uri(8080) == (
        f"ws://yagna.test/net-api/v2/vpn/net/{NET}/tcp/10.8.0.2/8080"
    )
    assert network.serialize() == {
        "_network_id": NET,
        "ip": "10.8.0.0/255.255.255.0",
        "gateway": None,
        "owner_id": ME,
        "owner_ip": "10.8.0.1",
        "state": "ready",
        "nodes": {PROVIDER_A: "10.8.0.2", PROVIDER_B: "10.8.0.9"},
    }
    again = Network.deserialize(node, network.serialize())
    assert (again.state, again.owner_ip, again.netmask) == (
        NetworkState.initialized,
        "10.8.0.1",
        "255.255.255.0",
    )
    with pytest.raises(NetworkError, match="keeps members"):
        await network.remove_node(PROVIDER_A)

    async with network:
        assert not network.removed
    assert network.removed and api.removed
    assert network.state is NetworkState.removed
    await network.remove()  # once is enough


async def test_address_problems_are_golem_hl_network_errors(
    daemon: tuple[GolemNode, FakeNetApi],
) -> None:
    node, api = daemon
    with pytest.raises(NetworkError, match="not an IPv4 network"):
        Network(node, "10.8.0.300/24", ME)
    with pytest.raises(NetworkError, match="owner must be the requestor"):
        await Network.create(node, "10.8.0.0/24", owner_id=PROVIDER_A)

    network = await Network.create(node, "10.8.0.0/24", owner_id=ME.upper().replace("0X", "0x"))
    await network.add_node(PROVIDER_A, "10.8.0.5")
    with pytest.raises(NetworkError, match="already taken"):
        await network.add_node(PROVIDER_B, "10.8.0.5")
    with pytest.raises(NetworkError, match="not a host address"):
        await network.add_node(PROVIDER_B, "10.9.0.5")
    with pytest.raises(NetworkError, match="add_node"):
        Node(network=network, node_id=PROVIDER_B, ip="10.8.0.6").get_deploy_args()

    await network.add_owner_address("10.8.0.1")  # the address it has: nothing to do
    with pytest.raises(NetworkError, match="owner_ip="):
        await network.add_owner_address("10.8.0.77")

    await network.remove()
    with pytest.raises(NetworkError, match="was removed"):
        await network.add_node(PROVIDER_B)
    assert api.nodes == {PROVIDER_A: "10.8.0.5"}


def test_a_rest_net_serves_as_the_net_api_as_in_yapapi() -> None:
    net = Net(ApiClient("key", "http://yagna.test"))
    network = Network(net, "10.9.0.0/16", ME)
    assert network._node is net.node
    assert (network.api_url, network.netmask, network.owner_ip) == (
        "http://yagna.test",
        "255.255.0.0",
        "10.9.0.1",
    )
