"""An in-memory GSB router for gftp: bodies go through the real FlexBuffers codec."""

from __future__ import annotations

from collections.abc import AsyncIterator

from golem_core.flexbuffers import Flex, FlexValue, decode, encode
from golem_core.gsb.calls import (
    GsbCallError,
    GsbRegisterError,
    Handler,
    IncomingCall,
    RawReply,
    RequestId,
    match_prefix,
)
from golem_core.ids import NodeId
from golem_localnet.gftp.bus import IDENTITY_GET

NODE = NodeId("0x" + "ab" * 20)


class FakeBus:
    """One node: `/net/<any node>/X` is delivered at `/public/X`, as yagna's net does it."""

    def __init__(self, node_id: NodeId = NODE) -> None:
        self.node_id = node_id
        self.handlers: dict[str, Handler] = {}
        self.calls: list[str] = []
        self.closed = False

    async def register(self, prefix: str, handler: Handler, *, timeout: float = 10.0) -> None:
        if prefix in self.handlers:
            raise GsbRegisterError(prefix, 409)
        self.handlers[prefix] = handler

    async def unregister(self, prefix: str, *, timeout: float = 10.0) -> None:
        if self.handlers.pop(prefix, None) is None:
            raise GsbRegisterError(prefix, 404)

    async def call(
        self, address: str, body: Flex, *, timeout: float, caller: str | None = None
    ) -> FlexValue:
        self.calls.append(address)
        if address == IDENTITY_GET:
            assert body == "byDefault"
            return decode(encode({"Ok": {"nodeId": self.node_id, "isDefault": True}}))
        if address.startswith("/net/"):
            address = "/public/" + address.split("/", 3)[3]
        prefix = match_prefix(address, self.handlers)
        if prefix is None:
            raise GsbCallError(address, 400, "endpoint address not found")
        call = IncomingCall(caller or "local", address, RequestId("1"), encode(body), False, prefix)
        produced = self.handlers[prefix](call)
        assert not isinstance(produced, AsyncIterator), "gftp never streams"
        result = await produced
        assert not isinstance(result, (AsyncIterator, RawReply))
        return decode(encode(result))

    async def aclose(self) -> None:
        self.closed = True
