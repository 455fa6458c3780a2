"""Contract: how the real daemon fails, and the typed errors the adapter makes of it."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from golem_rest_gsb.api.services import unbind_services
from golem_rest_identity.api.identity import get_identity
from golem_rest_net.api.requestor import get_networks
from golem_rest_payment.api.requestor import get_allocation, get_allocations, get_invoice_events
from golem_rest_version.api.version import get_version
from golem_rest_version.models import YagnaVersionResponse

from golem_core._api import YagnaApi, call
from golem_core.exceptions import (
    AuthenticationError,
    CallTimeoutError,
    NotFoundError,
    TransportError,
)
from golem_localnet.daemon import YagnaDaemon
from golem_localnet.nodes import standalone_node

pytestmark = pytest.mark.live

CALL_TIMEOUT = 10.0

# (generated operation, the YagnaApi client it runs on): one per app-key API
KEYED_CALLS: list[tuple[Callable[..., Awaitable[Any]], Callable[[YagnaApi], Any]]] = [
    (get_identity.asyncio_detailed, lambda api: api.identity),
    (get_allocations.asyncio_detailed, lambda api: api.payment),
    (get_networks.asyncio_detailed, lambda api: api.net),
]


@pytest.mark.parametrize(
    ("operation", "client"), KEYED_CALLS, ids=["get_identity", "get_allocations", "get_networks"]
)
async def test_a_wrong_app_key_is_a_plain_text_401(
    yagna: YagnaDaemon,
    operation: Callable[..., Awaitable[Any]],
    client: Callable[[YagnaApi], Any],
) -> None:
    async with YagnaApi(yagna.config.api_url, "not-the-app-key") as wrong:
        with pytest.raises(AuthenticationError) as refused:
            await call(operation, client=client(wrong), call_timeout=CALL_TIMEOUT)
    error = refused.value
    assert error.status == 401
    assert error.operation == operation.__module__.rsplit(".", 1)[-1]
    assert error.message == "Invalid application key"


async def test_version_needs_no_app_key(yagna: YagnaDaemon) -> None:
    async with YagnaApi(yagna.config.api_url, "not-the-app-key") as wrong:
        answer = await call(
            get_version.asyncio_detailed, client=wrong.version, call_timeout=CALL_TIMEOUT
        )
    assert isinstance(answer, YagnaVersionResponse)
    assert answer.current.version == "0.17.6"


async def test_a_closed_port_is_a_transport_error() -> None:
    # a bound socket that never listens refuses connections, and nobody can take its port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        async with YagnaApi(f"http://127.0.0.1:{port}", "any-key") as nowhere:
            started = time.monotonic()
            with pytest.raises(TransportError) as unreachable:
                await call(get_identity.asyncio_detailed, client=nowhere.identity, call_timeout=5)
            assert time.monotonic() - started < 2.0
    assert unreachable.value.operation == "get_identity"
    assert unreachable.value.detail
    assert isinstance(unreachable.value.__cause__, Exception)


async def test_a_daemon_killed_mid_call_is_a_transport_error_at_once() -> None:
    with standalone_node() as daemon:
        async with YagnaApi(daemon.config.api_url, daemon.config.app_key) as api:
            poll = asyncio.create_task(
                call(get_invoice_events.asyncio_detailed, client=api.payment, timeout=30.0)
            )
            # a call started after the long poll has been answered: the poll is in flight
            await call(get_identity.asyncio_detailed, client=api.identity, call_timeout=10)
            assert not poll.done()
            assert daemon.pid is not None
            os.kill(daemon.pid, signal.SIGKILL)
            started = time.monotonic()
            with pytest.raises(TransportError) as dropped:
                await poll
            waited = time.monotonic() - started
    assert waited < 5.0, waited  # not the poll's 30 s, nor our 35 s deadline
    assert dropped.value.operation == "get_invoice_events"
    assert daemon.config.api_url.removesuffix("/") in str(dropped.value)


async def test_our_deadline_cuts_a_long_poll_short(api: YagnaApi) -> None:
    started = time.monotonic()
    with pytest.raises(CallTimeoutError) as late:
        await call(
            get_invoice_events.asyncio_detailed, client=api.payment, timeout=5.0, call_timeout=0.2
        )
    elapsed = time.monotonic() - started
    assert 0.15 <= elapsed < 2.5, elapsed  # our 0.2 s, not the daemon's 5 s
    assert (late.value.operation, late.value.timeout) == ("get_invoice_events", 0.2)


async def test_the_same_client_still_works_after_a_timed_out_call(api: YagnaApi) -> None:
    with pytest.raises(CallTimeoutError):
        await call(
            get_invoice_events.asyncio_detailed, client=api.payment, timeout=5.0, call_timeout=0.2
        )
    me = await call(get_identity.asyncio_detailed, client=api.identity, call_timeout=CALL_TIMEOUT)
    assert me is not None


@pytest.mark.parametrize(
    ("operation", "client", "kwargs", "message"),
    [
        # a JSON body whose message is null: the raw body is all there is to say
        (
            get_allocation.asyncio_detailed,
            lambda api: api.payment,
            {"allocation_id": "nope"},
            '{"message":null}',
        ),
        (
            unbind_services.asyncio_detailed,
            lambda api: api.gsb,
            {"services_id": "L25vcGU"},  # "/nope"
            "Service prefix not found: Cannot find service: /nope",
        ),
    ],
    ids=["null-message", "message"],
)
async def test_json_404_bodies_become_not_found_with_the_daemon_text(
    api: YagnaApi,
    operation: Callable[..., Awaitable[Any]],
    client: Callable[[YagnaApi], Any],
    kwargs: dict[str, str],
    message: str,
) -> None:
    with pytest.raises(NotFoundError) as missing:
        await call(operation, client=client(api), call_timeout=CALL_TIMEOUT, **kwargs)
    assert missing.value.status == 404
    assert missing.value.message == message
