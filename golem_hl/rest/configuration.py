"""Where the daemon's APIs are, and clients to them (yapapi's `rest.configuration`).

Each `market()` / `payment()` / `activity()` / `net()` gives an `ApiClient`: an
async context manager over one golem_core `GolemNode`, which is what
`golem_hl.rest.Market(...)` and its siblings take. golem_core reaches every API
under one root URL, so the per-API URLs are reported, not used separately.
"""

from __future__ import annotations

import os
from types import TracebackType
from typing import Any

from golem_core.node import GolemNode
from golem_hl.exceptions import MissingConfiguration

__all__ = ["ApiClient", "Configuration"]

DEFAULT_API_URL = "http://127.0.0.1:7465"


class ApiClient:
    """A connection to the daemon; open it with `async with` (as yapapi's clients)."""

    def __init__(self, app_key: str, api_url: str) -> None:
        self.api_url = api_url
        self.node = GolemNode(app_key=app_key, api_url=api_url)

    async def __aenter__(self) -> ApiClient:
        await self.node.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.node.__aexit__(exc_type, exc, tb)

    async def close(self) -> None:
        await self.node.close()


class Configuration:
    """The daemon's app key and API URLs, from an `ApiConfig` (unset parts from the environment).

    Raises MissingConfiguration at once when no app key is given nor in `YAGNA_APPKEY`.
    """

    def __init__(self, api_config: Any) -> None:
        app_key = getattr(api_config, "app_key", None) or os.environ.get("YAGNA_APPKEY")
        if not app_key:
            raise MissingConfiguration(key="YAGNA_APPKEY", description="API authentication token")
        self._app_key: str = app_key
        root = getattr(api_config, "api_url", None) or os.environ.get("YAGNA_API_URL")
        self._root_url = (root or DEFAULT_API_URL).rstrip("/")

        def url(name: str, suffix: str) -> str:
            return str(getattr(api_config, name, None) or f"{self._root_url}{suffix}")

        self._market_url = url("market_url", "/market-api/v1")
        self._payment_url = url("payment_url", "/payment-api/v1")
        self._activity_url = url("activity_url", "/activity-api/v1")
        self._net_url = url("net_url", "/net-api/v1")

    @property
    def app_key(self) -> str:
        return self._app_key

    @property
    def root_url(self) -> str:
        return self._root_url

    @property
    def market_url(self) -> str:
        return self._market_url

    @property
    def payment_url(self) -> str:
        return self._payment_url

    @property
    def activity_url(self) -> str:
        return self._activity_url

    @property
    def net_url(self) -> str:
        return self._net_url

    def _client(self) -> ApiClient:
        return ApiClient(self._app_key, self._root_url)

    def market(self) -> ApiClient:
        return self._client()

    def payment(self) -> ApiClient:
        return self._client()

    def activity(self) -> ApiClient:
        return self._client()

    def net(self) -> ApiClient:
        return self._client()
