"""CPU per megabyte through one GSB API socket on the app's side: httpx-ws against our own client.

`python -m bench.ws_micro [--client own|httpx] [--direction serve|receive] [--megabytes N]`
starts a stand-in daemon in a child process (wsproto; its CPU is not counted)
that calls the app as a provider's transfer does: `serve` asks for 60 KiB
GetChunk pieces of a published file, `receive` sends 256 KiB UploadChunk calls
(8 calls in flight either way). The app answers with golem_core's own loop
(`GsbService`, FlexBuffers envelopes) and prints its CPU per MB. Run it under
`valgrind --tool=callgrind` for instruction counts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import subprocess
import sys
import time
from collections.abc import AsyncIterator

import httpx

from golem_core._api import YagnaApi, gsb
from golem_core._api.gsb import ServiceBinding, WebSocket, WebSocketClosed
from golem_core.ids import ServicesId
from golem_core.transfer._envelope import GsbCall, Outcome, Reply
from golem_core.transfer._service import GsbService

SERVE_PIECE = 60 * 1024
UPLOAD_PIECE = 256 * 1024
IN_FLIGHT = 8

_SERVER = """
import asyncio, sys, uuid
import wsproto, wsproto.events as E
from golem_core.flexbuffers import encode
direction = sys.argv[1]
total, piece, in_flight = (int(a) for a in sys.argv[2:5])
CONTENT = bytes(range(256)) * (piece // 256)
def call(offset):
    if direction == "serve":
        return encode({"id": str(uuid.uuid4()), "component": "GetChunk",
                       "payload": {"offset": offset, "size": piece}})
    return encode({"id": str(uuid.uuid4()), "component": "UploadChunk",
                   "payload": {"chunk": {"offset": offset, "content": CONTENT}}})
async def serve(reader, writer):
    ws = wsproto.WSConnection(wsproto.ConnectionType.SERVER)
    offsets = iter(range(0, total, piece))
    answered = sent = 0
    calls = (total + piece - 1) // piece
    def send_next():
        nonlocal sent
        offset = next(offsets, None)
        if offset is not None:
            sent += 1
            writer.write(ws.send(E.BytesMessage(call(offset))))
    while True:
        data = await reader.read(1 << 20)
        if not data:
            break
        ws.receive_data(data)
        for event in ws.events():
            if isinstance(event, E.Request):
                writer.write(ws.send(E.AcceptConnection(subprotocol=event.subprotocols[0])))
                for _ in range(in_flight):
                    send_next()
            elif isinstance(event, E.BytesMessage) and event.message_finished:
                answered += 1
                if answered == calls:
                    writer.write(ws.send(E.CloseConnection(1000, "done")))
                else:
                    send_next()
            elif isinstance(event, E.CloseConnection):
                writer.close()
                return
async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()
asyncio.run(main())
"""


def _handler(direction: str, size: int) -> tuple[object, bytearray]:
    content = bytes(range(256)) * (size // 256 + 1)
    sink = bytearray(size + UPLOAD_PIECE)

    def serve(call: GsbCall) -> Outcome:
        offset = call.payload["offset"]
        assert isinstance(offset, int)
        return Reply({"offset": offset, "content": content[offset : offset + SERVE_PIECE]})

    def receive(call: GsbCall) -> Outcome:
        chunk = call.payload["chunk"]
        assert isinstance(chunk, dict)
        offset, data = chunk["offset"], chunk["content"]
        assert isinstance(offset, int) and isinstance(data, bytes)
        sink[offset : offset + len(data)] = data
        return Reply(None)

    return (serve if direction == "serve" else receive), sink


@contextlib.asynccontextmanager
async def _socket(client_kind: str, url: str) -> AsyncIterator[WebSocket]:
    path = "/services/L3B1YmxpYy9iZW5jaA"
    subprotocols = (gsb.GSB_SUBPROTOCOL,)
    if client_kind == "own":
        async with YagnaApi(url, "key") as api:
            shared = api.gsb.get_async_httpx_client()
            async with gsb.open_websocket(
                shared, path, operation="bench", subprotocols=subprotocols
            ) as socket:
                yield socket
        return
    async with (
        httpx.AsyncClient(base_url=url + "/gsb-api/v1") as client,
        gsb._httpx_websocket(client, path, "bench", subprotocols) as socket,
    ):
        yield socket


async def _measure(client_kind: str, direction: str, size: int, port: int) -> float:
    handler, _ = _handler(direction, size)
    async with YagnaApi(f"http://127.0.0.1:{port}", "key") as api:
        binding = ServiceBinding(ServicesId("L3B1YmxpYy9iZW5jaA"), "/public/bench", ())
        service = GsbService(api, binding)
        started = time.process_time()
        async with _socket(client_kind, f"http://127.0.0.1:{port}") as socket:
            with contextlib.suppress(WebSocketClosed):
                await service._serve(socket, handler)  # type: ignore[arg-type]
        return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--client", choices=("own", "httpx"), default="own")
    parser.add_argument("--direction", choices=("serve", "receive"), default="serve")
    parser.add_argument("--megabytes", type=int, default=20)
    args = parser.parse_args()
    size = args.megabytes * 1024 * 1024
    piece = SERVE_PIECE if args.direction == "serve" else UPLOAD_PIECE
    child = subprocess.Popen(
        [sys.executable, "-c", _SERVER, args.direction, str(size), str(piece), str(IN_FLIGHT)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        cpu = asyncio.run(_measure(args.client, args.direction, size, port))
    finally:
        child.kill()
        child.wait()
    print(
        f"{args.client} {args.direction}: {args.megabytes} MiB, app CPU {cpu * 1000:.0f} ms, "
        f"{cpu * 1000 / args.megabytes:.2f} ms per MiB"
    )


if __name__ == "__main__":
    main()
