"""One small request to the daemon, its answer read whole, past httpx's models.

`fetch` is the exchange `DaemonTransport.handle_async_request` does (same
pool, same reuse and retry rules, same httpx exceptions), minus the httpx
Request and Response built around it: for the per-task calls, whose bodies
are a few hundred bytes, those models are most of what a call costs.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from golem_core._api.daemon_connection import Connection, Expired, wait_for
from golem_core._api.daemon_transport import (
    _FAILURES,
    _IDEMPOTENT,
    DaemonTransport,
    _translated,
    _Unanswered,
    exchange_failed,
)
from golem_core._api.http11 import NEED_DATA, Body, End, Head, ResponseReader
from golem_core._api.http11_whole import whole_response

__all__ = ["fetch"]

# what a failure before any answer is judged by (`exchange_failed` asks whether it `started`)
_UNSTARTED = ResponseReader()


async def fetch(
    transport: DaemonTransport,
    key: tuple[str, int],
    method: bytes,
    head: bytes,
    body: bytes | None,
    timeout: float,
    describe: Callable[[], httpx.Request],
) -> tuple[Head, bytes]:
    """One plain request whose answer is read whole: the head and the (raw) body.

    The same exchange as `handle_async_request` (same pool, same reuse and
    retry rules, same httpx exceptions), without building httpx's Request
    and Response around it: a small call's per-request floor. `timeout`
    bounds each phase, as `httpx.Timeout(timeout)` does; `describe` makes
    the request an httpx exception names, only when one is raised.
    """
    if transport._closed:
        raise RuntimeError("the transport is closed")
    if not transport._slots.take_now():
        try:
            await transport._slots.take(timeout)
        except Expired as error:
            raise _translated(error, "pool", describe()) from None
    try:
        connection = transport._reused(key)
        if connection is not None:
            try:
                return await _fetch_on(
                    transport,
                    connection,
                    method,
                    head,
                    body,
                    timeout,
                    describe,
                    method in _IDEMPOTENT,
                )
            except _Unanswered:
                pass
        try:
            connection = await transport._connect(key, timeout)
        except _FAILURES as error:
            raise _translated(error, "connect", describe()) from error
        return await _fetch_on(transport, connection, method, head, body, timeout, describe, False)
    finally:
        transport._slots.give_back()


async def _fetch_on(
    transport: DaemonTransport,
    connection: Connection,
    method: bytes,
    head: bytes,
    body: bytes | None,
    timeout: float,
    describe: Callable[[], httpx.Request],
    first_try: bool,
) -> tuple[Head, bytes]:
    reader = _UNSTARTED  # a reader of our own only when the answer needs one
    phase = "write"
    try:
        drained = connection.send(head if body is None else head + body)
        if drained is not None:
            await wait_for(drained, timeout)
        phase = "read"
        # most answers come whole in the first read: read at once, no reader events
        data = await connection.read(timeout)
        if data:
            whole = whole_response(data, method)
            if whole is not None:
                transport._release(connection, whole[2])
                return whole[0], whole[1]
            reader = ResponseReader(method=method)
            reader.feed(data)
        elif first_try:
            raise _Unanswered()
        else:
            reader = ResponseReader(method=method)
            reader.feed_eof()
        head_event = await transport._head(connection, reader, timeout, first_try)
        chunks: list[bytes] = []
        while True:
            event = reader.next_event()
            if event is NEED_DATA:
                data = await connection.read(timeout)
                if data:
                    reader.feed(data)
                else:
                    reader.feed_eof()
            elif isinstance(event, Body):
                chunks.append(event.data)
            else:
                assert isinstance(event, End)
                transport._release(connection, event.keep_alive)
                return head_event, b"".join(chunks)
    except BaseException as error:
        failure = exchange_failed(connection, error, reader, phase, first_try, describe)
        if failure is error:
            raise
        raise failure from error
