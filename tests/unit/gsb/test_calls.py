"""Pure call rules: URLs, request ids, prefix matching, reply packets."""

from __future__ import annotations

import asyncio

import pytest

from golem_core.flexbuffers import decode
from golem_core.gsb import calls
from golem_core.gsb.calls import (
    GsbCallError,
    RawReply,
    TcpEndpoint,
    UnixEndpoint,
    check_reply,
    end_of_stream,
    error_reply,
    match_prefix,
    new_request_id,
    next_reply,
    parse_gsb_url,
    reply_packet,
)
from golem_core.gsb.proto import CallReply, ReplyType


def test_gsb_urls() -> None:
    assert parse_gsb_url("tcp://127.0.0.1:6501") == TcpEndpoint("127.0.0.1", 6501)
    assert parse_gsb_url("tcp://127.0.0.1") == TcpEndpoint("127.0.0.1", 7464)
    assert parse_gsb_url("unix:/tmp/yagna.sock") == UnixEndpoint("/tmp/yagna.sock")
    assert parse_gsb_url("unix:///tmp/yagna.sock") == UnixEndpoint("/tmp/yagna.sock")
    for bad in ("http://127.0.0.1:1", "tcp://:5", "unix:", "127.0.0.1:7464"):
        with pytest.raises(ValueError):
            parse_gsb_url(bad)


def test_request_ids_are_unique() -> None:
    assert len({new_request_id() for _ in range(10_000)}) == 10_000


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("/public/exeunit/a1/Exec", "/public/exeunit/a1"),
        ("/public/exeunit/a1", "/public/exeunit/a1"),
        ("/public/exeunit/a1/deep/er", "/public/exeunit/a1"),
        ("/public/exeunit/a1x/Exec", "/public/exeunit"),  # not on a `/` boundary
        ("/public/exeunit/a1/GetState", "/public/exeunit/a1/GetState"),  # longest wins
        ("/public/gftp/h/GetChunk", None),
        ("/publicx", None),
    ],
)
def test_longest_prefix_on_slash_boundaries(address: str, expected: str | None) -> None:
    prefixes = ["/public/exeunit", "/public/exeunit/a1", "/public/exeunit/a1/GetState"]
    assert match_prefix(address, prefixes) == expected


def test_reply_packets() -> None:
    full = reply_packet("r1", {"Ok": 3}, ReplyType.FULL)
    assert (full.request_id, full.code, full.reply_type) == ("r1", 0, ReplyType.FULL)
    assert decode(full.data) == {"Ok": 3}
    raw = reply_packet("r1", RawReply(b"\x78\x9c", code=0), ReplyType.PARTIAL)
    assert raw == CallReply("r1", 0, ReplyType.PARTIAL, b"\x78\x9c")
    assert end_of_stream("r1") == CallReply("r1", 0, ReplyType.FULL, b"")
    assert error_reply("r1", 500, "boom ✗") == CallReply("r1", 500, 0, "boom ✗".encode())


def test_check_reply_names_address_and_code() -> None:
    good = CallReply("r", 0, 0, b"x")
    assert check_reply("/a", good) is good
    with pytest.raises(GsbCallError, match=r"/a/b.*code 400.*endpoint address not found") as caught:
        check_reply("/a/b", CallReply("r", 400, 0, b"endpoint address not found"))
    assert (caught.value.address, caught.value.code) == ("/a/b", 400)


async def test_a_stale_expiry_left_by_an_earlier_wait_is_skipped() -> None:
    # an earlier wait's timer went off in the same turn as its reply arrived
    queue: calls.ReplyQueue = asyncio.Queue()
    first = CallReply("r1", 0, ReplyType.PARTIAL, b"1")
    second = CallReply("r1", 0, ReplyType.FULL, b"2")
    queue.put_nowait(first)
    queue.put_nowait(calls._Expired())
    assert await next_reply(queue, "/a/b", timeout=60.0) is first
    queue.put_nowait(second)
    assert await next_reply(queue, "/a/b", timeout=60.0) is second


async def test_a_closed_connection_fails_the_wait() -> None:
    queue: calls.ReplyQueue = asyncio.Queue()
    queue.put_nowait(None)
    with pytest.raises(calls.GsbClosed, match="/a/b"):
        await next_reply(queue, "/a/b", timeout=60.0)
