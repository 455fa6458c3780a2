"""Services on a VPN of the local network: each instance in its own network namespace,
listening on its VPN address, reached through the requestor daemon's net API.

One cluster of two instances (on two providers of the session's network) serves both
tests: each runs a small HTTP server on port 80 and a TCP echo on port 7, bound to its
VPN address (so only the VPN can reach them).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from golem_hl import Golem, Script
from golem_hl.network import Network
from golem_hl.payload import vm
from golem_hl.proxies import HttpProxyService, LocalHttpProxy, SocketProxy
from golem_hl.services import Cluster, ServiceState
from golem_localnet.network import LocalNetwork

pytestmark = pytest.mark.live
in_session_loop = pytest.mark.asyncio(loop_scope="session")

IMAGE = "d646d7b93083d817846c2ae5c62c72ca0507782385a2e29291a3d376"
ECHO_PORT = 7
# binds both ports on the instance's VPN address, then leaves the foreground (so the
# command ends) with the servers running in its process group until the activity ends
SERVERS = r"""
import os, socket, sys, threading
ip, name = sys.argv[1], sys.argv[2]
http, echo = socket.create_server((ip, 80)), socket.create_server((ip, 7))
if os.fork():
    os._exit(0)
null = os.open(os.devnull, os.O_RDWR)
for fd in (0, 1, 2):
    os.dup2(null, fd)

def answer(conn):
    with conn:
        head = b""
        while b"\r\n\r\n" not in head and (part := conn.recv(4096)):
            head += part
        body = f"{name} at {ip}".encode()
        head = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: %d\r\n\r\n"
        conn.sendall(head % len(body) + body)

def echo_back(conn):
    with conn:
        while data := conn.recv(4096):
            conn.sendall(data)

def serve(server, handler):
    while True:
        conn, _ = server.accept()
        threading.Thread(target=handler, args=(conn,), daemon=True).start()

threading.Thread(target=serve, args=(echo, echo_back), daemon=True).start()
serve(http, answer)
"""


class VpnServers(HttpProxyService):
    """An HTTP server and a TCP echo on the instance's VPN address."""

    async def start(self) -> AsyncGenerator[Script, Any]:
        async for script in super().start():  # deploy (joins the network) and start
            yield script
        assert self.network_node is not None
        script = self._work_context().new_script()
        script.run("/usr/bin/python3", "-c", SERVERS, self.network_node.ip, self.id[:8])
        yield script


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def servers(local_network: LocalNetwork) -> AsyncIterator[Cluster[VpnServers]]:
    async with Golem(
        budget=1.0,
        subnet_tag=local_network.subnet,
        app_key=local_network.requestor_app_key,
        api_url=local_network.requestor_api_url,
    ) as golem:
        network: Network = await golem.create_network("192.168.91.0/24")
        payload = await vm.repo(
            image_hash=IMAGE,
            repository_url=local_network.image_repository_url,
            capabilities=[vm.VM_CAPS_VPN],
        )
        cluster = await golem.run_service(
            VpnServers,
            instance_params=[{"remote_port": 80}, {"remote_port": 80}],
            payload=payload,
            network=network,
        )
        await cluster.wait_for_state(ServiceState.running, timeout=60)
        yield cluster
        await cluster.terminate()


@in_session_loop
async def test_the_http_proxy_reaches_both_instances_on_their_vpn_addresses(
    servers: Cluster[VpnServers],
) -> None:
    first, second = servers.instances
    assert first.provider_id != second.provider_id  # one activity per node per network
    proxy = LocalHttpProxy(servers, 0)
    await proxy.run()
    try:
        async with httpx.AsyncClient(trust_env=False) as client:
            answers = [
                await client.get(f"http://127.0.0.1:{proxy.port}/", timeout=30) for _ in range(4)
            ]
    finally:
        await proxy.stop()
    assert [a.status_code for a in answers] == [200] * 4, [a.text for a in answers]
    expected = {
        f"{i.id[:8]} at {i.network_node.ip}" for i in (first, second) if i.network_node is not None
    }
    assert {a.text for a in answers} == expected


@in_session_loop
async def test_a_socket_proxy_echoes_through_the_vpn(servers: Cluster[VpnServers]) -> None:
    instance = servers.instances[1]
    sockets = SocketProxy(ports=[0])
    served = await sockets.run_server(instance, ECHO_PORT)
    # the local port, or (as in yapapi 0.13.1) a server that knows it
    local_port = served if isinstance(served, int) else served.local_port
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", local_port)
        try:
            message = bytes(range(256)) * 64  # 16 KiB: several VPN frames each way
            writer.write(message)
            await writer.drain()
            echoed = await asyncio.wait_for(reader.readexactly(len(message)), 30)
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
    finally:
        await sockets.stop()
    assert echoed == message
