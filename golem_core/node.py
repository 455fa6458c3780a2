"""The connection to one yagna daemon: app key, API clients, identity, events, cleanup.

A `GolemNode` is deliberately small. Resources (demands, agreements,
activities, allocations...) are created by their own modules, which take the
node and register what must be undone on exit with `add_closer`. Closers run
in reverse order, so an activity is destroyed before its agreement is
terminated and invoices are settled before the allocation is released.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from types import TracebackType

import httpx

from golem_core._api import YagnaApi
from golem_core._api.identity import IdentityInfo, fetch_identity
from golem_core.event_bus import EventBus
from golem_core.events import NodeClosed, NodeStarted
from golem_core.exceptions import (
    AuthenticationError,
    ConfigurationError,
    GolemError,
    TransportError,
)
from golem_core.ids import NodeId

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "http://127.0.0.1:7465"
# where yagna's GSB router listens unless told otherwise (`GSB_URL`): a Unix socket, or
# on Windows a TCP port
DEFAULT_GSB_URL = "tcp://127.0.0.1:7464" if os.name == "nt" else "unix:/tmp/yagna.sock"
Closer = Callable[[], Awaitable[None]]


def resolve_settings(app_key: str | None, api_url: str | None) -> tuple[str, str]:
    """App key and API URL from the arguments, else from YAGNA_APPKEY / YAGNA_API_URL."""
    key = app_key or os.environ.get("YAGNA_APPKEY", "")
    if not key:
        raise ConfigurationError(
            "no app key: pass app_key= or set YAGNA_APPKEY (create one with `yagna app-key create`)"
        )
    url = (api_url or os.environ.get("YAGNA_API_URL") or DEFAULT_API_URL).rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ConfigurationError(f"YAGNA_API_URL must be an http(s) URL, got {url!r}")
    return key, url


def resolve_gsb_url(gsb_url: str | None, *, custom_transport: bool) -> str | None:
    """The daemon's GSB router to try for gftp (None: the GSB API only).

    An explicit `gsb_url` wins ("" turns the router off); else `GSB_URL`, else
    yagna's default. A custom transport (a test seam) gets none: what crosses
    the router could not be recorded or replayed."""
    if gsb_url is not None:
        return gsb_url or None
    if custom_transport:
        return None
    return os.environ.get("GSB_URL") or DEFAULT_GSB_URL


class GolemNode:
    """One app's connection to its daemon.

    With `app_session_id`, the agreements the node confirms join that session,
    and its agreement, debit-note and invoice event feeds see only the
    session's agreements: not another app's on the same daemon, nor the late
    invoices of an earlier run (each cost a fetch, and woke the feed).

    Published and received gftp files are served over the daemon's GSB router
    at `gsb_url` (see `resolve_gsb_url`) when it answers as this node's daemon,
    else through the GSB API (golem_core.transfer._bus).
    """

    def __init__(
        self,
        app_key: str | None = None,
        api_url: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        app_session_id: str | None = None,
        gsb_url: str | None = None,
    ) -> None:
        self.app_key, self.api_url = resolve_settings(app_key, api_url)
        self.gsb_url = resolve_gsb_url(gsb_url, custom_transport=transport is not None)
        self.app_session_id = app_session_id
        self._transport = transport
        self._closers: list[tuple[str, Closer]] = []
        self._api: YagnaApi | None = None
        self._identity: IdentityInfo | None = None
        self.events = EventBus()

    @property
    def api(self) -> YagnaApi:
        if self._api is None:
            raise GolemError("GolemNode is not started: use `async with GolemNode(...)`")
        return self._api

    @property
    def identity(self) -> IdentityInfo:
        """Who the app key speaks for, as the daemon said when the node started."""
        if self._identity is None:
            raise GolemError("GolemNode is not started: use `async with GolemNode(...)`")
        return self._identity

    @property
    def node_id(self) -> NodeId:
        return self.identity.node_id

    def add_closer(self, description: str, closer: Closer) -> None:
        """Run `closer` when the node closes (last added, first run)."""
        self._closers.append((description, closer))

    def remove_closer(self, closer: Closer) -> None:
        self._closers = [(d, c) for d, c in self._closers if c is not closer]

    async def start(self) -> None:
        self._api = YagnaApi(self.api_url, self.app_key, transport=self._transport)
        try:
            self._identity = await fetch_identity(self._api)
        except AuthenticationError as error:
            await self._api.aclose()
            raise AuthenticationError(
                error.operation,
                error.status,
                f"yagna at {self.api_url} refused the app key ({error.message})",
            ) from error
        except TransportError as error:
            await self._api.aclose()
            raise TransportError(
                error.operation, f"is yagna running at {self.api_url}? ({error.detail})"
            ) from error
        self.events.emit(NodeStarted(node_id=self.node_id, api_url=self.api_url))

    async def close(self) -> None:
        """Run every closer (logging, not stopping at, failures), then drop the connection."""
        failures: list[BaseException] = []
        while self._closers:
            description, closer = self._closers.pop()
            try:
                await closer()
            except Exception as error:
                logger.exception("closing %s failed", description)
                failures.append(error)
        if self._identity is not None:
            self.events.emit(NodeClosed(node_id=self._identity.node_id))
        await self.events.aclose()
        if self._api is not None:
            await self._api.aclose()
            self._api = None
        if failures:
            raise GolemError(f"{len(failures)} cleanup step(s) failed; first: {failures[0]!r}")

    async def __aenter__(self) -> GolemNode:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
