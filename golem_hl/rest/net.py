"""yapapi's low-level VPN façade (`rest.net`), over golem_core's `Network`.

Networks are addressed by id, as in yapapi; this façade knows the ones created
through it. golem_core gives the requestor its address when the network is
created and does not take nodes out, so `add_address` and `remove_node` refuse
with a clear error instead of half-working.
"""

from __future__ import annotations

from golem_core.net import Network, NetworkError
from golem_core.node import GolemNode
from golem_hl.rest.configuration import ApiClient

__all__ = ["Net"]


class Net:
    """The net API of one client (`Configuration(...).net()`)."""

    def __init__(self, api_client: ApiClient) -> None:
        self._client = api_client
        self._networks: dict[str, Network] = {}

    @property
    def api_url(self) -> str:
        return self._client.api_url

    @property
    def node(self) -> GolemNode:
        """The node this API talks through (golem_hl.network.Network takes a Net for it)."""
        return self._client.node

    def _network(self, network_id: str) -> Network:
        try:
            return self._networks[network_id]
        except KeyError:
            raise NetworkError(f"network {network_id} was not created through this Net") from None

    async def create_network(
        self, network_address: str, netmask: str | None, gateway: str | None
    ) -> str:
        network = await Network.create(
            self._client.node, network_address, mask=netmask, gateway=gateway
        )
        self._networks[str(network.id)] = network
        return str(network.id)

    async def remove_network(self, network_id: str) -> None:
        await self._network(network_id).remove()
        del self._networks[network_id]

    async def add_address(self, network_id: str, ip: str) -> None:
        raise NetworkError(
            f"cannot add requestor address {ip} to network {network_id} afterwards:"
            " golem_core gives the requestor its address when it creates the network"
        )

    async def add_node(self, network_id: str, node_id: str, ip: str) -> None:
        await self._network(network_id).add_node(node_id, ip)

    async def remove_node(self, network_id: str, node_id: str) -> None:
        raise NetworkError(f"cannot remove {node_id} from network {network_id}: not supported")
