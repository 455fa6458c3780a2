"""Virtual networks between the requestor and its providers (yagna's net API, VPN part).

`Network.create` makes one, `add_node` gives providers addresses,
`deploy_args` is what their Deploy command carries, and `connect_tcp` opens a
TCP stream to a port of a member over the daemon's WebSocket.
"""

from golem_core.net._addresses import DeployNetwork, NetworkError
from golem_core.net._network import Network
from golem_core.net._tcp import TcpStream, connect_tcp

__all__ = ["DeployNetwork", "Network", "NetworkError", "TcpStream", "connect_tcp"]
