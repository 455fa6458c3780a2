"""The only door from golem_core to the generated REST clients.

`YagnaApi` holds one generated client per yagna API, all sharing a single
connection pool; `call` runs a generated operation with a deadline and turns
every failure into a `golem_core.exceptions` error.
"""

from __future__ import annotations

import functools
from typing import Any

import httpx
from golem_rest_activity import AuthenticatedClient as ActivityClient
from golem_rest_gsb import AuthenticatedClient as GsbClient
from golem_rest_identity import AuthenticatedClient as IdentityClient
from golem_rest_market import AuthenticatedClient as MarketClient
from golem_rest_net import AuthenticatedClient as NetClient
from golem_rest_net_v2 import AuthenticatedClient as NetV2Client
from golem_rest_payment import AuthenticatedClient as PaymentClient
from golem_rest_version import Client as VersionClient

from golem_core._api._transport import (
    DEFAULT_CALL_TIMEOUT,
    LONG_POLL_GRACE,
    DaemonClient,
    call,
    call_timeout_for,
    error_message,
    event_hooks,
    operation_name,
)
from golem_core._api.daemon_transport import DaemonTransport
from golem_core._api.direct import fetch_json

__all__ = [
    "DEFAULT_CALL_TIMEOUT",
    "LONG_POLL_GRACE",
    "YagnaApi",
    "call",
    "call_timeout_for",
    "error_message",
    "fetch_json",
    "operation_name",
]


class YagnaApi:
    """Generated clients for every yagna API of one daemon, on one connection pool."""

    def __init__(
        self,
        api_url: str,
        app_key: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self._transport = transport or DaemonTransport()
        auth = {"Authorization": f"Bearer {app_key}"}
        self.market = MarketClient(base_url="", token=app_key)
        self.market.set_async_httpx_client(self._http("/market-api/v1", auth))
        self.activity = ActivityClient(base_url="", token=app_key)
        self.activity.set_async_httpx_client(self._http("/activity-api/v1", auth))
        self.payment = PaymentClient(base_url="", token=app_key)
        self.payment.set_async_httpx_client(self._http("/payment-api/v1", auth))
        self.identity = IdentityClient(base_url="", token=app_key)
        self.identity.set_async_httpx_client(self._http("", auth))
        self._app_key = app_key
        self._auth = auth

    # made at first use: a job uses none of them (an httpx client costs a run ~0.2 ms to make)

    @functools.cached_property
    def net(self) -> NetClient:
        client = NetClient(base_url="", token=self._app_key)
        client.set_async_httpx_client(self._http("/net-api/v1", self._auth))
        return client

    @functools.cached_property
    def net_v2(self) -> NetV2Client:
        client = NetV2Client(base_url="", token=self._app_key)
        client.set_async_httpx_client(self._http("/net-api/v2", self._auth))
        return client

    @functools.cached_property
    def gsb(self) -> GsbClient:
        client = GsbClient(base_url="", token=self._app_key)
        client.set_async_httpx_client(self._http("/gsb-api/v1", self._auth))
        return client

    @functools.cached_property
    def version(self) -> VersionClient:
        client = VersionClient(base_url="")
        client.set_async_httpx_client(self._http("", {}))
        return client

    def _http(self, prefix: str, headers: dict[str, str]) -> httpx.AsyncClient:
        return DaemonClient(
            base_url=self.api_url + prefix,
            headers=headers,
            transport=self._transport,
            event_hooks=event_hooks(),
            timeout=DEFAULT_CALL_TIMEOUT,
            trust_env=False,
        )

    async def aclose(self) -> None:
        await self._transport.aclose()

    async def __aenter__(self) -> YagnaApi:
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        await self.aclose()
