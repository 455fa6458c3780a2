"""The request loop of `gftp server`: lines in, reply lines out, shutdown and end of input."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from golem_localnet.gftp.bus import ClosableBus, GftpError
from golem_localnet.gftp.server import VERSION, GftpServer, serve_lines
from tests.unit.gftp.fakes import NODE, FakeBus

WAIT = 5.0


class Reader(asyncio.StreamReader):
    """Tells when the server has read the end of input."""

    def __init__(self) -> None:
        super().__init__()
        self.eof_read = asyncio.Event()

    async def readline(self) -> bytes:
        line = await super().readline()
        if not line:
            self.eof_read.set()
        return line


class Client:
    """Feeds request lines to `serve_lines` and collects its replies by id."""

    def __init__(self, bus: FakeBus | None = None) -> None:
        self.bus = bus or FakeBus()
        self.connects = 0
        self.reader = Reader()
        self.replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.server = GftpServer(self.connect)

    async def connect(self) -> ClosableBus:
        self.connects += 1
        return self.bus

    def write(self, line: str) -> None:
        assert line.endswith("\r\n")
        self.replies.put_nowait(json.loads(line))

    def send(self, request_id: object, method: str, **params: Any) -> None:
        message = {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}
        self.reader.feed_data(json.dumps(message).encode() + b"\n")

    async def reply(self) -> dict[str, Any]:
        return await asyncio.wait_for(self.replies.get(), WAIT)

    def serve(self) -> asyncio.Task[None]:
        return asyncio.create_task(serve_lines(self.server, self.reader, self.write))


async def test_version_needs_no_router() -> None:
    client = Client()
    task = client.serve()
    client.send(1, "version")
    assert await client.reply() == {"jsonrpc": "2.0", "id": 1, "result": VERSION}
    client.reader.feed_eof()
    await asyncio.wait_for(task, WAIT)
    assert client.connects == 0


async def test_publish_close_and_shutdown(tmp_path: Path) -> None:
    client = Client()
    (tmp_path / "f").write_bytes(b"content")
    task = client.serve()
    client.send("p", "publish", files=[str(tmp_path / "f")])
    published = await client.reply()
    (link,) = published["result"]
    assert link["file"] == str(tmp_path / "f") and link["url"].startswith(f"gftp://{NODE}/")
    client.send("c", "close", urls=[link["url"]])
    assert (await client.reply())["result"] == ["ok"]
    client.send("r", "receive", output_file=str(tmp_path / "out"))
    received = await client.reply()
    assert received["result"]["file"] == str(tmp_path / "out")

    client.send("s", "shutdown")
    client.send("v", "version")  # after shutdown: never answered
    assert await client.reply() == {"jsonrpc": "2.0", "id": "s", "result": "ok"}
    await asyncio.wait_for(task, WAIT)
    assert client.replies.empty()
    assert client.bus.handlers == {} and client.bus.closed  # the upload target was unbound
    assert client.connects == 1


async def test_bad_lines_get_errors_and_the_loop_goes_on() -> None:
    client = Client()
    task = client.serve()
    client.reader.feed_data(b"garbage\n\n")
    assert (await client.reply())["error"]["code"] == -32700
    client.send(2, "publish", files=[])
    empty = {"code": -32000, "message": "Empty file list provided."}
    assert (await client.reply())["error"] == empty
    client.send(3, "close", urls=[])
    assert (await client.reply())["error"]["code"] == -32600
    client.send(4, "version")
    assert (await client.reply())["result"] == VERSION
    client.reader.feed_eof()
    await asyncio.wait_for(task, WAIT)


async def test_replies_come_as_requests_finish_and_eof_waits_for_them(tmp_path: Path) -> None:
    """A slow request does not hold back a quick one; input ending lets the slow one finish."""
    client = Client()
    release = asyncio.Event()
    connect = client.connect

    async def slow_connect() -> ClosableBus:
        await release.wait()
        return await connect()

    client.server = GftpServer(slow_connect)
    task = client.serve()
    client.send(1, "receive", output_file=str(tmp_path / "out"))
    client.send(2, "version")
    assert (await client.reply())["id"] == 2
    client.reader.feed_eof()
    await asyncio.wait_for(client.reader.eof_read.wait(), WAIT)
    assert not task.done()  # request 1 still runs
    release.set()
    assert (await client.reply())["id"] == 1
    await asyncio.wait_for(task, WAIT)


async def test_a_router_that_cannot_be_reached_is_a_server_error() -> None:
    client = Client()

    async def failing() -> ClosableBus:
        raise GftpError("cannot connect to the GSB router at unix:/nowhere")

    client.server = GftpServer(failing)
    task = client.serve()
    client.send(1, "receive", output_file="/tmp/x")
    assert (await client.reply())["error"] == {
        "code": -32000,
        "message": "cannot connect to the GSB router at unix:/nowhere",
    }
    client.reader.feed_eof()
    await asyncio.wait_for(task, WAIT)
