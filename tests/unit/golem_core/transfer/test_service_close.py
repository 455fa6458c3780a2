"""Closing a GSB API socket ourselves, against a stand-in daemon on 127.0.0.1.

yagna's GSB API never answers a close frame of ours (its socket handler, on a
client's close, waits for a message only it could handle), so the stand-in
never answers one either. A start cancelled while its socket opened must drop
that socket at once: waiting for the answer made a worker cancelled as its
first upload began take CLOSE_TIMEOUT (5 s) longer than the others.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator

import pytest
import wsproto
import wsproto.events

from golem_core._api import YagnaApi, ws_session
from golem_core._api.gsb import open_websocket
from golem_core.transfer._envelope import GsbCall, Outcome, Reply
from golem_core.transfer._service import GsbService

ADDRESS = "/public/gftp/test"
SERVICES_ID = "L3B1YmxpYy9nZnRwL3Rlc3Q"
# only a hang guard: with the fix the socket is dropped within milliseconds
GUARD_S = 30.0
# the service's own timeouts (its close waits this long for its task): past the guard
SERVICE_TIMEOUT_S = 4 * GUARD_S


class GsbStandIn:
    """Bind, unbind and one service socket, as yagna's GSB API answers them.

    With `hold_upgrade` the 101 is sent only once the binding is gone (an
    unbind that overtook the upgrade). Close frames are never answered.
    """

    def __init__(self, *, hold_upgrade: bool, refuse_late_upgrade: bool = False) -> None:
        self.hold_upgrade = hold_upgrade
        # the daemon refuses the upgrade of an address unbound meanwhile (404)
        self.refuse_late_upgrade = refuse_late_upgrade
        self.requests: list[str] = []
        self.upgrade_asked = asyncio.Event()
        self.unbound = asyncio.Event()
        self.socket_events: list[wsproto.events.Event] = []
        self.socket_dropped = asyncio.Event()
        self.connections: set[asyncio.Task[None]] = set()

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.connections.add(task)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except asyncio.IncompleteReadError:
                    return
                request_line, *fields = head.decode("latin-1").split("\r\n")
                self.requests.append(request_line)
                headers = dict(f.split(": ", 1) for f in fields if ": " in f.lower())
                lengths = [v for k, v in headers.items() if k.lower() == "content-length"]
                if lengths:
                    await reader.readexactly(int(lengths[0]))
                method = request_line.split(" ", 1)[0]
                if method == "POST":
                    body = {
                        "servicesId": SERVICES_ID,
                        "listen": {"on": ADDRESS, "components": ["GetChunk"]},
                    }
                    self._answer(writer, "201 Created", body)
                elif method == "DELETE":
                    self._answer(writer, "200 OK", None)
                    self.unbound.set()
                elif method == "GET":
                    await self._socket(head, reader, writer)
                    return
                await writer.drain()
        finally:
            writer.close()

    def _answer(self, writer: asyncio.StreamWriter, status: str, body: object) -> None:
        data = json.dumps(body).encode()
        head = f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\n"
        writer.write(f"{head}content-length: {len(data)}\r\n\r\n".encode() + data)

    async def _socket(
        self, head: bytes, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.upgrade_asked.set()
        if self.hold_upgrade:
            await self.unbound.wait()
        if self.refuse_late_upgrade:
            self._answer(writer, "404 Not Found", {"message": "Service prefix not found"})
            await writer.drain()
            return
        ws = wsproto.WSConnection(wsproto.ConnectionType.SERVER)
        ws.receive_data(head)
        for event in ws.events():
            assert isinstance(event, wsproto.events.Request)
            chosen = event.subprotocols[0] if event.subprotocols else None
            writer.write(ws.send(wsproto.events.AcceptConnection(subprotocol=chosen)))
        while data := await reader.read(65536):
            ws.receive_data(data)
            self.socket_events.extend(ws.events())  # a close is seen, and left unanswered
        self.socket_dropped.set()


async def standing_in(server: GsbStandIn) -> AsyncIterator[YagnaApi]:
    listener = await asyncio.start_server(server.serve, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    async with listener:
        async with YagnaApi(f"http://127.0.0.1:{port}", "key") as api:
            yield api
        # the client's connections are closed: each of ours ends at its end of file
        await asyncio.gather(*server.connections)


@pytest.fixture(autouse=True)
def close_never_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """A close that waits for the daemon's answer would wait past the guard."""
    monkeypatch.setattr(ws_session, "CLOSE_TIMEOUT", 3600.0)


def echo(call: GsbCall) -> Outcome:
    return Reply(call.payload)


async def test_a_start_cancelled_while_its_socket_opens_drops_the_socket_at_once() -> None:
    server = GsbStandIn(hold_upgrade=True)
    async for api in standing_in(server):
        start = asyncio.create_task(
            GsbService.start(
                api, ADDRESS, ["GetChunk"], echo, lambda reason: None, timeout=SERVICE_TIMEOUT_S
            )
        )
        await server.upgrade_asked.wait()
        start.cancel()  # as a worker is cancelled while its upload's binding is made
        await asyncio.wait({start}, timeout=GUARD_S)
        assert start.cancelled()
        assert server.socket_dropped.is_set()
    assert server.requests[0].startswith("POST /gsb-api/v1/services ")
    assert server.requests[1].startswith("GET /gsb-api/v1/services/")
    assert server.requests[2].startswith("DELETE /gsb-api/v1/services/")
    # our close frame went out before the connection was dropped
    assert any(isinstance(e, wsproto.events.CloseConnection) for e in server.socket_events)


async def open_and_leave(api: YagnaApi) -> None:
    client = api.gsb.get_async_httpx_client()
    path = f"/services/{SERVICES_ID}"
    async with open_websocket(client, path, operation="serve", close_answered=False):
        pass  # nothing to read: we end the socket ourselves


async def test_a_socket_whose_close_is_never_answered_is_dropped_after_our_frame() -> None:
    server = GsbStandIn(hold_upgrade=False)
    async for api in standing_in(server):
        await asyncio.wait_for(open_and_leave(api), GUARD_S)
        await asyncio.wait_for(server.socket_dropped.wait(), GUARD_S)
    closes = [e for e in server.socket_events if isinstance(e, wsproto.events.CloseConnection)]
    assert [c.code for c in closes] == [1000]


async def test_an_upgrade_refused_after_a_cancelled_start_unbound_is_no_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = GsbStandIn(hold_upgrade=True, refuse_late_upgrade=True)
    async for api in standing_in(server):
        start = asyncio.create_task(
            GsbService.start(api, ADDRESS, ["GetChunk"], echo, lambda reason: None, timeout=10)
        )
        await server.upgrade_asked.wait()
        start.cancel()
        await asyncio.wait({start}, timeout=GUARD_S)
        assert start.cancelled()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
