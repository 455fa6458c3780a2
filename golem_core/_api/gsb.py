"""The GSB API: bind an address prefix, receive its calls over a WebSocket, unbind.

The REST part goes through the generated client. The WebSocket part cannot:
a 101 answer is not a success to the shared clients' error hook, and a failed
upgrade may leave a pooled connection the daemon has already dropped. So every
socket gets a dedicated httpx client with the shared client's base URL and
headers (the app key), whose own hook turns a refused upgrade into the usual
`ApiError` with the daemon's message. `open_websocket` is shared with the net
API's TCP tunnels (golem_core._api.net).

On plain HTTP (the daemon on loopback) the upgrade goes through golem_core's
own daemon transport and the frames through its own codec
(golem_core._api.ws_frames): httpx-ws and wsproto cost ~0.3 ms of pure Python
per message each way, and a file transfer is thousands of messages. Anything
else (https) still goes through httpx-ws.

Sockets carry bytes only; what the bytes mean (FlexBuffers envelopes) is
decided elsewhere (golem_core.transfer).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import ssl
from collections.abc import AsyncIterator, Sequence
from types import ModuleType
from typing import TYPE_CHECKING

import attrs
import httpx

from golem_core._api import DEFAULT_CALL_TIMEOUT, YagnaApi, call, error_message
from golem_core._api.daemon_transport import DaemonTransport
from golem_core.exceptions import CallTimeoutError, TransportError, api_error_for
from golem_core.ids import ServicesId

if TYPE_CHECKING:
    from httpx_ws import AsyncWebSocketSession

    from golem_core._api.ws_session import WsSession

logger = logging.getLogger(__name__)

GSB_SUBPROTOCOL = "gsb+flexbuffers"
# The daemon's WebSocket codec refuses frames above 64 KiB: it closes the
# socket with 1011 and the call being answered never gets a reply.
MAX_OUTGOING_FRAME = 64 * 1024
# Incoming frames are not limited by the daemon (16 MiB seen); httpx-ws reads
# the socket in pieces of this size and reassembles whole messages.
READ_SIZE = 256 * 1024
# Our own codec's bound on one incoming message (a gftp upload chunk is 256 KiB).
MAX_INCOMING_MESSAGE = 16 * 1024 * 1024
# The net API answers a TCP connect that goes nowhere with 504 after ~5 s, so
# the upgrade must be given longer than that.
DEFAULT_CONNECT_TIMEOUT = 15.0
NORMAL_CLOSURE = 1000
ABNORMAL_CLOSURE = 1006


@functools.cache
def _ws() -> tuple[ModuleType, ModuleType]:
    """httpx-ws and wsproto, imported when the first socket opens.

    Together they are about a tenth of what `import golem_hl` costs, and an app
    that publishes no file and opens no tunnel never needs them.
    """
    import httpx_ws
    import wsproto.events
    import wsproto.utilities

    return httpx_ws, wsproto


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for every socket's client.

    A client made without one loads the CA bundle anew (~20 ms of CPU), and
    every published or received file opens a socket of its own.
    """
    return httpx.create_ssl_context()


class WebSocketClosed(TransportError):
    """A WebSocket to the daemon ended: the daemon closed it, or the connection broke.

    `code` is the close code (1000 after an unbind, 1008 for a reply the daemon
    did not accept, 1006 when the connection broke without a close frame).
    """

    def __init__(self, operation: str, code: int, reason: str) -> None:
        detail = f"WebSocket closed with code {code}: {reason or '(no reason)'}"
        super().__init__(operation, detail)
        self.args = (f"{operation}: {detail}",)  # the daemon was reached; say what happened
        self.code = code
        self.reason = reason


@attrs.frozen
class ServiceBinding:
    """A bound prefix: calls to `address/<component>` come in on its WebSocket."""

    services_id: ServicesId
    address: str
    components: tuple[str, ...]


async def bind(
    api: YagnaApi,
    address: str,
    components: Sequence[str],
    *,
    timeout: float = DEFAULT_CALL_TIMEOUT,
) -> ServiceBinding:
    """Bind `address`; the daemon refuses (400) an address that is already bound."""
    from golem_rest_gsb.api.services import bind_services
    from golem_rest_gsb.models import ServicesListen, ServicesRequest, ServicesResponse

    body = ServicesRequest(listen=ServicesListen(on=address, components=list(components)))
    response = await call(
        bind_services.asyncio_detailed, client=api.gsb, body=body, call_timeout=timeout
    )
    assert isinstance(response, ServicesResponse)
    return ServiceBinding(
        services_id=ServicesId(response.services_id),
        address=response.listen.on,
        components=tuple(response.listen.components),
    )


async def unbind(
    api: YagnaApi, services_id: ServicesId, *, timeout: float = DEFAULT_CALL_TIMEOUT
) -> None:
    """Release a binding; the daemon closes its socket (1000) and fails pending calls."""
    from golem_rest_gsb.api.services import unbind_services

    await call(
        unbind_services.asyncio_detailed,
        services_id=services_id,
        client=api.gsb,
        call_timeout=timeout,
    )


class WebSocket:
    """One open WebSocket to the daemon: whole binary messages in and out."""

    operation: str
    subprotocol: str | None

    async def receive(self) -> bytes:
        """The next message (text frames are passed on as UTF-8 bytes).

        Raises WebSocketClosed when the socket ends, whoever ended it."""
        raise NotImplementedError

    async def send(self, data: bytes) -> None:
        """Send one binary message. Keeping it under the peer's frame limit is the caller's job."""
        raise NotImplementedError

    async def close(self, code: int = NORMAL_CLOSURE, reason: str = "") -> None:
        raise NotImplementedError


class _OwnWebSocket(WebSocket):
    """A socket on golem_core's own frame codec (plain HTTP to the daemon)."""

    def __init__(self, session: WsSession, operation: str, close_answered: bool = True) -> None:
        from golem_core._api.ws_session import SocketEnded

        self._ended = SocketEnded
        self._session = session
        self.operation = operation
        self.subprotocol = session.subprotocol
        self.close_answered = close_answered

    async def receive(self) -> bytes:
        try:
            return (await self._session.receive()).data
        except self._ended as ended:
            raise WebSocketClosed(self.operation, ended.code, ended.reason) from None

    async def send(self, data: bytes) -> None:
        try:
            await self._session.send(data)
        except self._ended as ended:
            raise WebSocketClosed(self.operation, ended.code, ended.reason) from None

    async def close(self, code: int = NORMAL_CLOSURE, reason: str = "") -> None:
        await self._session.close(code, reason, wait=self.close_answered)


class _HttpxWebSocket(WebSocket):
    """A socket on httpx-ws (https, or anything but plain HTTP)."""

    def __init__(self, session: AsyncWebSocketSession, operation: str) -> None:
        self._session = session
        self.operation = operation
        self.subprotocol = session.subprotocol

    async def receive(self) -> bytes:
        httpx_ws, wsproto = _ws()
        while True:
            try:
                event = await self._session.receive()
            except httpx_ws.WebSocketDisconnect as closed:
                raise WebSocketClosed(self.operation, int(closed.code), closed.reason) from None
            except (httpx_ws.WebSocketNetworkError, httpx_ws.HTTPXWSException) as broken:
                raise WebSocketClosed(
                    self.operation, ABNORMAL_CLOSURE, f"connection broke ({broken!r})"
                ) from broken
            if isinstance(event, wsproto.events.BytesMessage):
                return bytes(event.data)
            if isinstance(event, wsproto.events.TextMessage):
                return str(event.data).encode("utf-8")
            logger.debug("%s: skipping WebSocket event %r", self.operation, event)

    async def send(self, data: bytes) -> None:
        httpx_ws, wsproto = _ws()
        try:
            await self._session.send_bytes(data)
        except (httpx_ws.HTTPXWSException, wsproto.utilities.LocalProtocolError) as broken:
            raise WebSocketClosed(
                self.operation, ABNORMAL_CLOSURE, f"cannot send ({broken!r})"
            ) from broken

    async def close(self, code: int = NORMAL_CLOSURE, reason: str = "") -> None:
        httpx_ws, wsproto = _ws()
        with contextlib.suppress(httpx_ws.HTTPXWSException, wsproto.utilities.LocalProtocolError):
            await self._session.close(code, reason or None)


@contextlib.asynccontextmanager
async def open_websocket(
    shared: httpx.AsyncClient,
    path: str,
    *,
    operation: str,
    subprotocols: Sequence[str] = (),
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    close_answered: bool = True,
) -> AsyncIterator[WebSocket]:
    """A WebSocket to `path` under `shared`'s base URL, authenticated like `shared`.

    A refused upgrade raises the `ApiError` for its status (with the daemon's
    message); a daemon that cannot be reached raises TransportError, and one
    that does not answer within `connect_timeout` raises CallTimeoutError.

    `close_answered=False`: the daemon never answers a close frame of ours on
    this socket, so a close we start drops the connection right after our
    frame instead of waiting (CLOSE_TIMEOUT) for the answer.

    Errors raised by the body come out unchanged: they are kept away from
    httpx-ws's task group, which would wrap them in an ExceptionGroup.
    """

    async def refuse_failed_upgrade(response: httpx.Response) -> None:
        if response.status_code != 101:
            body = await response.aread()
            raise api_error_for(operation, response.status_code, error_message(body))

    own = shared.base_url.scheme == "http"
    client = httpx.AsyncClient(
        base_url=shared.base_url,
        headers=shared.headers,
        timeout=connect_timeout,
        trust_env=False,
        verify=_tls_context(),
        event_hooks={"response": [refuse_failed_upgrade]},
        transport=DaemonTransport(max_connections=1, max_idle=0) if own else None,
    )
    opening = (
        _own_websocket(client, path, operation, tuple(subprotocols), close_answered)
        if own
        else _httpx_websocket(client, path, operation, tuple(subprotocols))
    )
    failure: Exception | None = None
    try:
        async with opening as socket:
            try:
                yield socket
            except Exception as error:  # re-raised below, outside any task group
                failure = error
    except httpx.TimeoutException as error:
        raise CallTimeoutError(operation, connect_timeout) from error
    except httpx.TransportError as error:
        raise TransportError(operation, str(error) or type(error).__name__) from error
    finally:
        await client.aclose()
    if failure is not None:
        raise failure


@contextlib.asynccontextmanager
async def _own_websocket(
    client: httpx.AsyncClient,
    path: str,
    operation: str,
    subprotocols: tuple[str, ...],
    close_answered: bool,
) -> AsyncIterator[WebSocket]:
    """The upgrade through the daemon transport, then frames by golem_core's own codec."""
    # loaded with the first socket, as httpx-ws is: an app that opens none never needs them
    from golem_core._api.ws_frames import (
        ClientCodec,
        HandshakeError,
        check_handshake,
        handshake_key,
    )
    from golem_core._api.ws_session import WsSession

    key = handshake_key()
    headers = {
        "connection": "Upgrade",
        "upgrade": "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": key,
    }
    if subprotocols:
        headers["sec-websocket-protocol"] = ", ".join(subprotocols)
    request = client.build_request("GET", path, headers=headers)
    response = await client.send(request, stream=True)
    try:
        subprotocol = check_handshake(
            response.status_code, list(response.headers.items()), key, subprotocols
        )
    except HandshakeError as error:
        await response.aclose()
        raise TransportError(operation, f"WebSocket upgrade refused: {error}") from None
    session = WsSession(
        response.extensions["network_stream"],
        ClientCodec(max_message=MAX_INCOMING_MESSAGE, max_frame=MAX_OUTGOING_FRAME),
        subprotocol,
    )
    socket = _OwnWebSocket(session, operation, close_answered)
    try:
        yield socket
    except BaseException:
        await session.close(wait=False)  # cancelled or failed: no waiting for the daemon
        raise
    else:
        await socket.close()
    finally:
        await response.aclose()


@contextlib.asynccontextmanager
async def _httpx_websocket(
    client: httpx.AsyncClient, path: str, operation: str, subprotocols: tuple[str, ...]
) -> AsyncIterator[WebSocket]:
    httpx_ws, _ = _ws()
    async with httpx_ws.aconnect_ws(
        path,
        client,
        subprotocols=list(subprotocols) or None,
        max_message_size_bytes=READ_SIZE,
        session_class=httpx_ws.AsyncWebSocketSession,
    ) as session:
        yield _HttpxWebSocket(session, operation)
