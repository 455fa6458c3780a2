"""The loop that answers GSB API calls, driven by a scripted socket (no daemon)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, cast

import pytest

from golem_core._api import YagnaApi
from golem_core._api.gsb import ServiceBinding, WebSocket, WebSocketClosed
from golem_core.flexbuffers import FlexValue, decode, encode
from golem_core.ids import ServicesId
from golem_core.transfer._envelope import MAX_FRAME, Failure, GsbCall, Outcome, Reply
from golem_core.transfer._service import GsbService


class ScriptedSocket:
    """Hands out the given frames, then closes as the daemon does after an unbind."""

    def __init__(self, frames: list[bytes]) -> None:
        self.frames = list(frames)
        self.sent: list[FlexValue] = []

    async def receive(self) -> bytes:
        if not self.frames:
            raise WebSocketClosed("test", 1000, "Unbinding service")
        return self.frames.pop(0)

    async def send(self, data: bytes) -> None:
        self.sent.append(decode(data))


@pytest.fixture
async def service() -> AsyncIterator[GsbService]:
    async with YagnaApi("http://127.0.0.1:9", "no-key") as api:
        binding = ServiceBinding(ServicesId("L3Rlc3Q"), "/public/gftp/test", ("GetChunk",))
        yield GsbService(api, binding)


def call(call_id: str, component: str, payload: object = None) -> bytes:
    return encode({"id": call_id, "component": component, "payload": payload})  # type: ignore[dict-item]


def handler(received: GsbCall) -> Outcome:
    if received.component == "Boom":
        raise KeyError("boom")
    if received.component == "Huge":
        return Reply(bytes(MAX_FRAME))
    if received.component == "No":
        return Failure({"ReadError": "no"})
    return Reply(received.payload)


async def test_every_call_gets_exactly_one_answer_whatever_the_handler_does(
    service: GsbService,
) -> None:
    socket = ScriptedSocket(
        [
            call("1", "Echo", {"x": 1}),
            call("2", "Boom"),
            b"\x00\x00",  # unreadable and without an id: nobody to answer
            encode({"id": "3", "payload": {}}),  # no component: answered with an error
            call("4", "Huge"),
            call("5", "No"),
        ]
    )
    with pytest.raises(WebSocketClosed):
        await service._serve(cast(WebSocket, socket), handler)
    answers: dict[Any, Any] = {a["id"]: a for a in socket.sent if isinstance(a, dict)}
    assert list(answers) == ["1", "2", "3", "4", "5"]
    assert answers["1"] == {"id": "1", "payload": {"x": 1}}
    assert "KeyError" in answers["2"]["error"]["InternalError"]
    assert "without a component" in answers["3"]["error"]["InternalError"]
    assert "over 65536" in answers["4"]["error"]["InternalError"]
    assert answers["5"] == {"id": "5", "error": {"ReadError": "no"}}
    assert service.calls_answered == 4  # the envelope error is answered outside the count
