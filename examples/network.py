"""Service instances in a VPN, and a local HTTP proxy to them (after yapapi's http-proxy example).

    python examples/network.py                      # on a local Golem network of its own
    python examples/network.py --api-url URL --app-key KEY --subnet-tag public

The requestor creates a virtual network, runs service instances attached to
it (the first at a chosen address, the rest at the next free ones), and each
instance's Deploy command carries the network's configuration, so that a VM
runtime joins it. A `LocalHttpProxy` then serves http://127.0.0.1:PORT and
passes each request, in turn, to an instance's port 80 through the requestor
daemon's net API.

What works on the local Golem network: the network, the addresses, the Deploy
arguments and the proxy itself. Its exe-unit runs commands as local processes
and joins no VPN, so the daemon cannot open the TCP connection to an instance
(it answers 504 after ~5 s) and the proxy answers `502 Bad Gateway`, naming
that cause. On providers whose runtime supports VPNs (ask for them with
`vm.repo(..., capabilities=["vpn"])`), the same code reaches the instances'
web servers.
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

INDEX = "<html><body>Hello from a Golem provider</body></html>"


class HttpService(HttpProxyService):
    """nginx-like: a web server on port 80 of the instance's VPN address."""

    @staticmethod
    async def get_payload() -> Payload:
        # on the real network, ask for providers whose runtime joins VPNs: capabilities=["vpn"]
        # (the local network's providers offer no such capability)
        return await vm.repo(image_hash="d646d7b93083d817846c2ae5c62c72ca0507782385a2e29291a3d376")

    async def start(self) -> AsyncGenerator[Script, Any]:
        async for script in super().start():  # deploy (with the network) and start
            yield script
        script = self._work_context().new_script()
        script.run("/bin/sh", "-c", f"mkdir -p site && echo '{INDEX}' > site/index.html")
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
                answer = await client.get(url, timeout=60)
            print(f"GET {url} -> {answer.status_code} {answer.reason_phrase}")
            print(answer.text.strip())
            if answer.status_code == 502:
                print("(no VPN on this network's exe-unit: see this example's docstring)")
            return answer.status_code
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
        run_example(main, options())
    except KeyboardInterrupt:
        print("Interrupted: the services were stopped", file=sys.stderr)
        sys.exit(130)
