"""An in-memory GSB router for the client's tests: no socket, no daemon."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from golem_core.gsb.proto import (
    CallReply,
    CallRequest,
    FrameDecoder,
    Hello,
    Message,
    Packet,
    decode_packet,
    encode_frame,
)
from golem_core.gsb.router import GsbConnection

ROUTER_HELLO = Hello("ya-sb-router", "0.6.4", bytes(16))
WAIT = 2.0  # generous bound on waits that normally finish at once


class FakeRouter:
    """Both ends of an in-memory socket: what we write is parsed, what it sends is fed."""

    def __init__(self) -> None:
        self.reader = asyncio.StreamReader()
        self._frames = FrameDecoder()
        self._received: asyncio.Queue[Packet] = asyncio.Queue()
        self.closed = False

    # FrameWriter
    def write(self, data: bytes) -> None:
        for body in self._frames.feed(data):
            self._received.put_nowait(decode_packet(body))

    async def drain(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True
        self.reader.feed_eof()

    async def wait_closed(self) -> None:
        pass

    # the router side
    def send(self, message: Message) -> None:
        self.reader.feed_data(encode_frame(message))

    async def receive(self) -> Packet:
        return await asyncio.wait_for(self._received.get(), WAIT)

    async def receive_call(self) -> CallRequest:
        packet = await self.receive()
        assert isinstance(packet, CallRequest)
        return packet

    async def receive_reply(self) -> CallReply:
        packet = await self.receive()
        assert isinstance(packet, CallReply)
        return packet


@pytest.fixture
async def router() -> FakeRouter:
    return FakeRouter()


@pytest.fixture
async def conn(router: FakeRouter) -> AsyncIterator[GsbConnection]:
    router.send(ROUTER_HELLO)
    connection = GsbConnection(router.reader, router)
    await connection.start(timeout=WAIT)
    assert isinstance(await router.receive(), Hello)
    yield connection
    await connection.aclose()
