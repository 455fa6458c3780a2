"""The GSB router client against the real daemon's router (the session `yagna` fixture)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from golem_core.flexbuffers import Flex, decode
from golem_core.gsb import (
    GsbCallError,
    GsbConnection,
    GsbRegisterError,
    GsbTimeout,
    HandlerResult,
    IncomingCall,
    ServiceError,
    encode,
    ok,
    unwrap_result,
)
from golem_localnet.daemon import YagnaDaemon
from golem_localnet.identities import REQUESTOR_NODE_ID

pytestmark = pytest.mark.live

TIMEOUT = 10.0


@pytest.fixture
async def bus(yagna: YagnaDaemon) -> AsyncIterator[GsbConnection]:
    async with await GsbConnection.connect(yagna.config.gsb_url) as connection:
        yield connection


def fresh_prefix() -> str:
    return f"/test/gsb-{uuid.uuid4().hex}"


async def test_router_hello_and_identity_get(bus: GsbConnection) -> None:
    assert bus.router_hello is not None and bus.router_hello.name == "ya-sb-router"
    reply = await bus.call("/local/identity/Get", "byDefault", timeout=TIMEOUT)
    identity = unwrap_result(reply)
    assert isinstance(identity, dict)
    assert identity["nodeId"] == REQUESTOR_NODE_ID
    assert identity["isDefault"] is True
    # the daemon also accepts a zlib-compressed request body
    data = await bus.call_raw(
        "/local/identity/Get", encode("byDefault", compress=True), timeout=TIMEOUT
    )
    assert decode(data) == reply


async def test_bad_body_is_a_500_with_the_serde_text(bus: GsbConnection) -> None:
    with pytest.raises(GsbCallError, match="unknown variant `ByDefault`") as caught:
        await bus.call("/local/identity/Get", "ByDefault", timeout=TIMEOUT)
    assert caught.value.code == 500


async def test_unknown_address_names_address_and_code_400(bus: GsbConnection) -> None:
    address = f"{fresh_prefix()}/Nothing"
    with pytest.raises(GsbCallError) as caught:
        await bus.call(address, None, timeout=TIMEOUT)
    assert caught.value.code == 400
    assert address in str(caught.value) and "400" in str(caught.value)
    assert caught.value.message == "endpoint address not found"


async def counting(n: int) -> AsyncIterator[Flex]:
    for i in range(n):
        yield ok(i)


async def service(call: IncomingCall) -> HandlerResult:
    """Echo returns one reply, Count streams, Fail raises."""
    method = call.address.rsplit("/", 1)[-1]
    body = call.body
    if method == "Echo":
        return ok({"caller": call.caller, "address": call.address, "body": body})
    if method == "Count":
        assert isinstance(body, dict) and isinstance(body["n"], int)
        return counting(body["n"])
    raise ServiceError(f"no method {method}", code=400)


async def test_serve_a_prefix_and_call_it_from_another_connection(
    yagna: YagnaDaemon, bus: GsbConnection
) -> None:
    prefix = fresh_prefix()
    await bus.register(prefix, service)
    async with await GsbConnection.connect(yagna.config.gsb_url, caller="0xabc") as client:
        chunk = bytes(range(256)) * 160  # a gftp-sized Blob
        reply = await client.call(f"{prefix}/Echo", {"content": chunk}, timeout=TIMEOUT)
        assert unwrap_result(reply) == {
            "caller": "0xabc",
            "address": f"{prefix}/Echo",
            "body": {"content": chunk},
        }

        stream = client.call_stream(f"{prefix}/Count", {"n": 3}, timeout=TIMEOUT)
        assert [item async for item in stream] == [ok(0), ok(1), ok(2)]
        empty = client.call_stream(f"{prefix}/Count", {"n": 0}, timeout=TIMEOUT)
        assert [item async for item in empty] == []

        with pytest.raises(GsbCallError, match="code 400: no method Nope"):
            await client.call(f"{prefix}/Nope", None, timeout=TIMEOUT)


async def test_conflict_then_cleanup_when_the_holder_closes(
    yagna: YagnaDaemon, bus: GsbConnection
) -> None:
    prefix = fresh_prefix()
    async with await GsbConnection.connect(yagna.config.gsb_url) as holder:
        await holder.register(prefix, service)
        with pytest.raises(GsbRegisterError) as caught:
            await bus.register(prefix, service)
        assert caught.value.code == 409
        assert unwrap_result(await bus.call(f"{prefix}/Echo", 1, timeout=TIMEOUT)) is not None
    # the router frees the holder's names once it has seen the connection end, which it
    # learns on its own time: until then a call may go to the dead connection, unanswered
    await register_when_free(bus, prefix)
    await bus.unregister(prefix)
    with pytest.raises(GsbCallError) as gone:
        await bus.call(f"{prefix}/Echo", 1, timeout=TIMEOUT)
    assert gone.value.code == 400
    with pytest.raises(GsbRegisterError) as again:
        await bus.unregister(prefix)
    assert again.value.code == 404


async def register_when_free(bus: GsbConnection, prefix: str) -> None:
    """Register `prefix` as soon as the router lets us: each 409 is its answer that the
    old holder still has it."""
    while True:
        try:
            await bus.register(prefix, service)
        except GsbRegisterError as error:
            if error.code != 409:
                raise
        else:
            return


async def test_unanswered_call_times_out_on_our_side(
    yagna: YagnaDaemon, bus: GsbConnection
) -> None:
    prefix = fresh_prefix()
    arrived = asyncio.Event()

    async def silent(call: IncomingCall) -> Flex:
        arrived.set()
        await asyncio.Event().wait()  # never answers; cancelled when `bus` closes
        return None

    await bus.register(prefix, silent)
    async with await GsbConnection.connect(yagna.config.gsb_url) as client:
        with pytest.raises(GsbTimeout, match=f"{prefix}/Wait"):
            await client.call(f"{prefix}/Wait", None, timeout=0.5)
    assert arrived.is_set()
