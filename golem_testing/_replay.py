"""Playing a cassette back: the daemon's answers, in their recorded order, with no daemon.

Every httpx request of the cassette's thread to an origin the recording kept
(the daemon's API, an image repository; other origins are left alone, as
they were when recording) is answered from the cassette:

- plain HTTP by the recorded request it matches (golem_testing._matching;
  identical ones paired in the order they were sent, our invented names
  matched by role: golem_testing._names), once its answer's turn on the
  tape has come (golem_testing._tape);
- a long poll sent once more than recorded (the recording ended while it
  waited), or a request that was in flight when the recording ended, waits
  until the program cancels it, as it would have on the daemon; one that
  failed in the recording fails again with the same httpx error;
- SSE streams and WebSockets by their recorded messages, each when its turn
  comes; past the end of the recording a stream stays open and silent;
- anything else fails at once with CassetteMismatch, saying which request
  changed and how. The failure is also kept, so a program that swallows the
  exception still fails its test.

If the program then waits for nothing but answers beyond the recording (the
loop has no timer left), the replay has stalled: those waits fail with
ReplayStalled instead of hanging.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import attrs
import httpx

from golem_testing._errors import CassetteMismatch, ReplayStalled
from golem_testing._files import Interaction, Sidecar
from golem_testing._matching import (
    RequestKey,
    SentRequest,
    describe_mismatch,
    is_long_poll,
    normalized_body,
)
from golem_testing._names import NAMES_KNOWN, NameMap, Names, names_in, without_names
from golem_testing._patch import ASYNC_TRANSPORTS, origin_of, patched, router_off, stream_kind
from golem_testing._replay_streams import StreamPlayer
from golem_testing._tape import DEFAULT_PATIENCE, Tape
from golem_testing._timewarp import STALL_GRACE, TimeWarp

__all__ = ["Player"]


@attrs.define
class _Send:
    """A request the recording sent: answered (`interaction`), or not (`error`)."""

    request: SentRequest
    order: int  # its place among all requests, in the order they were sent
    interaction: Interaction | None = None
    tape_index: int | None = None
    error: str = "cancelled"
    claimed: bool = False
    # the request with our invented names taken out, and those names in order
    neutral: SentRequest = attrs.field(init=False)
    names: list[str] = attrs.field(init=False)
    _body: object = attrs.field(default=None, init=False)
    _normalized: bool = attrs.field(default=False, init=False)

    def take_names_out(self, known: set[str]) -> None:
        self.neutral = _neutral(self.request, known)
        self.names = _names_of(self.request, known)

    def body(self) -> object:
        if not self._normalized:
            self._body = normalized_body(self.neutral.body)
            self._normalized = True
        return self._body


def _neutral(request: SentRequest, known: set[str]) -> SentRequest:
    url = without_names(request.url.encode(), known).decode()
    return SentRequest(request.method, url, without_names(request.body, known))


def _names_of(request: SentRequest, known: set[str]) -> list[str]:
    return names_in(request.url.encode() + b" " + request.body, known)


def _recorded_sends(
    interactions: list[Interaction], sidecar: Sidecar, known: set[str]
) -> list[_Send]:
    """Every recorded request, answered or not, in the order they were sent."""
    answers = {
        item.interaction: (index, item.sent)
        for index, item in enumerate(sidecar.tape)
        if item.kind == "http" and item.interaction is not None
    }
    sends = []
    for number, interaction in enumerate(interactions):
        tape_index, order = answers.get(number, (None, None))
        sends.append(
            _Send(
                SentRequest(interaction.method, interaction.url, interaction.body),
                number if order is None else order,  # cassettes without send order
                interaction,
                tape_index,
            )
        )
    for number, lost in enumerate(sidecar.unanswered):
        order = len(interactions) + number if lost.sent is None else lost.sent
        request = SentRequest(lost.method, lost.url, lost.body.data)
        sends.append(_Send(request, order, error=lost.error))
    for send in sends:
        send.take_names_out(known)
    return sorted(sends, key=lambda send: send.order)


class Player:
    def __init__(
        self,
        name: str,
        interactions: list[Interaction],
        sidecar: Sidecar,
        *,
        patience: float = DEFAULT_PATIENCE,
        time_warp: bool = True,
        stall_grace: float = STALL_GRACE,
    ) -> None:
        self.name = name
        self._stall_grace = stall_grace
        self.sidecar = sidecar
        self.tape = Tape([item.at for item in sidecar.tape], patience=patience)
        self.failures: list[str] = []
        self._time_warp = time_warp
        self._thread = threading.get_ident()
        stream_items: dict[int, list[int]] = defaultdict(list)
        stream_opens: dict[int, int] = {}
        for index, item in enumerate(sidecar.tape):
            if item.kind == "open" and item.stream is not None:
                stream_opens[item.stream] = index
            elif item.kind != "http" and item.stream is not None:
                stream_items[item.stream].append(index)
        self.names = Names(name)  # what golem_core draws during the replay
        self._known = self.names.first(max(len(sidecar.names), NAMES_KNOWN))
        self._sends = _recorded_sends(interactions, sidecar, self._known)
        self._by_key: dict[RequestKey, list[_Send]] = defaultdict(list)
        for send in self._sends:
            self._by_key[send.neutral.key].append(send)
        self._name_map = NameMap()
        self._beyond: dict[asyncio.Future[None], str] = {}
        self._warps: list[TimeWarp] = []
        self.streams = StreamPlayer(
            name, sidecar, self.tape, stream_items, stream_opens, self._fail, self._wait_beyond
        )

    def __repr__(self) -> str:
        answered = [s for s in self._sends if s.interaction is not None]
        claimed = sum(s.claimed for s in answered)
        return (
            f"Player({self.name!r}, {claimed}/{len(answered)} exchanges, "
            f"{self.tape!r}, {len(self.failures)} failures)"
        )

    # --- the transport seam ---------------------------------------------------------------

    @contextlib.contextmanager
    def patching(self) -> Iterator[None]:
        player = self

        def take_over(original: Any) -> Any:
            async def handle_async(transport: Any, request: httpx.Request) -> httpx.Response:
                if not player._ours(request):
                    return await original(transport, request)  # type: ignore[no-any-return]
                return await player._handle_async(request)

            return handle_async

        def handle_sync(transport: Any, request: httpx.Request) -> httpx.Response:
            if not player._ours(request):
                return original_sync(transport, request)  # type: ignore[no-any-return]
            return player._handle_sync(request)

        with contextlib.ExitStack() as patches:
            for kind in ASYNC_TRANSPORTS:
                original = kind.handle_async_request
                patches.enter_context(patched(kind, "handle_async_request", take_over(original)))
            original_sync = patches.enter_context(
                patched(httpx.HTTPTransport, "handle_request", handle_sync)
            )
            patches.enter_context(router_off())
            try:
                yield
            finally:
                for warp in self._warps:
                    warp.uninstall()

    def _ours(self, request: httpx.Request) -> bool:
        """From the replaying thread to an origin the recording kept (the daemon's API...)."""
        if threading.get_ident() != self._thread:
            return False
        origins = self.sidecar.origins
        return not origins or origin_of(request.url) in origins

    def _warp(self) -> None:
        if not self._time_warp:
            return
        loop = asyncio.get_running_loop()
        if any(warp.loop is loop for warp in self._warps):
            return
        warp = TimeWarp(loop, self._stalled, stall_grace=self._stall_grace)
        if warp.install():
            self._warps.append(warp)
            self.tape.keep_pace(loop)

    # --- plain HTTP ---------------------------------------------------------------------

    def _fail(self, message: str, kind: type[AssertionError] = CassetteMismatch) -> AssertionError:
        self.failures.append(message)
        return kind(message)

    def _known_names(self) -> set[str]:
        if len(self.names.issued) > len(self._known):  # more than ever recorded
            self._known = self.names.first(len(self.names.issued))
        return self._known

    def _claim(self, sent: SentRequest) -> _Send | None:
        """The first recorded request like `sent` (body too) not sent again yet, in send order.

        Our invented names match when they line up with the names matched so far."""
        known = self._known_names()
        neutral = _neutral(sent, known)
        names = _names_of(sent, known)
        body: object = None
        for send in self._by_key.get(neutral.key, ()):
            if send.claimed:
                continue
            if body is None:
                body = normalized_body(neutral.body)
            if send.body() != body:
                continue
            pairs = self._name_map.fits(names, send.names)
            if pairs is None:
                continue
            self._name_map.bind(pairs)
            send.claimed = True
            return send
        return None

    def _repeats(self, sent: SentRequest) -> bool:
        """The same request (body too) was recorded and has been answered already."""
        neutral = _neutral(sent, self._known_names())
        body = normalized_body(neutral.body)
        return any(
            s.claimed and s.interaction is not None and s.body() == body
            for s in self._by_key.get(neutral.key, ())
        )

    def _mismatch(self, sent: SentRequest) -> AssertionError:
        answered = [s for s in self._sends if s.interaction is not None]
        unplayed = [s.request for s in answered if not s.claimed]
        played = [s.request for s in answered if s.claimed]
        return self._fail(describe_mismatch(sent, unplayed, played, cassette=self.name))

    async def _handle_async(self, request: httpx.Request) -> httpx.Response:
        self._warp()
        sent = SentRequest(request.method, str(request.url), await request.aread())
        kind = stream_kind(request)
        if kind is not None:
            return await self.streams.open(kind, sent, request)
        send = self._claim(sent)
        if send is None:
            if is_long_poll(sent.url) and self._repeats(sent):
                await self._wait_beyond(f"{sent.key} (a long poll)")
            raise self._mismatch(sent)
        if send.interaction is None:
            if send.error != "cancelled":
                raise _httpx_error(send.error, request)
            await self._wait_beyond(f"{sent.key} (unanswered when the recording ended)")
            raise AssertionError("unreachable: a wait past the recording ends by an error")
        if send.tape_index is not None:
            await self.tape.turn(send.tape_index)
            self.tape.hand_out(send.tape_index)
        return _response(send.interaction, request)

    def _handle_sync(self, request: httpx.Request) -> httpx.Response:
        sent = SentRequest(request.method, str(request.url), request.read())
        if stream_kind(request) is not None:
            raise self._fail(f"cassette {self.name}: streams need an async client ({sent.key})")
        send = self._claim(sent)
        if send is None or send.interaction is None:
            raise self._mismatch(sent)
        if send.tape_index is not None:
            self.tape.hand_out(send.tape_index)  # no waiting in a sync call
        return _response(send.interaction, request)

    async def _wait_beyond(self, what: str) -> None:
        """Wait as the daemon would have, past the recording: until cancelled (or stalled)."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._beyond[waiter] = what
        try:
            await waiter
        finally:
            self._beyond.pop(waiter, None)

    def _stalled(self) -> bool:
        waits = [*self._beyond.values(), *self.streams.silent.values()]
        if not waits:
            return False
        message = (
            f"cassette {self.name}: replay stalled: the program waits only for answers the "
            f"recording does not have: {'; '.join(sorted(waits))}"
        )
        self.failures.append(message)
        for waiter in list(self._beyond):
            if not waiter.done():
                waiter.set_exception(ReplayStalled(message))
        self.streams.end_silent()
        return True

    # --- the end ----------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Failures, and what the recording has that the program no longer did."""
        found = list(self.failures)
        for send in self._sends:
            if send.interaction is None or send.claimed or is_long_poll(send.request.url):
                continue
            found.append(
                f"cassette {self.name}: recorded request not sent any more: {send.request.key}"
            )
        return found + self.streams.problems()


def _response(interaction: Interaction, request: httpx.Request) -> httpx.Response:
    extensions = {"reason_phrase": interaction.reason.encode("ascii")} if interaction.reason else {}
    return httpx.Response(
        interaction.status,
        headers=list(interaction.headers),
        stream=httpx.ByteStream(interaction.content),
        request=request,
        extensions=extensions,
    )


def _httpx_error(name: str, request: httpx.Request) -> httpx.HTTPError:
    """The httpx error the recorded request failed with, raised again."""
    kind = getattr(httpx, name, None)
    if isinstance(kind, type) and issubclass(kind, httpx.RequestError):
        return kind(f"{name} (recorded)", request=request)
    return httpx.TransportError(f"{name} (recorded)", request=request)
