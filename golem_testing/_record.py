"""Recording a session with a real daemon into a cassette.

Plain HTTP goes through vcrpy, which writes `<name>.yaml`. Requests for an
SSE stream or a WebSocket upgrade never reach vcrpy (it would wait for the end
of a body that never ends, and drop the upgraded connection): they go to the
real transport, and their messages are taken as they pass (see
golem_testing._websocket). Everything the daemon says is also noted on the
tape with its time, so a replay can keep to the same order.

Only requests from the recording thread to the recorded origins (the daemon's
API, and e.g. an image repository) are kept. Before anything is written:
the app key is removed (the Authorization header, `authToken=` parameters, and
any copy of it in a body, which becomes `<app-key>`); request headers are cut
down to `Accept` and `Content-Type`; the response's `Date` goes; and each
recorded origin becomes a fixed canonical one (`http://127.0.0.1:7465` for the
API), so the ports a local network happened to get do not show, and a replay
runs with the environment stored in the tape.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from golem_core import _clock
from golem_testing._clocks import RecordingClock
from golem_testing._files import (
    Message,
    Sidecar,
    StreamRecord,
    TapeItem,
    Unanswered,
    cassette_paths,
    write_empty_cassette,
    write_sidecar,
)
from golem_testing._names import Names
from golem_testing._patch import (
    ASYNC_TRANSPORTS,
    EventLog,
    origin_of,
    patched,
    router_off,
    stream_kind,
)
from golem_testing._websocket import Close, RecordingNetworkStream, WsMessage

__all__ = ["APP_KEY_PLACEHOLDER", "KEPT_REQUEST_HEADERS", "Recorder", "Scrubber"]

APP_KEY_PLACEHOLDER = "<app-key>"
KEPT_REQUEST_HEADERS = ("accept", "content-type")
DROPPED_RESPONSE_HEADERS = ("date",)


class Scrubber:
    """Secrets out, canonical origins in: applied to everything the cassette stores."""

    def __init__(self, origins: Mapping[str, str], secrets: Sequence[str]) -> None:
        # "http://127.0.0.1:5907" -> "http://127.0.0.1:7465", also as bare "127.0.0.1:5907"
        self._netlocs = {_netloc(real): _netloc(canonical) for real, canonical in origins.items()}
        self._secrets = [s for s in secrets if s]
        pattern = "|".join(re.escape(n) for n in sorted(self._netlocs, key=len, reverse=True))
        self._pattern = re.compile(rf"(?:{pattern})(?!\d)") if pattern else None

    def text(self, value: str) -> str:
        for secret in self._secrets:
            value = value.replace(secret, APP_KEY_PLACEHOLDER)
        if self._pattern is not None:
            value = self._pattern.sub(lambda m: self._netlocs[m.group(0)], value)
        return value

    def json(self, value: Any) -> Any:
        """Every string inside a JSON value scrubbed (results, which may show an address)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, dict):
            return {key: self.json(item) for key, item in value.items()}
        return value

    def data(self, value: bytes) -> bytes:
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            return value
        return self.text(text).encode("utf-8")


def _netloc(origin: str) -> str:
    return origin.split("://", 1)[-1].rstrip("/")


class Recorder:
    """Records the cassette `name` in `directory` while `recording()` is open."""

    def __init__(
        self,
        name: str,
        directory: Path,
        *,
        origins: Mapping[str, str],
        secrets: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.directory = directory
        self._origins = {origin_of(real): canonical for real, canonical in origins.items()}
        self._canonical = {origin_of(canonical) for canonical in self._origins.values()}
        self._scrub = Scrubber(self._origins, secrets)
        self.env = {key: self._scrub.text(value) for key, value in (env or {}).items()}
        for secret in secrets:
            for key, value in (env or {}).items():
                if value == secret:
                    self.env[key] = APP_KEY_PLACEHOLDER
        self._thread = threading.get_ident()
        self._tape: list[TapeItem] = []
        self._streams: list[StreamRecord] = []
        self._sent: list[list[Message]] = []
        self._began = time.monotonic()
        self.events = EventLog(lambda url: origin_of(url) in self._origins)
        self.results: dict[str, Any] = {}
        self._lost: list[Unanswered] = []
        self._sent_count = itertools.count()

    def _at(self) -> float:
        return round(time.monotonic() - self._began, 3)

    def _ours(self, url: str | httpx.URL) -> bool:
        return threading.get_ident() == self._thread and origin_of(url) in self._origins

    # --- vcrpy's filters --------------------------------------------------------------------

    def _before_record_request(self, request: Any) -> Any:
        # vcrpy may filter a request it already filtered: canonical origins are ours too
        canonical = origin_of(request.uri) in self._canonical
        if not canonical and not self._ours(request.uri):
            return None
        request.uri = self._scrub.text(request.uri)
        if isinstance(request.body, bytes):
            request.body = self._scrub.data(request.body)
        request.headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() in KEPT_REQUEST_HEADERS
        }
        return request

    def _before_record_response(self, response: dict[str, Any]) -> dict[str, Any]:
        headers = {
            name: [self._scrub.text(v) for v in values]
            for name, values in response["headers"].items()
            if name.lower() not in DROPPED_RESPONSE_HEADERS
        }
        body = response["body"]["string"]
        if isinstance(body, str):
            body = body.encode("utf-8")
        if isinstance(body, bytes):
            body = self._scrub.data(body)
            for name in headers:
                if name.lower() == "content-length":
                    headers[name] = [str(len(body))]
        response["headers"] = headers
        response["body"] = {"string": body}
        return response

    # --- the session ------------------------------------------------------------------------

    @contextlib.contextmanager
    def recording(self) -> Iterator[None]:
        import vcr

        yaml_path, tape_path = cassette_paths(self.directory, self.name)
        yaml_path.unlink(missing_ok=True)
        tape_path.unlink(missing_ok=True)
        started_at = datetime.now(timezone.utc)
        self._began = time.monotonic()
        real_async = {kind: kind.handle_async_request for kind in ASYNC_TRANSPORTS}
        real_sync = httpx.HTTPTransport.handle_request
        recorder = vcr.VCR(
            serializer="yaml",
            record_mode="all",
            filter_headers=["authorization"],
            filter_query_parameters=["authToken"],
            before_record_request=self._before_record_request,
            before_record_response=self._before_record_response,
            decode_compressed_response=True,
        )
        names = Names(self.name)
        clock = RecordingClock(names, started_at, lambda: len(self._tape))
        with recorder.use_cassette(str(yaml_path)) as cassette:
            from vcr.stubs.httpx_stubs import vcr_handle_async_request

            via_vcr_async = {
                # vcrpy knows httpx's transports only: ours goes through its same hook
                kind: vcr_handle_async_request(cassette, real, httpx)
                if kind.handle_async_request is real
                else kind.handle_async_request
                for kind, real in real_async.items()
            }
            via_vcr_sync = httpx.HTTPTransport.handle_request

            def noted(request: httpx.Request, sent: int) -> None:
                # vcrpy appended this exchange just before returning: nothing ran in between
                last = len(cassette.data) - 1
                if last >= 0 and urlsplit(cassette.data[last][0].uri).path == request.url.path:
                    item = TapeItem("http", self._at(), interaction=last, sent=sent)
                    self._tape.append(item)

            def take_over(real: Any, via_vcr: Any) -> Any:
                async def handle_async(transport: Any, request: httpx.Request) -> httpx.Response:
                    if not self._ours(request.url):
                        return await real(transport, request)  # type: ignore[no-any-return]
                    kind = stream_kind(request)
                    if kind is not None:
                        return await self._record_stream(kind, real, transport, request)
                    sent = next(self._sent_count)
                    try:
                        response: httpx.Response = await via_vcr(transport, request)
                    except BaseException as error:
                        self._unanswered(request, error, sent)
                        raise
                    noted(request, sent)
                    return response

                return handle_async

            def handle_sync(transport: Any, request: httpx.Request) -> httpx.Response:
                if not self._ours(request.url):
                    return real_sync(transport, request)
                sent = next(self._sent_count)
                response: httpx.Response = via_vcr_sync(transport, request)
                noted(request, sent)
                return response

            with contextlib.ExitStack() as patches:
                for kind, real in real_async.items():
                    handle = take_over(real, via_vcr_async[kind])
                    patches.enter_context(patched(kind, "handle_async_request", handle))
                patches.enter_context(patched(httpx.HTTPTransport, "handle_request", handle_sync))
                patches.enter_context(_clock.installed(clock))
                patches.enter_context(self.events.capturing())
                patches.enter_context(router_off())
                yield
        if not yaml_path.exists():
            write_empty_cassette(yaml_path)
        streams = tuple(
            StreamRecord(s.kind, s.method, s.url, s.status, s.headers, tuple(sent))
            for s, sent in zip(self._streams, self._sent, strict=True)
        )
        write_sidecar(
            tape_path,
            Sidecar(
                name=self.name,
                started_at=started_at,
                env=self.env,
                streams=streams,
                tape=tuple(self._tape),
                events=tuple(self.events.names),
                results=self._scrub.json(self.results),
                unanswered=tuple(self._lost),
                clock={site: tuple(taken) for site, taken in clock.readings.items()},
                origins=tuple(sorted(self._canonical)),
                names=tuple(names.issued),
            ),
        )

    async def _record_stream(
        self,
        kind: str,
        real: Callable[..., Any],
        transport: Any,
        request: httpx.Request,
    ) -> httpx.Response:
        response: httpx.Response = await real(transport, request)
        index = len(self._streams)
        headers = tuple(
            (name, self._scrub.text(value))
            for name, value in response.headers.multi_items()
            if name.lower() not in DROPPED_RESPONSE_HEADERS
        )
        self._streams.append(
            StreamRecord(
                kind=kind,
                method=request.method,
                url=self._scrub.text(str(request.url.copy_remove_param("authToken"))),
                status=response.status_code,
                headers=headers,
            )
        )
        sent: list[Message] = []
        self._sent.append(sent)
        self._tape.append(TapeItem("open", self._at(), stream=index))
        if kind == "ws" and response.status_code == 101:

            def received(item: WsMessage | Close) -> None:
                if isinstance(item, Close):
                    self._ended(index, item.code, item.reason)
                else:
                    self._message(index, Message.of(item.data, binary=not item.is_text))

            def sent_one(item: WsMessage) -> None:
                sent.append(Message.of(item.data, binary=not item.is_text))

            inner = response.extensions["network_stream"]
            response.extensions["network_stream"] = RecordingNetworkStream(
                inner, received, sent_one
            )
            return response
        response.stream = _RecordingBody(response.stream, self, index)
        return response

    def _unanswered(self, request: httpx.Request, error: BaseException, sent: int) -> None:
        kind = "cancelled" if isinstance(error, asyncio.CancelledError) else type(error).__name__
        try:
            content = request.content
        except httpx.RequestNotRead:
            content = b""
        body = Message.of(self._scrub.data(content))
        url = self._scrub.text(str(request.url.copy_remove_param("authToken")))
        self._lost.append(Unanswered(request.method, url, body, kind, sent))

    def _message(self, index: int, message: Message) -> None:
        item = TapeItem("data", self._at(), stream=index, text=message.text, b64=message.b64)
        self._tape.append(item)

    def _chunk(self, index: int, chunk: bytes) -> None:
        self._message(index, Message.of(self._scrub.data(chunk)))

    def _ended(self, index: int, code: int | None = None, reason: str | None = None) -> None:
        self._tape.append(TapeItem("close", self._at(), stream=index, code=code, reason=reason))


class _RecordingBody(httpx.AsyncByteStream):
    """A streamed body whose chunks go on the tape as they arrive."""

    def __init__(self, inner: Any, recorder: Recorder, index: int) -> None:
        self._inner = inner
        self._recorder = recorder
        self._index = index

    async def __aiter__(self) -> Any:
        async for chunk in self._inner:
            self._recorder._chunk(self._index, chunk)
            yield chunk
        self._recorder._ended(self._index)

    async def aclose(self) -> None:
        await self._inner.aclose()
