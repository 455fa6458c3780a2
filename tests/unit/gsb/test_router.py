"""The router client against an in-memory router: no socket, no daemon."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest

from golem_core.flexbuffers import Flex, decode, encode
from golem_core.gsb.calls import (
    GsbCallError,
    GsbClosed,
    GsbError,
    GsbRegisterError,
    GsbTimeout,
    IncomingCall,
    RawReply,
    ServiceError,
)
from golem_core.gsb.proto import (
    CallReply,
    CallRequest,
    Hello,
    Ping,
    Pong,
    RegisterReply,
    RegisterRequest,
    ReplyType,
    UnregisterReply,
    UnregisterRequest,
    encode_frame,
)
from golem_core.gsb.router import GsbConnection
from tests.unit.gsb.fake_router import ROUTER_HELLO, WAIT, FakeRouter


async def test_start_says_hello_with_a_16_byte_instance_id(router: FakeRouter) -> None:
    router.send(ROUTER_HELLO)
    connection = GsbConnection(router.reader, router)
    await connection.start(timeout=WAIT)
    hello = await router.receive()
    assert isinstance(hello, Hello)
    assert len(hello.instance_id) == 16 and hello.instance_id == connection.instance_id
    assert hello.name and hello.version
    assert connection.router_hello == ROUTER_HELLO
    assert GsbConnection(router.reader, router).instance_id != connection.instance_id
    await connection.aclose()
    assert router.closed and connection.closed


async def test_start_fails_when_the_router_closes_before_hello(router: FakeRouter) -> None:
    router.reader.feed_eof()
    with pytest.raises(GsbError, match="closed the connection"):
        await GsbConnection(router.reader, router).start(timeout=WAIT)


async def test_start_fails_when_no_hello_comes(router: FakeRouter) -> None:
    with pytest.raises(GsbError, match=r"no Hello within 0\.05 s"):
        await GsbConnection(router.reader, router).start(timeout=0.05)
    assert router.closed


async def test_ping_gets_pong(conn: GsbConnection, router: FakeRouter) -> None:
    for _ in range(3):
        router.send(Ping())
        assert await router.receive() == Pong()


async def test_call_returns_the_decoded_reply(conn: GsbConnection, router: FakeRouter) -> None:
    task = asyncio.create_task(conn.call("/local/identity/Get", "byDefault", timeout=WAIT))
    request = await router.receive_call()
    assert (request.address, request.caller, request.no_reply) == (
        "/local/identity/Get",
        "local",
        False,
    )
    assert decode(request.data) == "byDefault"
    router.send(CallReply(request.request_id, 0, ReplyType.FULL, encode({"Ok": {"nodeId": "0x1"}})))
    assert await task == {"Ok": {"nodeId": "0x1"}}


async def test_compressed_replies_are_inflated(conn: GsbConnection, router: FakeRouter) -> None:
    task = asyncio.create_task(conn.call("/a/B", None, timeout=WAIT))
    request = await router.receive_call()
    router.send(CallReply(request.request_id, data=encode({"Ok": None}, compress=True)))
    assert await task == {"Ok": None}


async def test_concurrent_calls_get_their_own_replies(
    conn: GsbConnection, router: FakeRouter
) -> None:
    tasks = [asyncio.create_task(conn.call(f"/a/{i}", i, timeout=WAIT)) for i in range(5)]
    requests = [await router.receive_call() for _ in tasks]
    assert len({r.request_id for r in requests}) == 5
    for request in reversed(requests):
        router.send(CallReply(request.request_id, data=encode(decode(request.data))))
    assert await asyncio.gather(*tasks) == [0, 1, 2, 3, 4]


async def test_error_code_raises_with_address_and_code(
    conn: GsbConnection, router: FakeRouter
) -> None:
    task = asyncio.create_task(conn.call("/nowhere/X", None, timeout=WAIT))
    request = await router.receive_call()
    router.send(CallReply(request.request_id, 400, ReplyType.FULL, b"endpoint address not found"))
    with pytest.raises(GsbCallError, match=r"/nowhere/X.*code 400") as caught:
        await task
    assert caught.value.message == "endpoint address not found"


async def test_an_empty_reply_to_a_plain_call_is_an_error(
    conn: GsbConnection, router: FakeRouter
) -> None:
    task = asyncio.create_task(conn.call("/gone/X", None, timeout=WAIT))
    request = await router.receive_call()
    router.send(CallReply(request.request_id, 0, ReplyType.FULL, b""))
    with pytest.raises(GsbCallError, match=r"/gone/X.*empty reply"):
        await task


async def test_call_times_out_on_our_side(conn: GsbConnection, router: FakeRouter) -> None:
    with pytest.raises(GsbTimeout, match="/silent/X"):
        await conn.call("/silent/X", None, timeout=0.05)
    request = await router.receive_call()
    # a late reply is ignored and the connection keeps working
    router.send(CallReply(request.request_id, data=encode(1)))
    router.send(Ping())
    assert await router.receive() == Pong()


async def test_streamed_reply_to_plain_call_is_an_error(
    conn: GsbConnection, router: FakeRouter
) -> None:
    task = asyncio.create_task(conn.call("/a/S", None, timeout=WAIT))
    request = await router.receive_call()
    router.send(CallReply(request.request_id, reply_type=ReplyType.PARTIAL, data=encode(1)))
    with pytest.raises(GsbError, match="call_stream"):
        await task


async def collect(stream: AsyncIterator[object]) -> list[object]:
    return [item async for item in stream]


async def test_call_stream_yields_partials_until_full(
    conn: GsbConnection, router: FakeRouter
) -> None:
    task = asyncio.create_task(collect(conn.call_stream("/exe/Stream", {"a": 1}, timeout=WAIT)))
    request = await router.receive_call()
    for i in range(3):
        router.send(CallReply(request.request_id, 0, ReplyType.PARTIAL, encode({"Ok": i})))
    router.send(CallReply(request.request_id, 0, ReplyType.FULL, b""))
    assert await task == [{"Ok": 0}, {"Ok": 1}, {"Ok": 2}]


async def test_call_stream_keeps_a_non_empty_final_reply(
    conn: GsbConnection, router: FakeRouter
) -> None:
    task = asyncio.create_task(collect(conn.call_stream("/exe/Stream", None, timeout=WAIT)))
    request = await router.receive_call()
    router.send(CallReply(request.request_id, 0, ReplyType.PARTIAL, encode(1)))
    router.send(CallReply(request.request_id, 0, ReplyType.FULL, encode(2)))
    assert await task == [1, 2]


async def test_call_stream_error_mid_stream(conn: GsbConnection, router: FakeRouter) -> None:
    seen: list[object] = []

    async def consume() -> None:
        async for item in conn.call_stream("/exe/Stream", None, timeout=WAIT):
            seen.append(item)

    task = asyncio.create_task(consume())
    request = await router.receive_call()
    router.send(CallReply(request.request_id, 0, ReplyType.PARTIAL, encode(1)))
    router.send(CallReply(request.request_id, 500, ReplyType.FULL, b"lost connection"))
    with pytest.raises(GsbCallError, match="code 500: lost connection"):
        await task
    assert seen == [1]


async def test_call_stream_idle_timeout(conn: GsbConnection, router: FakeRouter) -> None:
    with pytest.raises(GsbTimeout):
        await collect(conn.call_stream("/exe/Stream", None, timeout=0.05))


async def test_closing_fails_pending_calls(conn: GsbConnection, router: FakeRouter) -> None:
    task = asyncio.create_task(conn.call("/a/B", None, timeout=WAIT))
    await router.receive_call()
    router.reader.feed_eof()  # the router goes away
    with pytest.raises(GsbClosed, match="/a/B"):
        await task
    await asyncio.wait_for(conn.wait_closed(), WAIT)
    with pytest.raises(GsbClosed):
        await conn.call("/a/B", None, timeout=WAIT)


async def test_send_raw_is_one_way(conn: GsbConnection, router: FakeRouter) -> None:
    await conn.send_raw("/a/Notify", encode(1))
    request = await router.receive_call()
    assert request.no_reply and request.address == "/a/Notify"


async def test_bad_packets_are_skipped(conn: GsbConnection, router: FakeRouter) -> None:
    router.reader.feed_data(bytes.fromhex("00000002 0801"))  # not a Packet
    router.send(Ping())
    assert await router.receive() == Pong()
    assert not conn.closed


async def test_a_broken_frame_closes_the_connection(
    conn: GsbConnection, router: FakeRouter
) -> None:
    router.reader.feed_data(bytes.fromhex("7fffffff"))
    await asyncio.wait_for(conn.wait_closed(), WAIT)
    assert router.closed


# --- serving ------------------------------------------------------------------------


async def register(conn: GsbConnection, router: FakeRouter, prefix: str, handler: object) -> None:
    task = asyncio.create_task(conn.register(prefix, handler))  # type: ignore[arg-type]
    assert await router.receive() == RegisterRequest(prefix)
    router.send(RegisterReply())
    await task


async def test_serves_one_reply(conn: GsbConnection, router: FakeRouter) -> None:
    calls: list[IncomingCall] = []

    async def echo(call: IncomingCall) -> Flex:
        calls.append(call)
        return {"Ok": call.body}

    await register(conn, router, "/public/test", echo)
    router.send(CallRequest("0xabc", "/public/test/Echo", "17", encode({"n": 1})))
    reply = await router.receive_reply()
    assert (reply.request_id, reply.code, reply.reply_type) == ("17", 0, ReplyType.FULL)
    assert decode(reply.data) == {"Ok": {"n": 1}}
    assert (calls[0].caller, calls[0].address, calls[0].prefix) == (
        "0xabc",
        "/public/test/Echo",
        "/public/test",
    )


async def test_serves_a_stream_from_an_async_generator(
    conn: GsbConnection, router: FakeRouter
) -> None:
    async def events(call: IncomingCall) -> AsyncIterator[Flex]:
        for i in range(3):
            yield {"Ok": i}

    await register(conn, router, "/public/test", events)
    router.send(CallRequest("local", "/public/test/Stream", "5", encode(None)))
    replies = [await router.receive_reply() for _ in range(4)]
    assert [r.reply_type for r in replies] == [ReplyType.PARTIAL] * 3 + [ReplyType.FULL]
    assert [decode(r.data) for r in replies[:3]] == [{"Ok": 0}, {"Ok": 1}, {"Ok": 2}]
    assert replies[3].data == b"" and all(r.request_id == "5" for r in replies)


async def test_serves_a_stream_returned_by_a_coroutine(
    conn: GsbConnection, router: FakeRouter
) -> None:
    async def items() -> AsyncIterator[RawReply]:
        yield RawReply(b"raw-1")

    async def handler(call: IncomingCall) -> AsyncIterator[RawReply]:
        return items()

    await register(conn, router, "/public/test", handler)
    router.send(CallRequest("local", "/public/test/S", "6"))
    assert await router.receive_reply() == CallReply("6", 0, ReplyType.PARTIAL, b"raw-1")
    assert await router.receive_reply() == CallReply("6", 0, ReplyType.FULL, b"")


@pytest.mark.parametrize(
    ("error", "code", "text"),
    [
        (ServiceError("bad input", code=400), 400, "bad input"),
        (ServiceError("broken"), 500, "broken"),
        (KeyError("k"), 500, "KeyError: 'k'"),
    ],
)
async def test_handler_errors_become_error_replies(
    conn: GsbConnection, router: FakeRouter, error: Exception, code: int, text: str
) -> None:
    async def failing(call: IncomingCall) -> Flex:
        raise error

    await register(conn, router, "/public/test", failing)
    router.send(CallRequest("local", "/public/test/X", "9"))
    assert await router.receive_reply() == CallReply("9", code, ReplyType.FULL, text.encode())


async def test_stream_failure_ends_the_stream_with_500(
    conn: GsbConnection, router: FakeRouter
) -> None:
    async def events(call: IncomingCall) -> AsyncIterator[Flex]:
        yield 1
        raise RuntimeError("runtime died")

    await register(conn, router, "/public/test", events)
    router.send(CallRequest("local", "/public/test/S", "8"))
    assert (await router.receive_reply()).reply_type == ReplyType.PARTIAL
    assert await router.receive_reply() == CallReply(
        "8", 500, ReplyType.FULL, b"RuntimeError: runtime died"
    )


async def test_unencodable_result_is_a_500(conn: GsbConnection, router: FakeRouter) -> None:
    async def bad(call: IncomingCall) -> object:
        return object()

    await register(conn, router, "/public/test", bad)
    router.send(CallRequest("local", "/public/test/X", "4"))
    reply = await router.receive_reply()
    assert reply.code == 500 and b"no FlexBuffers form" in reply.data


async def test_unknown_address_gets_400(conn: GsbConnection, router: FakeRouter) -> None:
    router.send(CallRequest("local", "/public/other/X", "3"))
    reply = await router.receive_reply()
    assert (reply.code, reply.data) == (400, b"no handler for /public/other/X")


async def test_no_reply_calls_are_served_silently(conn: GsbConnection, router: FakeRouter) -> None:
    served = asyncio.Event()

    async def handler(call: IncomingCall) -> Flex:
        assert call.no_reply
        served.set()
        return 1

    await register(conn, router, "/public/test", handler)
    router.send(CallRequest("local", "/public/test/X", "1", b"", no_reply=True))
    await asyncio.wait_for(served.wait(), WAIT)
    router.send(Ping())
    assert await router.receive() == Pong()  # and not a CallReply before it


async def test_register_conflict_raises_and_serves_nothing(
    conn: GsbConnection, router: FakeRouter
) -> None:
    async def handler(call: IncomingCall) -> Flex:
        return 1

    task = asyncio.create_task(conn.register("/public/taken", handler))
    await router.receive()
    router.send(RegisterReply(code=409))
    with pytest.raises(GsbRegisterError, match="code 409") as caught:
        await task
    assert caught.value.prefix == "/public/taken"
    router.send(CallRequest("local", "/public/taken/X", "2"))
    assert (await router.receive_reply()).code == 400


async def test_register_replies_match_in_fifo_order_even_after_a_timeout(
    conn: GsbConnection, router: FakeRouter
) -> None:
    async def handler(call: IncomingCall) -> Flex:
        return 1

    with pytest.raises(GsbTimeout, match="register /public/a"):
        await conn.register("/public/a", handler, timeout=0.05)
    second = asyncio.create_task(conn.register("/public/b", handler))
    assert await router.receive() == RegisterRequest("/public/a")
    assert await router.receive() == RegisterRequest("/public/b")
    router.send(RegisterReply(code=409))  # belongs to the timed-out /public/a
    router.send(RegisterReply())
    await second


async def test_unregister_stops_serving(conn: GsbConnection, router: FakeRouter) -> None:
    async def handler(call: IncomingCall) -> Flex:
        return 1

    await register(conn, router, "/public/test", handler)
    task = asyncio.create_task(conn.unregister("/public/test"))
    assert await router.receive() == UnregisterRequest("/public/test")
    router.send(UnregisterReply())
    await task
    router.send(CallRequest("local", "/public/test/X", "2"))
    assert (await router.receive_reply()).code == 400

    task = asyncio.create_task(conn.unregister("/public/test"))
    await router.receive()
    router.send(UnregisterReply(code=404))
    with pytest.raises(GsbRegisterError, match="404"):
        await task


async def test_close_cancels_running_handlers(conn: GsbConnection, router: FakeRouter) -> None:
    started = asyncio.Event()
    cancelled = asyncio.Event()

    async def slow(call: IncomingCall) -> Flex:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return None

    await register(conn, router, "/public/test", slow)
    router.send(CallRequest("local", "/public/test/X", "1"))
    await asyncio.wait_for(started.wait(), WAIT)
    await conn.aclose()
    assert cancelled.is_set() and conn.closed


async def test_a_handler_may_close_the_connection(conn: GsbConnection, router: FakeRouter) -> None:
    finished = asyncio.Event()

    async def shutdown(call: IncomingCall) -> Flex:
        await conn.aclose()  # must neither cancel nor wait for its own task
        finished.set()
        return None

    await register(conn, router, "/public/test", shutdown)
    router.send(CallRequest("local", "/public/test/Shutdown", "1"))
    await asyncio.wait_for(finished.wait(), WAIT)
    assert router.closed and conn.closed


async def test_router_drop_cancels_running_handlers(
    conn: GsbConnection, router: FakeRouter
) -> None:
    started = asyncio.Event()
    cancelled = asyncio.Event()

    async def slow(call: IncomingCall) -> Flex:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return None

    await register(conn, router, "/public/test", slow)
    router.send(CallRequest("local", "/public/test/X", "1"))
    await asyncio.wait_for(started.wait(), WAIT)
    router.reader.feed_eof()
    await asyncio.wait_for(cancelled.wait(), WAIT)
    assert conn.closed


async def test_every_read_from_a_tcp_router_is_acknowledged_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import golem_core.gsb.router as router

    acked: list[int] = []
    monkeypatch.setattr(router, "quick_ack", lambda sock: acked.append(sock.fileno()))

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(encode_frame(ROUTER_HELLO))
        await reader.read(1024)  # our Hello
        writer.write(encode_frame(Ping()))
        await reader.read(1024)  # our Pong
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        connection = await GsbConnection.connect(f"tcp://127.0.0.1:{port}")
        await asyncio.wait_for(connection.wait_closed(), WAIT)
    assert len(acked) >= 2 and len(set(acked)) == 1  # the Hello and the Ping, on our socket


def test_quick_ack_leaves_a_socket_usable() -> None:
    from golem_core._quick_ack import quick_ack

    with socket.socket() as sock:
        quick_ack(sock)  # not connected: the option may be refused, never raised
