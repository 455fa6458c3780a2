"""gftp without the gftp binary: the requestor serves and receives through its daemon's
GSB API, and the provider side speaks gftp over its own daemon's raw GSB router, as a
provider's exe-unit does (`/net/<requestor>/gftp/<name>/...` crosses the central net)."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from golem_core.events import Event, FileTransferred
from golem_core.flexbuffers import ErrReply, Flex, FlexValue
from golem_core.gsb import GsbCallError, GsbConnection, GsbTimeout, unwrap_result
from golem_core.ids import ActivityId, AgreementId
from golem_core.node import GolemNode
from golem_core.transfer import (
    CHUNK_SIZE,
    ChecksumMismatch,
    IncompleteTransfer,
    TransferClosed,
    TransferLimitExceeded,
    TransferTimeoutError,
    parse_gftp_url,
    publish,
    publish_file,
    publish_json,
    receive,
    receive_file,
    receive_json,
    sha3_256_hex,
)
from golem_core.transfer._bus import RouterService
from golem_localnet.nodes import TwoNodes

pytestmark = pytest.mark.live

TIMEOUT = 15.0
# how long a call that must stay unanswered is watched
UNANSWERED_WAIT = 2.0
# yagna's gftp binary keeps 12 chunk requests in flight
IN_FLIGHT = 12
ACTIVITY = (ActivityId("activity-for-transfer-test"), AgreementId("agreement-for-transfer-test"))


@pytest.fixture
async def requestor(two_nodes: TwoNodes) -> AsyncIterator[GolemNode]:
    config = two_nodes.requestor.config
    async with GolemNode(app_key=config.app_key, api_url=config.api_url) as node:
        yield node


@pytest.fixture
async def provider_bus(two_nodes: TwoNodes) -> AsyncIterator[GsbConnection]:
    """The provider daemon's GSB router, where a provider's exe-unit talks gftp."""
    async with await GsbConnection.connect(two_nodes.provider.config.gsb_url) as bus:
        yield bus


async def gftp_call(
    bus: GsbConnection, url: str, message: str, body: Flex, *, channel: str = ""
) -> FlexValue:
    """Call the file behind `url`; `channel="/transfer"` is the one exe-units download on."""
    address = f"{channel}{parse_gftp_url(url).remote_address}/{message}"
    return unwrap_result(await bus.call(address, body, timeout=TIMEOUT))


async def download(bus: GsbConnection, url: str, *, channel: str = "") -> bytes:
    """What yagna's downloader does: the size, then every 40 KiB chunk, many at a time."""
    metadata = await gftp_call(bus, url, "GetMetadata", None, channel=channel)
    assert isinstance(metadata, dict)
    size = metadata["fileSize"]
    assert isinstance(size, int)
    limit = asyncio.Semaphore(IN_FLIGHT)

    async def chunk(offset: int) -> bytes:
        async with limit:
            asked = {"offset": offset, "size": CHUNK_SIZE}
            reply = await gftp_call(bus, url, "GetChunk", asked, channel=channel)
        assert isinstance(reply, dict) and reply["offset"] == offset
        content = reply["content"]
        assert isinstance(content, bytes)
        return content

    parts = await asyncio.gather(*(chunk(o) for o in range(0, size, CHUNK_SIZE)))
    return b"".join(parts)


async def upload_chunks(
    bus: GsbConnection, url: str, data: bytes, order: list[int] | None = None
) -> None:
    offsets = list(range(0, len(data), CHUNK_SIZE))
    for index in order or range(len(offsets)):
        offset = offsets[index]
        chunk: Flex = {"offset": offset, "content": data[offset : offset + CHUNK_SIZE]}
        assert await gftp_call(bus, url, "UploadChunk", {"chunk": chunk}) is None


async def upload(bus: GsbConnection, url: str, data: bytes, *, claimed: str | None = None) -> None:
    """What yagna's uploader does: every chunk, then UploadFinished with the SHA3-256."""
    await upload_chunks(bus, url, data)
    digest = sha3_256_hex(data) if claimed is None else claimed
    assert await gftp_call(bus, url, "UploadFinished", {"hash": digest}) is None


def collect(node: GolemNode) -> list[Event]:
    seen: list[Event] = []
    node.events.subscribe(seen.append, (FileTransferred,))
    return seen


# --- publish ------------------------------------------------------------------------


async def test_provider_downloads_published_bytes_unchanged(
    two_nodes: TwoNodes, provider_bus: GsbConnection
) -> None:
    data = os.urandom(5 * CHUNK_SIZE + 1234)  # several chunks, the last one short
    config = two_nodes.requestor.config
    async with GolemNode(app_key=config.app_key, api_url=config.api_url) as node:
        seen = collect(node)
        published = await publish(node, data, for_activity=ACTIVITY)
        url = parse_gftp_url(published.url)
        assert url.node_id == node.node_id and published.size == len(data)

        assert await download(provider_bus, published.url) == data
        assert await download(provider_bus, published.url, channel="/transfer") == data
        assert published.downloads == 2
        await published.close()
        assert not published.serving
        left_open = await publish(node, b"the node closes this one")
        waiting = await receive(node, limit_bytes=10)
        assert left_open.serving
    assert not left_open.serving
    with pytest.raises(TransferClosed):
        await waiting.result(TIMEOUT)
    assert [(e.direction, e.name, e.size) for e in seen if isinstance(e, FileTransferred)] == [
        ("upload", published.url, len(data))
    ] * 2


async def test_chunks_follow_gftp_at_and_past_the_end(
    requestor: GolemNode, provider_bus: GsbConnection, tmp_path: Path
) -> None:
    path = tmp_path / "input.bin"
    path.write_bytes(b"0123456789")
    async with await publish_file(requestor, path) as published:
        assert published.size == 10
        tail = await gftp_call(provider_bus, published.url, "GetChunk", {"offset": 7, "size": 100})
        assert tail == {"offset": 7, "content": b"789"}
        at_end = await gftp_call(provider_bus, published.url, "GetChunk", {"offset": 10, "size": 5})
        assert at_end == {"offset": 10, "content": b""}
        with pytest.raises(ErrReply) as past_end:
            await gftp_call(provider_bus, published.url, "GetChunk", {"offset": 11, "size": 5})
        assert isinstance(past_end.value.error, dict) and "ReadError" in past_end.value.error


async def test_a_chunk_too_big_for_one_frame_is_refused_not_shortened(
    requestor: GolemNode, provider_bus: GsbConnection
) -> None:
    data = bytes(200_000)
    async with await publish(requestor, data) as published:
        with pytest.raises(ErrReply) as refused:
            await gftp_call(
                provider_bus, published.url, "GetChunk", {"offset": 0, "size": len(data)}
            )
        assert isinstance(refused.value.error, dict)
        assert "at most 64512 fit in one answer" in str(refused.value.error["ReadError"])
        # the socket survived: normal chunks are still served
        assert await download(provider_bus, published.url) == data


async def test_a_closed_file_is_no_longer_served(
    requestor: GolemNode, provider_bus: GsbConnection
) -> None:
    published = await publish(requestor, b"short-lived")
    assert await download(provider_bus, published.url) == b"short-lived"
    await published.close()
    await published.close()  # harmless
    assert not published.serving
    # yagna 0.17.6 does not answer calls to an unbound GSB API address (not even with an
    # error; at most an empty reply when the unbinding races the call): the caller's own
    # timeout is what ends them
    address = f"{parse_gftp_url(published.url).remote_address}/GetMetadata"
    with pytest.raises((GsbTimeout, GsbCallError)):
        await provider_bus.call(address, None, timeout=UNANSWERED_WAIT)


async def test_json_goes_out_and_comes_back(
    requestor: GolemNode, provider_bus: GsbConnection
) -> None:
    document = {"task": "render", "frames": [1, 2, 3], "name": "żółw"}
    async with await publish_json(requestor, document) as published:
        assert json.loads(await download(provider_bus, published.url)) == document
    async with await receive_json(requestor, limit_bytes=1000) as incoming:
        await upload(provider_bus, incoming.url, json.dumps({"ok": True}).encode())
        assert await incoming.read_json(TIMEOUT) == {"ok": True}


# --- receive -------------------------------------------------------------------------


async def test_provider_uploads_chunks_out_of_order_into_receive(
    two_nodes: TwoNodes, provider_bus: GsbConnection
) -> None:
    data = os.urandom(3 * CHUNK_SIZE + 77)
    config = two_nodes.requestor.config
    async with GolemNode(app_key=config.app_key, api_url=config.api_url) as node:
        seen = collect(node)
        incoming = await receive(
            node, limit_bytes=len(data), expected_sha3=sha3_256_hex(data), for_activity=ACTIVITY
        )
        await upload_chunks(provider_bus, incoming.url, data, order=[3, 1, 0, 2])
        with pytest.raises(TransferTimeoutError):
            await incoming.result(timeout=0.01)  # not finished yet: the upload goes on
        assert (
            await gftp_call(
                provider_bus, incoming.url, "UploadFinished", {"hash": sha3_256_hex(data)}
            )
            is None
        )
        assert await incoming.result(TIMEOUT) == data
        assert incoming.sha3 == sha3_256_hex(data)
    assert [(e.direction, e.size) for e in seen if isinstance(e, FileTransferred)] == [
        ("download", len(data))
    ]


async def test_provider_uploads_into_a_file(
    requestor: GolemNode, provider_bus: GsbConnection, tmp_path: Path
) -> None:
    data = os.urandom(CHUNK_SIZE + 5)
    target = tmp_path / "out" / "result.bin"
    async with await receive_file(requestor, target, limit_bytes=1 << 20) as incoming:
        await upload(provider_bus, incoming.url, data)
        assert await incoming.result(TIMEOUT) == target
        assert target.read_bytes() == data


async def test_an_upload_beyond_the_limit_is_refused_and_named(
    requestor: GolemNode, provider_bus: GsbConnection
) -> None:
    limit = CHUNK_SIZE + 100
    async with await receive(requestor, limit_bytes=limit) as incoming:
        with pytest.raises(ErrReply) as refused:
            await upload(provider_bus, incoming.url, os.urandom(2 * CHUNK_SIZE))
        assert isinstance(refused.value.error, dict)
        assert str(limit) in str(refused.value.error["WriteError"])
        with pytest.raises(TransferLimitExceeded, match=f"limit of {limit} bytes") as failed:
            await incoming.result(TIMEOUT)
        assert failed.value.limit_bytes == limit and failed.value.end == 2 * CHUNK_SIZE


async def test_a_wrong_hash_from_the_uploader_is_an_integrity_error(
    requestor: GolemNode, provider_bus: GsbConnection
) -> None:
    data = b"payload"
    async with await receive(requestor, limit_bytes=100) as incoming:
        with pytest.raises(ErrReply) as refused:
            await upload(provider_bus, incoming.url, data, claimed="00" * 32)
        assert refused.value.error == "IntegrityError"
        with pytest.raises(ChecksumMismatch) as failed:
            await incoming.result(TIMEOUT)
        assert failed.value.expected == "00" * 32 and failed.value.actual == sha3_256_hex(data)


async def test_bytes_the_requestor_did_not_expect_fail_even_with_a_matching_hash(
    requestor: GolemNode, provider_bus: GsbConnection
) -> None:
    expected = sha3_256_hex(b"what we asked for")
    async with await receive(requestor, limit_bytes=100, expected_sha3=expected) as incoming:
        with pytest.raises(ErrReply):
            await upload(provider_bus, incoming.url, b"something else")
        with pytest.raises(ChecksumMismatch, match=expected):
            await incoming.result(TIMEOUT)


async def test_a_gap_in_the_upload_fails_it(
    requestor: GolemNode, provider_bus: GsbConnection
) -> None:
    data = os.urandom(3 * CHUNK_SIZE)
    async with await receive(requestor, limit_bytes=len(data)) as incoming:
        await upload_chunks(provider_bus, incoming.url, data, order=[0, 2])
        with pytest.raises(ErrReply):
            await gftp_call(provider_bus, incoming.url, "UploadFinished", {"hash": None})
        with pytest.raises(IncompleteTransfer) as failed:
            await incoming.result(TIMEOUT)
        assert (failed.value.gap_start, failed.value.gap_end) == (CHUNK_SIZE, 2 * CHUNK_SIZE)


async def test_closing_an_unfinished_target_fails_its_result(requestor: GolemNode) -> None:
    incoming = await receive(requestor, limit_bytes=10)
    await incoming.close()
    with pytest.raises(TransferClosed):
        await incoming.result(TIMEOUT)


# --- bindings reused within an activity ------------------------------------------------


async def test_an_activitys_next_files_reuse_its_bindings(
    requestor: GolemNode, provider_bus: GsbConnection
) -> None:
    first = await publish(requestor, b"first file", for_activity=ACTIVITY)
    assert await download(provider_bus, first.url, channel="/transfer") == b"first file"
    await first.close()
    # closed, the binding is idle: a call is refused, not served with stale bytes
    with pytest.raises(ErrReply):
        await gftp_call(provider_bus, first.url, "GetMetadata", None)
    second = await publish(requestor, b"second file", for_activity=ACTIVITY)
    assert second.url == first.url
    assert await download(provider_bus, second.url, channel="/transfer") == b"second file"
    await second.close()

    target = await receive(requestor, limit_bytes=100, for_activity=ACTIVITY)
    await upload(provider_bus, target.url, b"one")
    assert await target.read_bytes(TIMEOUT) == b"one"
    await target.close()
    again = await receive(requestor, limit_bytes=100, for_activity=ACTIVITY)
    assert again.url == target.url and again.url != first.url
    await upload(provider_bus, again.url, b"two")
    assert await again.read_bytes(TIMEOUT) == b"two"
    await again.close()

    other = await publish(requestor, b"x", for_activity=(ActivityId("other"), ACTIVITY[1]))
    assert other.url != first.url
    await other.close()


async def test_files_go_over_the_daemons_router_in_chunks_of_a_mib(
    two_nodes: TwoNodes, provider_bus: GsbConnection
) -> None:
    config = two_nodes.requestor.config
    data = os.urandom(1024 * 1024 + 5)
    async with GolemNode(
        app_key=config.app_key, api_url=config.api_url, gsb_url=config.gsb_url
    ) as node:
        published = await publish(node, data)
        assert published._slot is not None
        assert isinstance(published._slot.service, RouterService)
        asked = {"offset": 0, "size": 1024 * 1024}  # 16 times what a GSB API frame carries
        reply = await gftp_call(provider_bus, published.url, "GetChunk", asked, channel="/transfer")
        assert isinstance(reply, dict) and reply["content"] == data[: 1024 * 1024]

        incoming = await receive(node, limit_bytes=len(data))
        chunk: Flex = {"offset": 0, "content": data}
        assert await gftp_call(provider_bus, incoming.url, "UploadChunk", {"chunk": chunk}) is None
        finished = {"hash": sha3_256_hex(data)}
        assert await gftp_call(provider_bus, incoming.url, "UploadFinished", finished) is None
        assert await incoming.read_bytes(TIMEOUT) == data
