"""Contract: the net v1 and v2 specs and clients against the real daemon.

v1 (`/net-api/v1/net`) and v2 (`/net-api/v2/vpn/net`) are separate generated
packages over the same in-memory networks, so one scenario runs on both.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Awaitable, Callable, Iterator
from types import ModuleType
from typing import Any, cast

import attrs
import pytest
from golem_rest_net_v2.api.status import get_status
from golem_rest_net_v2.models import Status

from golem_core._api import YagnaApi, call
from golem_core.exceptions import ApiError, ForbiddenError, NotFoundError
from golem_localnet.daemon import YagnaDaemon
from golem_localnet.identities import PROVIDER_NODE_IDS, REQUESTOR_NODE_ID
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


CALL_TIMEOUT = 10.0
PEER = PROVIDER_NODE_IDS[0]
UNKNOWN_NETWORK = "0" * 32


@attrs.frozen
class NetApi:
    """One version of the net API: its generated package and the client serving it."""

    package: str
    client: Callable[[YagnaApi], Any]

    @property
    def models(self) -> ModuleType:
        return importlib.import_module(f"{self.package}.models")

    async def __call__(self, api: YagnaApi, operation: str, **kwargs: Any) -> Any:
        module = importlib.import_module(f"{self.package}.api.requestor.{operation}")
        run = cast(Callable[..., Awaitable[Any]], module.asyncio_detailed)
        return await call(run, client=self.client(api), call_timeout=CALL_TIMEOUT, **kwargs)


V1 = NetApi("golem_rest_net", lambda api: api.net)
V2 = NetApi("golem_rest_net_v2", lambda api: api.net_v2)


@attrs.frozen
class Case:
    """A network request and the addresses the daemon derives from it."""

    net: NetApi
    new_network: dict[str, str]
    cidr: str
    mask: str
    gateway: str
    extra_address: str
    node_ip: str


CASES = [
    # a plain address with a netmask...
    Case(V1, {"ip": "192.168.8.0", "mask": "255.255.255.0"}, "192.168.8.0/24",
         "255.255.255.0", "192.168.8.1", "192.168.8.7", "192.168.8.2"),
    # ...or a prefix length and no netmask
    Case(V2, {"ip": "10.1.0.0/16"}, "10.1.0.0/16", "255.255.0.0", "10.1.0.1",
         "10.1.2.3", "10.1.0.5"),
]  # fmt: skip


async def network_ids(net: NetApi, api: YagnaApi) -> list[str]:
    networks = await net(api, "get_networks")
    assert isinstance(networks, list)
    assert all(isinstance(n, net.models.Network) for n in networks)
    return [n.id for n in networks]


async def missing_network_error(net: NetApi, api: YagnaApi) -> type[ApiError]:
    """0.17.6 says 404 for an unknown id only while the identity owns no network."""
    return NotFoundError if not await network_ids(net, api) else ForbiddenError


@pytest.mark.parametrize("case", CASES, ids=["v1", "v2"])
async def test_network_lifecycle(api: YagnaApi, case: Case) -> None:
    net, models = case.net, case.net.models
    created = await net(api, "create_network", body=models.NewNetwork.from_dict(case.new_network))
    removed = False
    try:
        assert isinstance(created, models.Network)
        assert re.fullmatch(r"[0-9a-f]{32}", created.id)
        assert (created.ip, created.mask, created.gateway) == (case.cidr, case.mask, case.gateway)
        assert created.additional_properties == {}

        assert created.id in await network_ids(net, api)
        assert await net(api, "get_network", network_id=created.id) == created

        # the requestor holds the first host address, listed in CIDR form
        prefix = case.cidr.split("/")[1]
        addresses = await net(api, "get_addresses", network_id=created.id)
        assert addresses == [models.Address(ip=f"{case.gateway}/{prefix}")]
        assert isinstance(addresses[0], models.Address)
        added = await net(
            api, "add_address", network_id=created.id, body=models.Address(ip=case.extra_address)
        )
        assert added is None  # 200 with a JSON `null` body
        addresses = await net(api, "get_addresses", network_id=created.id)
        assert [a.ip for a in addresses] == [
            f"{case.gateway}/{prefix}",
            f"{case.extra_address}/{prefix}",
        ]

        # nodes are listed with plain addresses
        node = models.Node(id=PEER, ip=case.node_ip)
        assert await net(api, "add_node", network_id=created.id, body=node) is None
        nodes = await net(api, "get_nodes", network_id=created.id)
        assert nodes == [node]
        assert isinstance(nodes[0], models.Node)
        assert await net(api, "remove_node", network_id=created.id, node_id=PEER) is None
        assert await net(api, "get_nodes", network_id=created.id) == []

        # while we own a network, an unknown id is 403 with an empty body
        with pytest.raises(ForbiddenError) as forbidden:
            await net(api, "get_network", network_id=UNKNOWN_NETWORK)
        assert (forbidden.value.status, forbidden.value.message) == (403, "")
        assert forbidden.value.operation == "get_network"

        assert await net(api, "remove_network", network_id=created.id) is None
        removed = True
        assert created.id not in await network_ids(net, api)
        expected = await missing_network_error(net, api)
        with pytest.raises(expected) as gone:
            await net(api, "get_network", network_id=created.id)
        if expected is NotFoundError:
            assert gone.value.message == "Network not found"
    finally:
        if not removed:
            await net(api, "remove_network", network_id=created.id)


async def test_v1_and_v2_share_the_same_networks(api: YagnaApi) -> None:
    created = await V1(api, "create_network", body=V1.models.NewNetwork(ip="172.20.0.0/24"))
    try:
        seen_by_v2 = await V2(api, "get_network", network_id=created.id)
        assert isinstance(seen_by_v2, V2.models.Network)
        assert seen_by_v2.to_dict() == created.to_dict()
    finally:
        assert await V2(api, "remove_network", network_id=created.id) is None
    assert created.id not in await network_ids(V1, api)


async def test_v2_status_in_central_net_mode(api: YagnaApi) -> None:
    status = await call(get_status.asyncio_detailed, client=api.net_v2, call_timeout=CALL_TIMEOUT)
    assert isinstance(status, Status)
    assert status.node_id == REQUESTOR_NODE_ID
    # no relay in central mode: both addresses are sent as null, one session
    assert (status.listen_ip, status.public_ip, status.sessions) == (None, None, 1)
    assert status.additional_properties == {}
