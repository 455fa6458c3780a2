"""A cassette on disk: vcrpy's YAML for plain HTTP, and our tape next to it.

`<name>.yaml` holds the plain HTTP exchanges in vcrpy's format, in the order
their answers arrived. `<name>.tape.json` holds what vcrpy cannot store: the
SSE streams and WebSockets (which never end by themselves), the order in which
everything the daemon told us arrived (the tape), the environment the session
ran with, the names of the golem_core events it emitted, and the results the
test reported (`check_result`), and the requests that never got an answer
(in flight when the session ended, or failed on the way).

Tape items, in arrival order, each `at` seconds after the recording started:
`http` (the answer to cassette interaction `interaction`, whose request was
the `sent`-th sent), `open` (a stream's
response head), `data` (an SSE chunk or a WebSocket message the daemon sent;
`text`, or `b64` for binary) and `close` (the daemon ended the stream; for a
WebSocket with `code` and `reason`).
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import cattrs

__all__ = [
    "FORMAT_VERSION",
    "Interaction",
    "Message",
    "Sidecar",
    "StreamRecord",
    "TapeItem",
    "Unanswered",
    "cassette_paths",
    "load_interactions",
    "read_sidecar",
    "write_empty_cassette",
    "write_sidecar",
]

FORMAT_VERSION = 1


@attrs.frozen
class Message:
    """One WebSocket message or SSE chunk: text when it decodes as UTF-8, else base64."""

    text: str | None = None
    b64: str | None = None

    @classmethod
    def of(cls, data: bytes, *, binary: bool = False) -> Message:
        if not binary:
            try:
                return cls(text=data.decode("utf-8"))
            except UnicodeDecodeError:
                pass
        return cls(b64=base64.b64encode(data).decode("ascii"))

    @property
    def data(self) -> bytes:
        if self.b64 is not None:
            return base64.b64decode(self.b64)
        return (self.text or "").encode("utf-8")

    @property
    def is_text(self) -> bool:
        return self.b64 is None


@attrs.frozen
class TapeItem:
    kind: str  # "http" | "open" | "data" | "close"
    at: float
    interaction: int | None = None
    sent: int | None = None  # http: the request's place in the order requests were sent
    stream: int | None = None
    text: str | None = None
    b64: str | None = None
    code: int | None = None
    reason: str | None = None

    @property
    def message(self) -> Message:
        return Message(text=self.text, b64=self.b64)


@attrs.frozen
class StreamRecord:
    """An SSE stream (`sse`) or a WebSocket (`ws`): its request, response head and our messages."""

    kind: str
    method: str
    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    sent: tuple[Message, ...] = ()


@attrs.frozen
class Unanswered:
    """A plain request that got no answer: cancelled (the session ended while it was in
    flight) or failed with an httpx error (`error` is its class name)."""

    method: str
    url: str
    body: Message
    error: str = "cancelled"
    sent: int | None = None  # its place among the requests in the order they were sent


@attrs.frozen
class Sidecar:
    name: str
    started_at: datetime
    env: dict[str, str]
    streams: tuple[StreamRecord, ...]
    tape: tuple[TapeItem, ...]
    events: tuple[str, ...]
    # what the test said its results were (CassetteSession.check_result), as JSON values
    results: dict[str, Any] = attrs.Factory(dict)
    unanswered: tuple[Unanswered, ...] = ()
    # golem_core's clock readings per calling function: (answers by then, seconds since start)
    clock: dict[str, tuple[tuple[int, float], ...]] = attrs.Factory(dict)
    # the (canonical) origins recorded; a replay answers only these (all, when empty)
    origins: tuple[str, ...] = ()
    # the names golem_core invented, in the order it drew them (golem_testing._names)
    names: tuple[str, ...] = ()
    version: int = FORMAT_VERSION


@attrs.frozen
class Interaction:
    """One plain HTTP exchange of the YAML cassette, as vcrpy stored it."""

    method: str
    url: str
    body: bytes
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    content: bytes


def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(omit_if_default=True)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook(datetime, lambda value, _: datetime.fromisoformat(value))
    return converter


_CONVERTER = _converter()


def cassette_paths(directory: Path, name: str) -> tuple[Path, Path]:
    """The YAML cassette and its tape."""
    return directory / f"{name}.yaml", directory / f"{name}.tape.json"


def write_sidecar(path: Path, sidecar: Sidecar) -> None:
    data = _CONVERTER.unstructure(sidecar)
    data["version"] = sidecar.version  # kept even though it is the default
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


def read_sidecar(path: Path) -> Sidecar:
    data = json.loads(path.read_text())
    if data.get("version") != FORMAT_VERSION:
        raise ValueError(f"{path}: tape format {data.get('version')}, expected {FORMAT_VERSION}")
    return _CONVERTER.structure(data, Sidecar)


def write_empty_cassette(path: Path) -> None:
    """vcrpy writes nothing for a session without plain HTTP; a replay needs the file."""
    from vcr.persisters.filesystem import FilesystemPersister
    from vcr.serializers import yamlserializer

    FilesystemPersister.save_cassette(path, {"requests": [], "responses": []}, yamlserializer)


def _bytes(value: Any) -> bytes:
    if value is None:
        return b""
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


def load_interactions(path: Path) -> list[Interaction]:
    """The YAML cassette's exchanges, in recorded order."""
    from vcr.persisters.filesystem import FilesystemPersister
    from vcr.serializers import yamlserializer

    requests, responses = FilesystemPersister.load_cassette(path, yamlserializer)
    interactions = []
    for request, response in zip(requests, responses, strict=True):
        headers = tuple(
            (name, value) for name, values in response["headers"].items() for value in values
        )
        interactions.append(
            Interaction(
                method=request.method,
                url=request.uri,
                body=_bytes(request.body),
                status=int(response["status"]["code"]),
                reason=str(response["status"].get("message") or ""),
                headers=headers,
                content=_bytes(response["body"]["string"]),
            )
        )
    return interactions
