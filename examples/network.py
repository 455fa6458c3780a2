"""Service instances in a VPN, and a local HTTP proxy to them (after yapapi's http-proxy example).

    python examples/network.py                      # on a local Golem network of its own
    python examples/network.py --api-url URL --app-key KEY --subnet-tag public

The requestor creates a virtual network, runs service instances attached to
it (the first at a chosen address, the rest at the next free ones), and each
instance's Deploy command carries the network's configuration, so that a VM
runtime joins it. A `LocalHttpProxy` then serves http://127.0.0.1:PORT and
passes each request, in turn, to an instance's port 80 through the requestor
daemon's net API.

Each instance starts a small web server on port 80 of its own VPN address,
so only the VPN reaches it. On the local Golem network each activity runs in a
network namespace of its own with the VPN interface on its address (the
exe-unit needs root or CAP_NET_ADMIN for that), as a VM does on a provider whose
runtime supports VPNs (`vm.repo(..., capabilities=["vpn"])`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import parser, run_example

from golem_hl import Golem, Script
from golem_hl.log import enable_default_logger
from golem_hl.payload import Payload, vm
from golem_hl.proxies import HttpProxyService, LocalHttpProxy
from golem_hl.services import ServiceState

INDEX = "<html><body>Hello from {ip} on a Golem provider</body></html>"
# serves ./site on port 80 of the given address; bound before it leaves the foreground,
# so the command ends once requests can be answered (and the server runs on until the end)
WEB_SERVER = """
import functools, http.server, os, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory="site")
server = http.server.ThreadingHTTPServer((sys.argv[1], 80), handler)
if os.fork() == 0:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    server.serve_forever()
"""


class HttpService(HttpProxyService):
    """nginx-like: a web server on port 80 of the instance's VPN address."""

    def __init__(self) -> None:
        # the Host header the web server sees; without it the client's goes on, as in yapapi
        # (naming the proxy's local port, which the system may choose)
        super().__init__(remote_host="site.golem")

    @staticmethod
    async def get_payload() -> Payload:
        return await vm.repo(
            image_hash="d646d7b93083d817846c2ae5c62c72ca0507782385a2e29291a3d376",
            capabilities=[vm.VM_CAPS_VPN],  # providers whose runtime joins VPNs
        )

    async def start(self) -> AsyncGenerator[Script, Any]:
        async for script in super().start():  # deploy (with the network) and start
            yield script
        assert self.network_node is not None
        ip = self.network_node.ip
        script = self._work_context().new_script()
        page = INDEX.format(ip=ip)
        script.run("/bin/sh", "-c", f"mkdir -p site && echo '{page}' > site/index.html")
        script.run("/usr/bin/env", "python3", "-c", WEB_SERVER, ip)
        yield script


async def main(args: argparse.Namespace) -> int:
    async with Golem(budget=1.0, subnet_tag=args.subnet_tag) as golem:
        network = await golem.create_network("192.168.0.1/24")
        print(f"network {network.network_address}/{network.netmask} ({network.network_id})")
        print(f"the requestor is {network.owner_ip}")
        cluster = await golem.run_service(
            HttpService,
            num_instances=args.instances,
            network=network,
            network_addresses=["192.168.0.10"],
        )
        proxy = LocalHttpProxy(cluster, args.port)
        try:
            await cluster.wait_for_state(ServiceState.running, timeout=args.start_timeout)
            for instance in cluster.instances:
                node = instance.network_node
                assert node is not None
                (net,) = node.get_deploy_args()["net"]
                print(
                    f"instance {instance.id[:8]} on {instance.provider_name} is {node.ip};"
                    f" its Deploy joined network {net['id']} as {net['nodeIp']}"
                    f" knowing {len(net['nodes'])} members"
                )
            print(f"members: {network.nodes_dict}")
            await proxy.run()
            url = f"http://127.0.0.1:{proxy.port}/index.html"
            async with httpx.AsyncClient(trust_env=False) as client:
                for _ in cluster.instances:  # the proxy takes the instances in turn
                    answer = await client.get(url, timeout=60)
                    print(f"GET {url} -> {answer.status_code} {answer.reason_phrase}")
                    print(answer.text.strip())
                    if answer.status_code != 200:
                        return 1
            return 0
        finally:
            await proxy.stop()
            await cluster.terminate()


def options() -> argparse.ArgumentParser:
    options = parser("Service instances in a VPN, reached through a local HTTP proxy")
    options.add_argument("--instances", type=int, default=2, help="instances (default 2)")
    options.add_argument("--port", type=int, default=7051, help="the proxy's local port")
    options.add_argument(
        "--start-timeout", type=float, default=120, help="seconds for the instances to start"
    )
    return options


if __name__ == "__main__":
    enable_default_logger()
    try:
        sys.exit(run_example(main, options()))
    except KeyboardInterrupt:
        print("Interrupted: the services were stopped", file=sys.stderr)
        sys.exit(130)
