"""Finding where each HTTP/1.1 request ends, from the client's bytes alone."""

from __future__ import annotations

import asyncio

import pytest

from bench import wire
from bench.wire import RequestCounter, RequestHead, WireError


def routes(counter: RequestCounter, data: bytes) -> list[str]:
    return [head.route for head in counter.feed(data)]


def test_keep_alive_requests_with_and_without_bodies() -> None:
    counter = RequestCounter()
    stream = (
        b"GET /market-api/v1/demands/abc0123456789abcdef0/events?timeout=5 HTTP/1.1\r\n"
        b"Host: x\r\n\r\n"
        b'POST /payment-api/v1/allocations HTTP/1.1\r\nContent-Length: 7\r\n\r\n{"a":1}'
        b"DELETE /activity-api/v1/activity/0123456789abcdef0123 HTTP/1.1\r\n\r\n"
    )
    assert routes(counter, stream) == [
        "GET /market-api/v1/demands/{id}/events",
        "POST /payment-api/v1/allocations",
        "DELETE /activity-api/v1/activity/{id}",
    ]


def test_bytes_split_anywhere_count_once() -> None:
    stream = b"POST /a HTTP/1.1\r\ncontent-length: 11\r\n\r\nhello worldGET /b HTTP/1.1\r\n\r\n"
    counter = RequestCounter()
    found = []
    for byte in stream:  # one byte at a time: the worst split there is
        found += routes(counter, bytes([byte]))
    assert found == ["POST /a", "GET /b"]


def test_a_body_that_looks_like_a_request_is_not_counted() -> None:
    body = b"GET /fake HTTP/1.1\r\n\r\n"
    head = f"POST /real HTTP/1.1\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    assert routes(RequestCounter(), head + body + b"GET /next HTTP/1.1\r\n\r\n") == [
        "POST /real",
        "GET /next",
    ]


def test_chunked_bodies_with_extensions_and_trailers() -> None:
    stream = (
        b"POST /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5;ext=1\r\nGET /\r\n"
        b"3\r\nabc\r\n"
        b"0\r\nTrailer: x\r\n\r\n"
        b"GET /after HTTP/1.1\r\n\r\n"
    )
    assert routes(RequestCounter(), stream) == ["POST /up", "GET /after"]


def test_an_upgrade_turns_the_connection_into_a_tunnel() -> None:
    counter = RequestCounter()
    upgrade = (
        b"GET /gsb-api/v1/services/L3B1YmxpYy9nZnRwL3h5eg HTTP/1.1\r\n"
        b"Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
    )
    assert routes(counter, upgrade + b"GET /looks-like-http HTTP/1.1\r\n\r\n") == [
        "GET /gsb-api/v1/services/{id}"
    ]
    assert counter.tunnel
    assert routes(counter, b"POST /x HTTP/1.1\r\n\r\n") == []


@pytest.mark.parametrize(
    "stream",
    [
        b"NOT HTTP\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
)
def test_what_is_not_http_is_refused(stream: bytes) -> None:
    with pytest.raises(WireError):
        RequestCounter().feed(stream)


def test_routes_keep_names_and_replace_ids() -> None:
    assert RequestHead("GET", "/me").route == "GET /me"
    assert (
        RequestHead("POST", f"/market-api/v1/demands/{'a1' * 20}/proposals/R-{'b2' * 32}").route
        == "POST /market-api/v1/demands/{id}/proposals/{id}"
    )
    assert RequestHead("GET", "/payment-api/v1/invoiceEvents?x=1").route == (
        "GET /payment-api/v1/invoiceEvents"
    )
    assert RequestHead("GET", "/payment-api/v1/requestorAccounts").route == (
        "GET /payment-api/v1/requestorAccounts"
    )
    service = "L3B1YmxpYy9nZnRwLzlmOTI0YTRlYmY2MTQyYWRhZDdlMjU3NDY0NDk1MGNm"
    assert RequestHead("DELETE", f"/gsb-api/v1/services/{service}").route == (
        "DELETE /gsb-api/v1/services/{id}"
    )


async def test_the_proxy_counts_and_acknowledges_every_read_on_both_sides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a proxy delaying its ACKs made the daemon hold small writes back (~40 ms a task)
    acked: list[tuple[str, int]] = []
    monkeypatch.setattr(wire, "quick_ack", lambda sock: acked.append(sock.getsockname()))

    async def upstream(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(upstream, "127.0.0.1", 0)
    try:
        async with wire.CountingProxy(server.sockets[0].getsockname()[1]) as proxy:
            host, port = proxy.url.removeprefix("http://").split(":")
            reader, writer = await asyncio.open_connection(host, int(port))
            writer.write(b"GET /me HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = await reader.read()
            writer.close()
    finally:
        server.close()
    assert answer.endswith(b"\r\n\r\nok")
    assert proxy.routes == {"GET /me": 1}
    proxy_port = int(port)
    assert any(local[1] == proxy_port for local in acked)  # the app's side
    assert any(local[1] != proxy_port for local in acked)  # the daemon's side
