"""The per-task calls (exec, batch results) straight to the daemon transport.

httpx builds a URL, a Request and a Response model for every call; for a
call whose answer is a few hundred bytes of JSON that is most of its CPU. When
nothing would see the difference (our own client and hooks, a plain-HTTP
`DaemonTransport` that no cassette has taken over), `fetch_json` writes the
very bytes httpx would and reads the answer itself; otherwise the call goes
through the client like any other.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from golem_core._api._transport import (
    DaemonClient,
    call,
    error_message,
    event_hooks,
    query_string,
    transport_detail,
)
from golem_core._api.daemon_fetch import fetch
from golem_core._api.daemon_transport import DaemonTransport
from golem_core._api.http11 import Head, header_block, request_head_with
from golem_core.exceptions import (
    CallTimeoutError,
    RemoteProtocolError,
    TransportError,
    api_error_for,
)

__all__ = ["fetch_json"]


# What the daemon transport sends when nobody (a cassette) has taken its seam.
_PLAIN_HANDLE = DaemonTransport.handle_async_request


class _Route:
    """What a direct request to one DaemonClient's daemon needs, worked out once per client."""

    __slots__ = (
        "base",
        "block",
        "client_headers",
        "empty_body_block",
        "key",
        "prefix",
        "transport",
    )

    def __init__(self, client: DaemonClient, transport: DaemonTransport) -> None:
        self.base = client.base_url
        self.client_headers = client.headers.raw
        base = httpx.URL(client._root)
        self.transport = transport
        self.key = (base.host, base.port or 80)
        self.prefix = base.raw_path.rstrip(b"/")
        # httpx's order: Host, the client's headers, the request's, Content-Length; checked
        # once, with an empty body's length right after Host where httpx puts it
        host = (b"Host", base.netloc)
        self.block = header_block([host, *self.client_headers])
        self.empty_body_block = header_block(
            [host, (b"Content-Length", b"0"), *self.client_headers]
        )


_HOOKS = event_hooks()
# methods whose requests httpx always gives a Content-Length
_BODY_METHODS = frozenset((b"POST", b"PUT", b"PATCH"))


def _direct_route(client: httpx.AsyncClient) -> _Route | None:
    """The way past httpx's models, when sending directly changes nothing but the cost.

    Only a DaemonClient with our hooks (and no auth, no redirects) over a
    plain-HTTP DaemonTransport whose seam nobody has taken (record/replay)
    qualifies, looked at on every call; anything else goes through httpx.
    """
    if not isinstance(client, DaemonClient):
        return None
    hooks = client.event_hooks
    if (
        client.auth is not None
        or client.follow_redirects
        or client.is_closed
        or hooks["request"] != _HOOKS["request"]
        or hooks["response"] != _HOOKS["response"]
    ):
        return None
    route: _Route | None = client.__dict__.get("_golem_route")
    if (
        route is None
        or route.base is not client.base_url
        or route.client_headers != (client.headers.raw)
    ):
        transport = client._direct
        if not isinstance(transport, DaemonTransport) or client.base_url.scheme != "http":
            return None
        route = client.__dict__["_golem_route"] = _Route(client, transport)
    if type(route.transport).handle_async_request is not _PLAIN_HANDLE:
        return None
    return route


@functools.lru_cache(maxsize=64)
def _query_cached(items: tuple[tuple[str, Any], ...], kinds: tuple[type, ...]) -> bytes:
    # `kinds` keeps 2 and 2.0 (equal, and so one cache entry) apart: httpx writes them apart
    return query_string(dict(items)).encode("ascii")


def _query(params: dict[str, Any]) -> bytes:
    """`params` as `query_string` writes them.

    The results poll's `timeout` is what is left of a deadline, a new float
    each call, so a cache never hits it and httpx's QueryParams and urlencode
    ran on every task. Plain-name keys with int or float values (not bool,
    which httpx writes `true`) come out as `name=str(value)`, as urlencode
    writes them whenever `str(value)` has no `+` (`1e+20`, escaped); anything
    else goes through `query_string`.
    """
    parts: list[str] = []
    for key, value in params.items():
        kind = type(value)
        if (kind is float or kind is int) and key in _PLAIN_KEYS:
            text = str(value)
            if "+" not in text:
                parts.append(f"{key}={text}")
                continue
        return _query_cached(tuple(params.items()), tuple(map(type, params.values())))
    return "&".join(parts).encode("ascii")


# query keys that urlencode leaves as they are (the ones golem_core's direct calls send)
_PLAIN_KEYS = frozenset(("timeout", "commandIndex", "maxEvents", "pollTimeout"))


async def fetch_json(
    client: httpx.AsyncClient,
    operation: str,
    method: str,
    path: str,
    *,
    params: dict[str, Any],
    body: Any = None,
    headers: tuple[tuple[str, str], ...] = (),
    read: bool = True,
    call_timeout: float,
) -> Any:
    """One small JSON call (`path` already quoted), its 2xx answer's JSON; errors as `call`'s.

    The per-task calls (exec, batch results) and the rest of a job's calls go
    this way: straight to the daemon transport when `_direct_route` allows, the
    same bytes on the wire as through httpx (Request/URL/Response models are
    most of such a call's CPU); otherwise through the client as any generated
    operation. `headers` come after the client's; with `read` false the
    answer's body is not looked at (None is returned), as the generated
    operations that answer nothing do.
    """
    route = _direct_route(client)
    if route is None:
        return await call(
            _through_httpx(operation),
            client=client,
            method=method,
            path=path,
            params=params,
            body=body,
            headers=headers,
            read=read,
            call_timeout=call_timeout,
        )
    verb = method.upper().encode("ascii")
    target = route.prefix + path.encode("ascii")
    if params:
        target += b"?" + _query(params)
    block = route.empty_body_block if body is None and verb in _BODY_METHODS else route.block
    head_lines: list[tuple[bytes, bytes]] = []
    if headers:
        head_lines += ((k.encode("ascii"), v.encode("ascii")) for k, v in headers)
    payload: bytes | None = None
    if body is not None:
        payload = _encode_json(body).encode("utf-8")
        head_lines += (
            (b"Content-Type", b"application/json"),
            (b"Content-Length", str(len(payload)).encode("ascii")),
        )
    head = request_head_with(verb, target, block, head_lines)

    def describe() -> httpx.Request:
        return client.build_request(method, path, params=params, headers=dict(headers))

    try:
        answer, raw = await fetch(
            route.transport, route.key, verb, head, payload, call_timeout, describe
        )
    except httpx.TimeoutException as error:
        raise CallTimeoutError(operation, call_timeout) from error
    except httpx.TransportError as error:
        raise TransportError(operation, transport_detail(error)) from error
    for name, _ in answer.headers:  # (a loop, not any() over a generator: a call per header)
        if name.lower() == b"content-encoding":
            raw = _decoded(answer, raw)
            break
    if not 200 <= answer.status < 300:
        raise api_error_for(operation, answer.status, error_message(raw))
    if not read:
        return None
    try:
        return _json_of(raw)
    except ValueError as error:
        raise RemoteProtocolError(
            f"{operation}: cannot read the daemon's answer: {error!r}"
        ) from error


# what json.dumps(ensure_ascii=False, separators=(",", ":"), allow_nan=False) writes, and
# json.loads reads, without making an encoder per call and finding the encoding of every answer
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
_decode_json = json.JSONDecoder().decode
# first bytes after which json.loads looks further for the encoding (BOMs, UTF-16/32's NULs)
_NOT_PLAIN_UTF8 = frozenset((b"", b"\x00", b"\xef", b"\xfe", b"\xff"))


def _json_of(raw: bytes) -> Any:
    """`json.loads(raw)`: an answer that starts as UTF-8 JSON does (neither a BOM nor
    a NUL in its first two bytes) is decoded as UTF-8 at once, as json.loads would."""
    if raw[:1] in _NOT_PLAIN_UTF8 or raw[1:2] == b"\x00":
        return json.loads(raw)
    return _decode_json(raw.decode("utf-8", "surrogatepass"))


def _decoded(answer: Head, raw: bytes) -> bytes:
    """A compressed body, decoded as httpx would."""
    response = httpx.Response(answer.status, headers=answer.headers, stream=httpx.ByteStream(raw))
    return response.read()


class _Parsed:
    __slots__ = ("parsed",)

    def __init__(self, parsed: Any) -> None:
        self.parsed = parsed


@functools.cache
def _through_httpx(operation: str) -> Callable[..., Awaitable[_Parsed]]:
    """The same call through the client (and whoever took its transport), named `operation`."""

    async def send(
        *,
        client: httpx.AsyncClient,
        method: str,
        path: str,
        params: dict[str, Any],
        body: Any,
        headers: tuple[tuple[str, str], ...],
        read: bool,
    ) -> _Parsed:
        if body is None:
            response = await client.request(method, path, params=params, headers=dict(headers))
        else:
            # as the generated clients send it
            sent = {**dict(headers), "Content-Type": "application/json"}
            response = await client.request(method, path, params=params, json=body, headers=sent)
        return _Parsed(response.json() if read else None)

    send.__module__ = f"{__name__}.{operation}"  # what `operation_name` reads
    return send
