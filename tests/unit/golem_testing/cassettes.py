"""Small hand-made cassettes for the replay tests."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import attrs
from vcr.persisters.filesystem import FilesystemPersister
from vcr.request import Request
from vcr.serializers import yamlserializer

from golem_testing._files import (
    Message,
    Sidecar,
    StreamRecord,
    TapeItem,
    Unanswered,
    cassette_paths,
    write_sidecar,
)

API = "http://127.0.0.1:7465"


@attrs.frozen
class Exchange:
    method: str
    path: str
    answer: object = None
    body: object = None
    status: int = 200


def write_cassette(
    directory: Path,
    name: str,
    exchanges: Sequence[Exchange],
    *,
    streams: Sequence[StreamRecord] = (),
    tape: Sequence[TapeItem] | None = None,
    events: Sequence[str] = (),
    unanswered: Sequence[Unanswered] = (),
    results: dict[str, object] | None = None,
    names: Sequence[str] = (),
) -> None:
    """The exchanges' answers arrive in list order unless `tape` says otherwise."""
    yaml_path, tape_path = cassette_paths(directory, name)
    requests = [
        Request(e.method, API + e.path, b"" if e.body is None else json.dumps(e.body).encode(), {})
        for e in exchanges
    ]
    responses = [
        {
            "status": {"code": e.status, "message": "OK"},
            "headers": {"content-type": ["application/json"]},
            "body": {"string": json.dumps(e.answer).encode()},
        }
        for e in exchanges
    ]
    FilesystemPersister.save_cassette(
        yaml_path, {"requests": requests, "responses": responses}, yamlserializer
    )
    if tape is None:
        tape = [TapeItem("http", 0.1 * n, interaction=n) for n in range(len(exchanges))]
    write_sidecar(
        tape_path,
        Sidecar(
            name=name,
            started_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
            env={"YAGNA_APPKEY": "<app-key>", "YAGNA_API_URL": API},
            streams=tuple(streams),
            tape=tuple(tape),
            events=tuple(events),
            results=results or {},
            unanswered=tuple(unanswered),
            names=tuple(names),
        ),
    )


def unanswered(method: str, path: str, error: str = "cancelled") -> Unanswered:
    return Unanswered(method, API + path, Message(text=""), error)
