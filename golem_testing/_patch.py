"""The seams a cassette takes over: httpx's transports, and golem_core's event buses.

It also keeps golem_core's gftp files off the daemon's GSB router (`router_off`):
what crosses the router is not HTTP, so a recording could not keep it, and a
replay has no router; with the router off both use the GSB API.

Both recording and replaying replace `handle_async_request` of httpx's
`AsyncHTTPTransport` and of golem_core's own `DaemonTransport` (and the sync
`HTTPTransport.handle_request`), so every httpx client in the process is
covered, whoever created it and whenever: golem_core's shared pool, the
dedicated clients of its WebSockets, a user's own client. Only requests
made from the thread that opened the cassette are touched; other threads (a
local network serving the recording) keep the real transport.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx

from golem_core._api.daemon_transport import DaemonTransport
from golem_core.event_bus import EventBus
from golem_core.events import Event, NodeStarted
from golem_core.transfer import _bus

__all__ = ["ASYNC_TRANSPORTS", "EventLog", "origin_of", "patched", "router_off", "stream_kind"]

# The async transports whose requests a cassette takes: httpx's, and the daemon's own.
ASYNC_TRANSPORTS: tuple[type[httpx.AsyncBaseTransport], ...] = (
    httpx.AsyncHTTPTransport,
    DaemonTransport,
)


def origin_of(url: str | httpx.URL) -> str:
    parts = urlsplit(str(url))
    return f"{parts.scheme}://{parts.netloc}".lower()


def stream_kind(request: httpx.Request) -> str | None:
    """ "ws" for a WebSocket upgrade, "sse" for an event stream, None for plain HTTP."""
    if request.headers.get("upgrade", "").lower() == "websocket":
        return "ws"
    if "text/event-stream" in request.headers.get("accept", ""):
        return "sse"
    return None


@contextlib.contextmanager
def patched(owner: type, name: str, replacement: Callable[..., Any]) -> Iterator[Any]:
    """Replace `owner.name` for the block; yields what was there (to call through to)."""
    original = getattr(owner, name)
    setattr(owner, name, replacement)
    try:
        yield original
    finally:
        setattr(owner, name, original)


@contextlib.contextmanager
def router_off() -> Iterator[None]:
    """gftp through the GSB API for nodes of this thread (the cassette's), for the block."""
    thread = threading.get_ident()
    original = _bus.router_url

    def router_url(node: Any) -> str | None:
        return None if threading.get_ident() == thread else original(node)

    with patched(_bus, "router_url", router_url):  # type: ignore[arg-type]
        yield


class EventLog:
    """The names of the golem_core events the cassette's node(s) emitted, in order.

    A bus is followed from its NodeStarted on, when `wanted(api_url)` says the
    node is the one under the cassette.
    """

    def __init__(self, wanted: Callable[[str], bool]) -> None:
        self.names: list[str] = []
        self._wanted = wanted
        self._thread = threading.get_ident()
        self._buses: weakref.WeakSet[EventBus] = weakref.WeakSet()

    @contextlib.contextmanager
    def capturing(self) -> Iterator[None]:
        log = self

        def emit(bus: EventBus, event: Event) -> None:
            if threading.get_ident() == log._thread:
                if isinstance(event, NodeStarted) and log._wanted(event.api_url):
                    log._buses.add(bus)
                if bus in log._buses:
                    log.names.append(type(event).__name__)
            original(bus, event)

        def wants(bus: EventBus, kind: type[Event]) -> bool:
            # the log listens too: events nobody else takes are still built for it
            return bus in log._buses or original_wants(bus, kind)

        with (
            patched(EventBus, "emit", emit) as original,
            patched(EventBus, "wants", wants) as original_wants,
        ):
            yield
