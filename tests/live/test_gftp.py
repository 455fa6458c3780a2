"""`gftp server` between two real daemons: what yapapi does with it, and what providers do to it.

Two `python -m golem_localnet.gftp server` processes, one on the requestor's
router and one on the provider's, talk JSON-RPC like yapapi's GftpProvider:
one publishes and receives, the other downloads and uploads over yagna's net.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from golem_localnet.daemon import YagnaDaemon
from golem_localnet.identities import PROVIDER_NODE_IDS, REQUESTOR_NODE_ID
from golem_localnet.nodes import TwoNodes

pytestmark = pytest.mark.live

REPLY_TIMEOUT = 30.0


class GftpProcess:
    """A `gftp server` child; requests are sent one at a time, as yapapi does."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self._next_id = 0

    async def call(self, method: str, **params: Any) -> Any:
        reply = await self.raw(method, params)
        assert "error" not in reply, reply
        return reply["result"]

    async def raw(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self._next_id += 1
        request = {"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params}
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        await self.process.stdin.drain()
        line = await asyncio.wait_for(self.process.stdout.readline(), REPLY_TIMEOUT)
        assert line.endswith(b"\r\n"), line
        reply: dict[str, Any] = json.loads(line)
        assert reply["jsonrpc"] == "2.0" and reply["id"] == self._next_id, reply
        return reply


async def start_gftp(daemon: YagnaDaemon) -> GftpProcess:
    env = {**os.environ, "GSB_URL": daemon.config.gsb_url}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "golem_localnet.gftp",
        "server",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=env,
    )
    return GftpProcess(process)


async def stop_gftp(gftp: GftpProcess) -> int:
    """`shutdown`, then the process must end by itself."""
    try:
        assert await gftp.call("shutdown") == "ok"
        return await asyncio.wait_for(gftp.process.wait(), REPLY_TIMEOUT)
    finally:
        if gftp.process.returncode is None:
            gftp.process.kill()
            await gftp.process.wait()


@pytest.fixture
async def gftp_pair(two_nodes: TwoNodes) -> AsyncIterator[tuple[GftpProcess, GftpProcess]]:
    requestor = await start_gftp(two_nodes.requestor)
    try:
        provider = await start_gftp(two_nodes.provider)
        try:
            yield requestor, provider
        finally:
            assert await stop_gftp(provider) == 0
    finally:
        assert await stop_gftp(requestor) == 0


def sha3(data: bytes) -> str:
    return hashlib.sha3_256(data).hexdigest()


async def test_publish_then_download_from_another_node(
    gftp_pair: tuple[GftpProcess, GftpProcess], tmp_path: Path
) -> None:
    requestor, provider = gftp_pair
    version = await requestor.call("version")
    assert version.split()[0] == "0.17.6"
    data = os.urandom(3 * 40960 + 17)  # several chunks and a short last one
    source = tmp_path / "input.bin"
    source.write_bytes(data)

    (link,) = await requestor.call("publish", files=[str(source)])
    assert link == {"file": str(source), "url": f"gftp://{REQUESTOR_NODE_ID}/{sha3(data)}"}
    # the same content again: the same URL, still one binding
    (again,) = await requestor.call("publish", files=[str(source)])
    assert again["url"] == link["url"]

    target = tmp_path / "downloaded" / "copy.bin"
    result = await provider.call("download", url=link["url"], output_file=str(target))
    assert result == {"file": str(target), "url": link["url"]}
    assert target.read_bytes() == data

    assert await requestor.call("close", urls=[link["url"], link["url"]]) == ["ok", "error"]
    reply = await provider.raw("download", {"url": link["url"], "output_file": str(target)})
    assert reply["error"]["code"] == -32000


async def test_receive_an_upload_from_another_node(
    gftp_pair: tuple[GftpProcess, GftpProcess], tmp_path: Path
) -> None:
    requestor, provider = gftp_pair
    data = os.urandom(1024 * 1024)
    source = tmp_path / "result.bin"
    source.write_bytes(data)
    target = tmp_path / "received.bin"

    link = await requestor.call("receive", output_file=str(target))
    node, name = link["url"].removeprefix("gftp://").split("/")
    assert node == REQUESTOR_NODE_ID and len(name) == 65 and name.isalnum()
    assert target.exists()  # created at once, as yagna's gftp does

    result = await provider.call("upload", url=link["url"], file=str(source))
    assert result == {"file": str(source), "url": link["url"]}
    assert target.read_bytes() == data


async def test_a_published_file_is_served_to_the_provider_node_itself(
    gftp_pair: tuple[GftpProcess, GftpProcess], tmp_path: Path
) -> None:
    """The provider publishes (as an exe-unit's upload source would be) and the requestor
    downloads it: gftp URLs carry the publisher's node id whichever side that is."""
    requestor, provider = gftp_pair
    source = tmp_path / "empty.bin"
    source.write_bytes(b"")
    (link,) = await provider.call("publish", files=[str(source)])
    assert link["url"] == f"gftp://{PROVIDER_NODE_IDS[0]}/{sha3(b'')}"
    target = tmp_path / "empty-copy.bin"
    target.write_bytes(b"old content")
    await requestor.call("download", url=link["url"], output_file=str(target))
    assert target.read_bytes() == b""


async def test_errors_are_json_rpc_errors(
    gftp_pair: tuple[GftpProcess, GftpProcess], tmp_path: Path
) -> None:
    requestor, _ = gftp_pair
    missing = await requestor.raw("publish", {"files": [str(tmp_path / "missing")]})
    assert missing["error"]["code"] == -32000
    assert (await requestor.raw("publish", {"files": []}))["error"]["code"] == -32000
    assert (await requestor.raw("frobnicate", {}))["error"]["code"] == -32601
    assert (await requestor.raw("receive", {}))["error"]["code"] == -32602
    bad_url = await requestor.raw("download", {"url": "http://x/y", "output_file": "z"})
    assert bad_url["error"]["code"] == -32000
