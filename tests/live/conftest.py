"""Fixtures that run the real yagna daemon. They fail, never skip, when it cannot start."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from golem_core._api import YagnaApi
from golem_localnet.chain import LocalChain, local_chain
from golem_localnet.daemon import YagnaDaemon
from golem_localnet.nodes import TwoNodes, requestor_and_provider, standalone_node

pytestmark = pytest.mark.live


@pytest.fixture(scope="session")
def yagna() -> Iterator[YagnaDaemon]:
    """One standalone daemon for the whole session (tests use their own subscriptions)."""
    with standalone_node() as daemon:
        yield daemon


@pytest.fixture(scope="session")
def two_nodes() -> Iterator[TwoNodes]:
    """A requestor node and a provider node in central net mode."""
    with requestor_and_provider() as nodes:
        yield nodes


@pytest.fixture
async def api(yagna: YagnaDaemon) -> AsyncIterator[YagnaApi]:
    async with YagnaApi(yagna.config.api_url, yagna.config.app_key) as client:
        yield client


@pytest.fixture
async def requestor_api(two_nodes: TwoNodes) -> AsyncIterator[YagnaApi]:
    cfg = two_nodes.requestor.config
    async with YagnaApi(cfg.api_url, cfg.app_key) as client:
        yield client


@pytest.fixture
async def provider_api(two_nodes: TwoNodes) -> AsyncIterator[YagnaApi]:
    cfg = two_nodes.provider.config
    async with YagnaApi(cfg.api_url, cfg.app_key) as client:
        yield client


@pytest.fixture
def chain() -> Iterator[LocalChain]:
    """A fresh anvil posing as Holesky, with our token and multi-transfer contract (~0.2 s)."""
    with local_chain() as fresh:
        yield fresh
