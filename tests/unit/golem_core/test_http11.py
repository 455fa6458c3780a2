"""The sans-I/O HTTP/1.1 reader and writer, fed bytes directly (no sockets)."""

from __future__ import annotations

import re

import pytest

from golem_core._api.http11 import (
    NEED_DATA,
    Body,
    End,
    Head,
    HttpProtocolError,
    ResponseReader,
    chunk,
    header_block,
    request_head,
    request_head_with,
)
from golem_core._api.http11_whole import whole_response


def read_all(
    data: bytes, *, method: bytes = b"GET", step: int | None = None, eof: bool = False
) -> tuple[Head, bytes, End | None]:
    """Feed `data` in pieces of `step` bytes; the head, the whole body, and the End if seen."""
    reader = ResponseReader(method=method)
    pieces = [data] if step is None else [data[i : i + step] for i in range(0, len(data), step)]
    head: Head | None = None
    body = b""
    end: End | None = None
    for index, piece in enumerate([*pieces, None]):
        if piece is None:
            if not eof:
                break
            reader.feed_eof()
        else:
            reader.feed(piece)
        while True:
            event = reader.next_event()
            if event is NEED_DATA:
                break
            if isinstance(event, Head):
                head = event
            elif isinstance(event, Body):
                body += event.data
            else:
                assert isinstance(event, End)
                end = event
                break
        if end is not None:
            assert index >= len(pieces) - 1 or step is not None
            break
    assert head is not None
    return head, body, end


OK = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}'


@pytest.mark.parametrize("step", [None, 1, 2, 5, 13])
def test_a_length_framed_response_read_in_any_pieces(step: int | None) -> None:
    head, body, end = read_all(OK, step=step)
    assert (head.status, head.reason, head.http_version) == (200, b"OK", b"HTTP/1.1")
    assert head.headers == [(b"Content-Type", b"application/json"), (b"Content-Length", b"7")]
    assert body == b'{"a":1}'
    assert end == End(keep_alive=True)


CHUNKED = (
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nX-Trailer: t\r\n\r\n"
)


@pytest.mark.parametrize("step", [None, 1, 3, 7])
def test_a_chunked_response_read_in_any_pieces(step: int | None) -> None:
    head, body, end = read_all(CHUNKED, step=step)
    assert head.status == 200
    assert body == b"Wikipedia in \r\n\r\nchunks."
    assert end == End(keep_alive=True)


def test_keep_alive_leaves_the_next_response_untouched() -> None:
    reader = ResponseReader()
    reader.feed(OK + b"HTTP/1.1 204 No Content\r\n\r\n")
    events = [reader.next_event() for _ in range(3)]
    assert isinstance(events[0], Head)
    assert events[1:] == [Body(b'{"a":1}'), End(keep_alive=True)]
    assert reader.done
    assert reader.trailing == b"HTTP/1.1 204 No Content\r\n\r\n"


@pytest.mark.parametrize(
    ("head_block", "keep_alive"),
    [
        (b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", False),
        (b"HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\nContent-Length: 0\r\n\r\n", False),
        (b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", False),
        (b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", True),
    ],
)
def test_connection_close_and_http_1_0_end_the_connection(
    head_block: bytes, keep_alive: bool
) -> None:
    _, body, end = read_all(head_block)
    assert body == b""
    assert end == End(keep_alive=keep_alive)


@pytest.mark.parametrize("status", [204, 304])
def test_no_body_statuses_end_at_the_head_whatever_the_headers(status: int) -> None:
    _, body, end = read_all(b"HTTP/1.1 %d X\r\nContent-Length: 10\r\n\r\n" % status)
    assert body == b""
    assert end == End(keep_alive=True)


def test_a_head_request_gets_no_body() -> None:
    _, body, end = read_all(OK.split(b"\r\n\r\n")[0] + b"\r\n\r\n", method=b"HEAD")
    assert body == b""
    assert end == End(keep_alive=True)


def test_an_interim_100_continue_is_skipped() -> None:
    head, body, _ = read_all(b"HTTP/1.1 100 Continue\r\n\r\n" + OK, step=4)
    assert head.status == 200
    assert body == b'{"a":1}'


def test_a_body_without_framing_lasts_until_the_connection_closes() -> None:
    head, body, end = read_all(b"HTTP/1.1 200 OK\r\n\r\nall of it", step=3, eof=True)
    assert head.status == 200
    assert body == b"all of it"
    assert end == End(keep_alive=False)


def test_a_status_line_without_reason_is_read() -> None:
    head, _, _ = read_all(b"HTTP/1.1 201\r\nContent-Length: 0\r\n\r\n")
    assert (head.status, head.reason) == (201, b"")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"HTTP/2 200 OK\r\n\r\n", "malformed status line"),
        (b"ICY 200 OK\r\n\r\n", "malformed status line"),
        (b"HTTP/1.1 20 OK\r\n\r\n", "malformed status line"),
        (b"HTTP/1.1 abc OK\r\n\r\n", "malformed status line"),
        (b"garbage\r\n\r\n", "malformed status line"),
        (b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed header line"),
        (b"HTTP/1.1 200 OK\r\n folded: x\r\n\r\n", "malformed header line"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "conflicting"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "unsupported Transfer-Encoding"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "invalid chunk size"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc", "not followed by CRLF"),
        (b"HTTP/1.1 101 Switching Protocols\r\n\r\n", "101"),
    ],
)
def test_malformed_responses_raise_a_clear_error(data: bytes, message: str) -> None:
    reader = ResponseReader()
    reader.feed(data)
    with pytest.raises(HttpProtocolError, match=message):
        while reader.next_event() is not NEED_DATA:
            pass


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "without a response"),
        (b"HTTP/1.1 200 OK\r\nContent-Le", "middle of a head"),
        (OK[:-3], "3 bytes of the body still to come"),
        (CHUNKED[:60], "connection closed while waiting for"),
    ],
)
def test_a_connection_closed_too_early_is_an_error(data: bytes, message: str) -> None:
    reader = ResponseReader()
    reader.feed(data)
    while reader.next_event() is not NEED_DATA:
        pass
    reader.feed_eof()
    with pytest.raises(HttpProtocolError, match=message):
        while reader.next_event() is not NEED_DATA:
            pass


def test_an_endless_head_is_refused() -> None:
    reader = ResponseReader()
    reader.feed(b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 10_000)
    with pytest.raises(HttpProtocolError, match="longer than"):
        reader.next_event()


def test_started_says_whether_any_byte_arrived() -> None:
    reader = ResponseReader()
    reader.feed(b"")
    assert not reader.started
    reader.feed(b"H")
    assert reader.started


WHOLE = [
    OK,
    b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
    b"HTTP/1.1 201\r\nContent-Length: 2\r\nConnection: Keep-Alive, Close\r\n\r\nab",
    b"HTTP/1.1 404 Not Found\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nno",
    b"HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx",
    b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx",
    b"HTTP/1.1 500 Oops\r\nContent-Length: 3\r\nConnection: close\r\n\r\n\r\n\r",
]


@pytest.mark.parametrize("data", WHOLE)
@pytest.mark.parametrize("method", [b"GET", b"POST"])
def test_a_whole_answer_is_read_at_once_as_the_reader_reads_it(data: bytes, method: bytes) -> None:
    _, body, end = read_all(data, method=method)
    assert end is not None
    assert whole_response(data, method) == (read_all(data, method=method)[0], body, end.keep_alive)


@pytest.mark.parametrize(
    "data",
    [
        OK[:-1],  # the body not all there yet
        OK + b"HTTP/1.1 204 No Content\r\n\r\n",  # more than the answer
        OK.split(b"\r\n\r\n")[0],  # the head not all there yet
        CHUNKED,
        b"HTTP/1.1 200 OK\r\n\r\nall of it",  # until the connection closes
        b"HTTP/1.1 100 Continue\r\n\r\n" + OK,
        b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
        b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 1\r\n\r\nx",
        b"HTTP/1.1 101 Switching Protocols\r\nContent-Length: 0\r\n\r\n",
    ],
)
def test_anything_but_a_whole_plain_answer_is_left_to_the_reader(data: bytes) -> None:
    assert whole_response(data, b"GET") is None


def test_an_answer_to_head_is_left_to_the_reader() -> None:
    assert whole_response(OK, b"HEAD") is None


@pytest.mark.parametrize(
    "data",
    [b"HTTP/2 200 OK\r\n\r\n", b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"],
)
def test_a_malformed_head_read_at_once_raises_as_the_reader_does(data: bytes) -> None:
    with pytest.raises(HttpProtocolError, match="malformed"):
        whole_response(data, b"GET")


def test_request_head_is_the_request_line_and_headers() -> None:
    assert request_head(b"POST", b"/a?b=1", [(b"Host", b"h"), (b"Content-Length", b"2")]) == (
        b"POST /a?b=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n"
    )


@pytest.mark.parametrize(
    ("target", "headers", "message"),
    [
        (b"/a b", [], "invalid request target: b'/a b'"),
        (b"", [], "invalid request target: b''"),
        (b"/a\r", [(b"X", b"a")], "invalid request target"),
        (b"/a\nb", [], "invalid request target"),
        (b"/", [(b"X", b"a\r\nInjected: 1")], "invalid header: b'X'"),
        (b"/", [(b"A", b"1"), (b"X", b"a\r")], "invalid header: b'X'"),
        (b"/", [(b"A", b"1"), (b"X", b"\na")], "invalid header: b'X'"),
        (b"/", [(b"X\r", b"a"), (b"B", b"2")], "invalid header: b'X\\r'"),
        (b"/", [(b"X:Y", b"a")], "invalid header: b'X:Y'"),
    ],
)
def test_request_head_refuses_what_would_break_the_framing(
    target: bytes, headers: list[tuple[bytes, bytes]], message: str
) -> None:
    with pytest.raises(ValueError) as raised:
        request_head(b"GET", target, iter(headers))
    assert str(raised.value).startswith(message)


def test_chunk_frames_a_piece_of_body() -> None:
    assert chunk(b"x" * 26) == b"1a\r\n" + b"x" * 26 + b"\r\n"


LINES = [(b"Host", b"127.0.0.1:7465"), (b"Accept", b"*/*"), (b"Authorization", b"Bearer k")]


@pytest.mark.parametrize(
    ("method", "target", "extra"),
    [
        (b"GET", b"/a/b?timeout=1.5", []),
        (b"POST", b"/x", [(b"Content-Type", b"application/json"), (b"Content-Length", b"2")]),
        (b"DELETE", b"/%C3%BC", [(b"X-A", b"")]),
    ],
)
def test_a_head_with_checked_lines_is_the_head_request_head_makes(
    method: bytes, target: bytes, extra: list[tuple[bytes, bytes]]
) -> None:
    block = header_block(LINES)
    assert request_head_with(method, target, block, extra) == request_head(
        method, target, [*LINES, *extra]
    )


@pytest.mark.parametrize(
    ("target", "extra"),
    [
        (b"/a b", []),
        (b"", []),
        (b"/a\r\nX: y", []),
        (b"/a", [(b"X:Y", b"z")]),
        (b"/a", [(b"X", b"z\r\nEvil: 1")]),
        (b"/a", [(b"X\n", b"z")]),
    ],
)
def test_a_head_with_checked_lines_refuses_what_request_head_refuses(
    target: bytes, extra: list[tuple[bytes, bytes]]
) -> None:
    with pytest.raises(ValueError) as expected:
        request_head(b"GET", target, [*LINES, *extra])
    with pytest.raises(ValueError, match=re.escape(str(expected.value))):
        request_head_with(b"GET", target, header_block(LINES), extra)
    with pytest.raises(ValueError, match="invalid header"):
        header_block([*LINES, (b"Bad", b"x\ny")])
