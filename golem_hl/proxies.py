"""The proxies under their earlier name; yapapi's paths are `golem_hl.contrib.service.*`."""

from golem_hl.contrib.service import DEFAULT_TIMEOUT
from golem_hl.contrib.service._streams import ByteStream, Connector, vpn_connector
from golem_hl.contrib.service.http_proxy import (
    HttpProxyService,
    LocalHttpProxy,
    ProxyRequest,
    ProxyResponse,
)
from golem_hl.contrib.service.socket_proxy import (
    DEFAULT_SOCKET_BUFFER_SIZE,
    SocketProxy,
    SocketProxyService,
)

__all__ = [
    "DEFAULT_SOCKET_BUFFER_SIZE",
    "DEFAULT_TIMEOUT",
    "ByteStream",
    "Connector",
    "HttpProxyService",
    "LocalHttpProxy",
    "ProxyRequest",
    "ProxyResponse",
    "SocketProxy",
    "SocketProxyService",
    "vpn_connector",
]
