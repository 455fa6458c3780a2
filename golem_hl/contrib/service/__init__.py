"""Local proxies to services in a VPN: `http_proxy.LocalHttpProxy`, `socket_proxy.SocketProxy`."""

from typing import Final

__all__ = ["DEFAULT_TIMEOUT", "WEBSOCKET_CHUNK_LIMIT"]

# the largest piece of data sent to the daemon in one WebSocket frame
WEBSOCKET_CHUNK_LIMIT: Final[int] = 2**16
# seconds a socket proxy's connection waits for the instance's side to send something
DEFAULT_TIMEOUT: Final[float] = 300.0
