"""The net API (v2, `/net-api/v2/vpn/...`): the requestor's virtual networks, as snapshots.

Wire quirks that matter here (openapi/net_v2.yaml): an unknown network id is
404 while the identity owns no network, but 403 with an empty body once it
owns another one; adding a node at an address someone else holds answers 200
without adding it; a TCP connect goes through a WebSocket upgrade that the
daemon answers only after the TCP connection inside the network is up, or
with 504 after ~5 s when it is not.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

import attrs

from golem_core._api import DEFAULT_CALL_TIMEOUT, YagnaApi, call
from golem_core._api.gsb import DEFAULT_CONNECT_TIMEOUT, WebSocket, open_websocket
from golem_core.ids import NetworkId, NodeId


@attrs.frozen
class NetworkInfo:
    """A network as the daemon holds it."""

    network_id: NetworkId
    network: IPv4Network
    gateway: IPv4Address | None


@attrs.frozen
class NetworkNode:
    node_id: NodeId
    ip: IPv4Address


async def create(
    api: YagnaApi,
    network: IPv4Network,
    gateway: IPv4Address | None,
    *,
    timeout: float = DEFAULT_CALL_TIMEOUT,
) -> NetworkInfo:
    """Create a network; the daemon gives the requestor the first host address."""
    from golem_rest_net_v2.api.requestor import create_network
    from golem_rest_net_v2.models import Network, NewNetwork
    from golem_rest_net_v2.types import UNSET

    body = NewNetwork(
        ip=str(network.network_address),
        mask=str(network.netmask),
        gateway=str(gateway) if gateway is not None else UNSET,
    )
    created = await call(
        create_network.asyncio_detailed, client=api.net_v2, body=body, call_timeout=timeout
    )
    assert isinstance(created, Network)
    return NetworkInfo(
        network_id=NetworkId(created.id),
        network=IPv4Network(created.ip, strict=False),
        gateway=IPv4Address(created.gateway) if created.gateway else None,
    )


async def remove(
    api: YagnaApi, network_id: NetworkId, *, timeout: float = DEFAULT_CALL_TIMEOUT
) -> None:
    from golem_rest_net_v2.api.requestor import remove_network

    await call(
        remove_network.asyncio_detailed,
        network_id=network_id,
        client=api.net_v2,
        call_timeout=timeout,
    )


async def requestor_addresses(
    api: YagnaApi, network_id: NetworkId, *, timeout: float = DEFAULT_CALL_TIMEOUT
) -> list[IPv4Address]:
    """The requestor's own addresses (the daemon lists them in CIDR form)."""
    from golem_rest_net_v2.api.requestor import get_addresses
    from golem_rest_net_v2.models import Address

    listed = await call(
        get_addresses.asyncio_detailed,
        network_id=network_id,
        client=api.net_v2,
        call_timeout=timeout,
    )
    assert isinstance(listed, list)
    return [IPv4Interface(a.ip).ip for a in listed if isinstance(a, Address)]


async def add_requestor_address(
    api: YagnaApi, network_id: NetworkId, ip: IPv4Address, *, timeout: float = DEFAULT_CALL_TIMEOUT
) -> None:
    from golem_rest_net_v2.api.requestor import add_address
    from golem_rest_net_v2.models import Address

    await call(
        add_address.asyncio_detailed,
        network_id=network_id,
        client=api.net_v2,
        body=Address(ip=str(ip)),
        call_timeout=timeout,
    )


async def add(
    api: YagnaApi,
    network_id: NetworkId,
    node_id: NodeId,
    ip: IPv4Address,
    *,
    timeout: float = DEFAULT_CALL_TIMEOUT,
) -> None:
    """Add a node; an address already held is silently not added (check with `nodes`)."""
    from golem_rest_net_v2.api.requestor import add_node
    from golem_rest_net_v2.models import Node

    await call(
        add_node.asyncio_detailed,
        network_id=network_id,
        client=api.net_v2,
        body=Node(id=node_id, ip=str(ip)),
        call_timeout=timeout,
    )


async def nodes(
    api: YagnaApi, network_id: NetworkId, *, timeout: float = DEFAULT_CALL_TIMEOUT
) -> list[NetworkNode]:
    from golem_rest_net_v2.api.requestor import get_nodes
    from golem_rest_net_v2.models import Node

    listed = await call(
        get_nodes.asyncio_detailed,
        network_id=network_id,
        client=api.net_v2,
        call_timeout=timeout,
    )
    assert isinstance(listed, list)
    return [NetworkNode(NodeId(n.id), IPv4Address(n.ip)) for n in listed if isinstance(n, Node)]


@contextlib.asynccontextmanager
async def tcp_socket(
    api: YagnaApi,
    network_id: NetworkId,
    ip: IPv4Address,
    port: int,
    *,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
) -> AsyncIterator[WebSocket]:
    """The WebSocket carrying a TCP connection to `ip:port` inside the network.

    No subprotocol: every binary frame is raw stream bytes in either direction."""
    async with open_websocket(
        api.net_v2.get_async_httpx_client(),
        f"/vpn/net/{network_id}/tcp/{ip}/{port}",
        operation=f"connect_tcp {ip}:{port}",
        connect_timeout=connect_timeout,
    ) as socket:
        yield socket
