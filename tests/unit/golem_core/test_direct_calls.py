"""The per-task calls (exec, batch results) sent straight to the daemon transport.

They must put the same bytes on the wire as the same calls through httpx, fail
with the same errors, and leave the way through httpx whenever someone (a
cassette) has taken the transport's seam.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from golem_rest_activity.api.requestor import exec_
from golem_rest_activity.models import ExeScriptRequest

from golem_core._api import YagnaApi, direct
from golem_core._api._transport import DaemonClient, query_string
from golem_core._api.activity import exec_batch, get_batch_results
from golem_core._api.daemon_transport import DaemonTransport
from golem_core.activity.commands import Run, script_text
from golem_core.exceptions import (
    CallTimeoutError,
    NotFoundError,
    RemoteProtocolError,
    TransportError,
)
from golem_core.ids import ActivityId, BatchId
from tests.unit.golem_core.test_daemon_transport import Received, always, ok, serving

RESULT = {
    "index": 0,
    "eventDate": "2026-12-06T15:20:01.123456Z",
    "result": "Ok",
    "stdout": "7\n",
    "isBatchFinished": True,
}
ACTIVITY = ActivityId("act/1")
COMMANDS = [Run("/bin/sh", ("-c", "echo 7 ü"))]  # quoted in the path, as the generated client does


def answers(*bodies: bytes) -> Any:
    """Each request in turn gets the next 200 answer."""
    queue = list(bodies)

    async def answer(received: Received, writer: asyncio.StreamWriter) -> bool:
        writer.write(ok(queue.pop(0)))
        return True

    return answer


@contextlib.contextmanager
def seam_taken() -> Iterator[list[httpx.Request]]:
    """What a cassette does: DaemonTransport.handle_async_request replaced (here: spied on)."""
    seen: list[httpx.Request] = []
    original = DaemonTransport.handle_async_request

    async def spy(self: DaemonTransport, request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return await original(self, request)

    DaemonTransport.handle_async_request = spy  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        DaemonTransport.handle_async_request = original  # type: ignore[method-assign]


@contextlib.asynccontextmanager
async def api_for(url: str) -> AsyncIterator[YagnaApi]:
    api = YagnaApi(url, "secret")
    try:
        yield api
    finally:
        await api.aclose()


async def per_task_calls(api: YagnaApi) -> tuple[str, list[Any], list[Any]]:
    batch = await exec_batch(api, ACTIVITY, COMMANDS, 5.0)
    some = await get_batch_results(api, ACTIVITY, BatchId(batch), command_index=0, timeout=10.0)
    every = await get_batch_results(api, ACTIVITY, BatchId(batch), command_index=None, timeout=2)
    return batch, some, every


async def test_direct_calls_send_the_bytes_httpx_sends(monkeypatch: pytest.MonkeyPatch) -> None:
    bodies = (b'"b/7"', json.dumps([RESULT]).encode(), b"[]")
    async with serving(answers(*bodies)) as reference, api_for(reference.url) as api:
        with seam_taken() as seen:  # a cassette's seam: every call goes through httpx
            through_httpx = await per_task_calls(api)
    assert [request.url.raw_path.split(b"?")[0] for request in seen] == [
        b"/activity-api/v1/activity/act%2F1/exec",
        b"/activity-api/v1/activity/act%2F1/exec/b%2F7",
        b"/activity-api/v1/activity/act%2F1/exec/b%2F7",
    ]

    async def no_httpx(*args: object, **kwargs: object) -> None:
        raise AssertionError("a per-task call went through httpx's client")

    monkeypatch.setattr(DaemonClient, "send", no_httpx)
    async with serving(answers(*bodies)) as server, api_for(server.url) as api:
        direct = await per_task_calls(api)
    script = script_text(COMMANDS)
    port, other = str(server.port).encode(), str(reference.port).encode()
    assert [(r.head, r.body) for r in server.received] == [
        (r.head.replace(other, port), r.body) for r in reference.received
    ]
    assert direct[0] == through_httpx[0] == "b/7"
    assert direct[1] == through_httpx[1] and direct[1][0].stdout == "7\n"
    assert direct[2] == through_httpx[2] == []
    # and as the generated operation itself would have sent them
    generated = api.activity.get_async_httpx_client().build_request(
        **exec_._get_kwargs(ACTIVITY, body=ExeScriptRequest(text=script), timeout=5.0)
    )
    assert server.received[0].head.endswith(
        b"".join(b"%b: %b\r\n" % header for header in generated.headers.raw) + b"\r\n"
    )
    assert server.received[0].body == generated.content
    assert b"POST /activity-api/v1/activity/act%2F1/exec?timeout=5.0 " in server.received[0].head
    assert b"?commandIndex=0&timeout=10.0 " in server.received[1].head
    assert b"exec/b%2F7?timeout=2 " in server.received[2].head


async def test_a_seam_taken_later_still_gets_the_calls() -> None:
    async with serving(always(ok(b"[]"))) as server, api_for(server.url) as api:
        await get_batch_results(api, ACTIVITY, BatchId("b"), command_index=None, timeout=1)
        with seam_taken() as seen:
            await get_batch_results(api, ACTIVITY, BatchId("b"), command_index=None, timeout=1)
        await get_batch_results(api, ACTIVITY, BatchId("b"), command_index=None, timeout=1)
    assert len(seen) == 1 and len(server.received) == 3


async def test_a_client_changed_after_its_first_call_is_honoured() -> None:
    hooked: list[httpx.Request] = []

    async def hook(request: httpx.Request) -> None:
        hooked.append(request)

    async with serving(always(ok(b"[]"))) as server, api_for(server.url) as api:

        async def poll() -> None:
            await get_batch_results(api, ACTIVITY, BatchId("b"), command_index=None, timeout=1)

        await poll()
        client = api.activity.get_async_httpx_client()
        client.headers["X-Extra"] = "1"
        await poll()
        client.event_hooks["request"].append(hook)
        await poll()
    assert b"x-extra" not in server.received[0].head.lower()
    assert b"\r\nX-Extra: 1\r\n" in server.received[1].head
    assert len(hooked) == 1 and len(server.received) == 3


def status(line: bytes, body: bytes) -> bytes:
    return b"HTTP/1.1 %b\r\nContent-Length: %d\r\n\r\n%b" % (line, len(body), body)


@pytest.mark.parametrize(
    ("answer", "error", "text"),
    [
        (
            status(b"404 Not Found", b'{"message":"no activity"}'),
            NotFoundError,
            "no activity",
        ),
        (ok(b"[not json"), RemoteProtocolError, "cannot read the daemon's answer"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", CallTimeoutError, "get_exec_batch"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", TransportError, "get_exec_batch"),
    ],
)
async def test_direct_calls_fail_as_calls_through_httpx(
    answer: bytes, error: type[Exception], text: str
) -> None:
    if error is TransportError:
        reply = answer

        async def answer_then_close(received: Received, writer: asyncio.StreamWriter) -> bool:
            writer.write(reply)
            return False  # closed mid-body

        handler: Any = answer_then_close
    else:
        handler = always(answer)
    messages = []
    seams: tuple[Any, Any] = (contextlib.nullcontext([]), seam_taken())
    for seam in seams:
        with seam:
            async with serving(handler) as server, api_for(server.url) as api:
                with pytest.raises(error, match=text) as raised:
                    await get_batch_results(
                        api, ACTIVITY, BatchId("b"), command_index=0, timeout=-4.9
                    )
                messages.append(str(raised.value).replace(str(server.port), "PORT"))
    assert messages[0] == messages[1]


async def test_direct_calls_to_no_daemon_fail_as_through_httpx() -> None:
    async with serving(always(ok())) as server:
        url = server.url
    messages = []
    seams: tuple[Any, Any] = (contextlib.nullcontext([]), seam_taken())
    for seam in seams:
        with seam:
            async with api_for(url) as api:
                with pytest.raises(TransportError) as raised:
                    await exec_batch(api, ACTIVITY, [Run("/bin/true")], 5.0)
                messages.append(str(raised.value))
    assert messages[0] == messages[1]
    assert "exec" in messages[0] and url in messages[0]


async def test_a_results_poll_goes_again_when_a_reused_connection_was_closed() -> None:
    served = 0

    async def once_per_connection(received: Received, writer: asyncio.StreamWriter) -> bool:
        nonlocal served
        served += 1
        writer.write(ok(b"[]"))
        await writer.drain()
        return False  # closes, though the answer said keep-alive

    async with serving(once_per_connection) as server, api_for(server.url) as api:
        for _ in range(3):
            await asyncio.sleep(0)
            assert (
                await get_batch_results(api, ACTIVITY, BatchId("b"), command_index=None, timeout=1)
                == []
            )
    assert served == 3


async def test_a_compressed_answer_is_read_as_httpx_reads_it() -> None:
    body = gzip.compress(json.dumps([RESULT]).encode())
    answer = ok(body, b"Content-Type: application/json", b"Content-Encoding: gzip")
    async with serving(always(answer)) as server, api_for(server.url) as api:
        results = await get_batch_results(
            api, ACTIVITY, BatchId("b"), command_index=None, timeout=1
        )
    assert [result.stdout for result in results] == ["7\n"]


@pytest.mark.parametrize(
    "params",
    [
        {"timeout": 2},
        {"timeout": 2.0},
        {"timeout": 9.734218455},
        {"timeout": 1e-05},
        {"timeout": 1e16},
        {"timeout": 1e20},
        {"timeout": -0.0},
        {"timeout": float("inf")},
        {"timeout": float("nan")},
        {"timeout": True},
        {"timeout": None},
        {"commandIndex": 0, "timeout": 4.25},
        {"timeout": 5.0, "maxEvents": 10},
        {"timeout": 5.0, "afterTimestamp": "2026-12-06T15:20:01+00:00", "maxEvents": 10},
        {"allocationIds": "a,b"},
        {"pollTimeout": 3, "appSessionId": "s 1"},
    ],
)
def test_a_query_is_written_as_httpx_writes_it(params: dict[str, Any]) -> None:
    assert direct._query(params) == query_string(params).encode("ascii")


def test_a_results_poll_with_a_new_timeout_builds_no_httpx_query(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What is left of a deadline is a new float each poll: a cache never holds it."""

    def no_httpx(params: Any) -> str:
        raise AssertionError("the query went through httpx")

    monkeypatch.setattr(direct, "query_string", no_httpx)
    direct._query_cached.cache_clear()
    assert direct._query({"commandIndex": 1, "timeout": 7.123456789}) == (
        b"commandIndex=1&timeout=7.123456789"
    )


async def test_an_answer_in_pieces_and_whole_answers_share_one_connection() -> None:
    """A whole answer is read at once, one in pieces as it comes; both keep the connection."""
    body = json.dumps([RESULT]).encode()
    calls = 0

    async def whole_then_in_pieces(received: Received, writer: asyncio.StreamWriter) -> bool:
        nonlocal calls
        calls += 1
        answer = ok(body)
        if calls % 2:
            writer.write(answer)
            return True
        for piece in (answer[:5], answer[5:-10], answer[-10:]):
            writer.write(piece)
            await writer.drain()
            await asyncio.sleep(0.01)  # each piece a read of its own (the answer's pacing)
        return True

    async with serving(whole_then_in_pieces) as server, api_for(server.url) as api:
        for _ in range(4):
            results = await get_batch_results(
                api, ACTIVITY, BatchId("b"), command_index=0, timeout=1
            )
            assert [r.stdout for r in results] == ["7\n"]
    assert calls == 4
    assert server.connections == 1


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a":1}',
        b'[{"b":"\xc3\xbc"}]',
        b'"x"',
        b"7",
        b'{"a":"\xed\xa0\x80"}',  # a lone surrogate, as json.loads lets it through
        b"\xef\xbb\xbf{}",
        '{"a":"\u00fc"}'.encode("utf-16"),
        "[1]".encode("utf-16-le"),
        "[1]".encode("utf-32-be"),
    ],
)
def test_an_answer_s_json_is_read_as_json_loads_reads_it(raw: bytes) -> None:
    assert direct._json_of(raw) == json.loads(raw)


@pytest.mark.parametrize("raw", [b"", b" ", b"nul", b"\xff"])
def test_an_answer_that_is_not_json_fails_as_json_loads_fails(raw: bytes) -> None:
    with pytest.raises(ValueError) as expected:
        json.loads(raw)
    with pytest.raises(type(expected.value), match=re.escape(str(expected.value))):
        direct._json_of(raw)


def test_a_body_is_written_as_json_dumps_writes_it() -> None:
    body = {"text": script_text(COMMANDS), "n": [1, 2.5, None, True]}
    written = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    assert direct._encode_json(body) == written
    with pytest.raises(ValueError):
        direct._encode_json({"x": float("nan")})
