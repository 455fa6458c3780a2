"""The HTTP heads LocalHttpProxy reads and rewrites, and the errors it answers itself."""

from __future__ import annotations

import pytest

from golem_hl._http_head import (
    MalformedRequest,
    error_response,
    parse_request_head,
    rewrite_request_head,
)

GET = (
    b"GET /status?x=1 HTTP/1.1\r\n"
    b"Host: 127.0.0.1:8080\r\n"
    b"User-Agent: curl/8\r\n"
    b"Connection: keep-alive\r\n"
    b"Keep-Alive: timeout=5\r\n"
    b"Accept: */*\r\n\r\n"
)


def test_a_request_head_is_parsed() -> None:
    head = parse_request_head(GET)
    assert (head.method, head.target, head.version) == ("GET", "/status?x=1", "HTTP/1.1")
    assert head.get("host") == "127.0.0.1:8080"
    assert head.get("USER-AGENT") == "curl/8"
    assert head.get("missing") is None
    assert not head.is_upgrade


def test_the_rewritten_head_points_at_the_instance_and_closes_after_one_answer() -> None:
    rewritten = rewrite_request_head(parse_request_head(GET), "192.168.0.2:80")
    assert rewritten == (
        b"GET /status?x=1 HTTP/1.1\r\n"
        b"Host: 192.168.0.2:80\r\n"
        b"User-Agent: curl/8\r\n"
        b"Accept: */*\r\n"
        b"Connection: close\r\n\r\n"
    )


def test_an_upgrade_keeps_its_connection_header() -> None:
    raw = (
        b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        b"Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: abc\r\n\r\n"
    )
    head = parse_request_head(raw)
    assert head.is_upgrade
    assert rewrite_request_head(head, "10.0.0.2:80") == (
        b"GET /ws HTTP/1.1\r\nHost: 10.0.0.2:80\r\nUpgrade: websocket\r\n"
        b"Sec-WebSocket-Key: abc\r\nConnection: Upgrade\r\n\r\n"
    )


def test_a_lone_upgrade_header_is_dropped() -> None:
    head = parse_request_head(b"GET / HTTP/1.1\r\nUpgrade: h2c\r\n\r\n")
    assert not head.is_upgrade
    assert b"Upgrade" not in rewrite_request_head(head, "h")


@pytest.mark.parametrize(
    "raw",
    [
        b"GET / HTTP/1.1\r\nHost: x\r\n",  # no blank line
        b"GET /\r\n\r\n",  # HTTP/0.9
        b"GET / HTTP/2\r\n\r\n",
        b"GET  / HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        b"GET / HTTP/1.1\r\n folded: x\r\n\r\n",
    ],
)
def test_what_is_not_an_http1_request_head_is_refused(raw: bytes) -> None:
    with pytest.raises(MalformedRequest):
        parse_request_head(raw)


def test_error_responses_are_complete() -> None:
    answer = error_response(502, "instance 1 port 80: refused")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0] == b"HTTP/1.1 502 Bad Gateway"
    assert b"Content-Length: %d" % len(body) in head
    assert b"Connection: close" in head
    assert body == b"instance 1 port 80: refused\n"
