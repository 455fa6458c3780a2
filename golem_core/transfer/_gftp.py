"""gftp, yagna's file transfer over GSB: names, URLs, error values, byte ranges. No I/O.

A file is served at `/public/gftp/<name>` with `GetMetadata` (-> `{fileSize}`)
and `GetChunk {offset, size}` (-> `{offset, content}`); an upload target takes
`UploadChunk {chunk: {offset, content}}` and `UploadFinished {hash?}`. Other
nodes reach it as `/net/<publisher node id>/gftp/<name>`, and hand it around as
`gftp://<node id>/<name>`. Content is hashed with SHA3-256 (lowercase hex).
Errors are gftp's `Error` enum in serde form: `{"ReadError": text}`,
`{"WriteError": text}`, `{"InternalError": text}` or the string `"IntegrityError"`.
"""

from __future__ import annotations

import bisect
import hashlib
import re

import attrs

from golem_core._clock import new_id
from golem_core.flexbuffers import Flex, FlexValue
from golem_core.ids import NodeId
from golem_core.transfer._errors import TransferError

# What yagna's own downloader and uploader ask for or send per call.
CHUNK_SIZE = 40 * 1024

GET_METADATA = "GetMetadata"
GET_CHUNK = "GetChunk"
UPLOAD_CHUNK = "UploadChunk"
UPLOAD_FINISHED = "UploadFinished"
PUBLISH_COMPONENTS = (GET_METADATA, GET_CHUNK)
RECEIVE_COMPONENTS = (UPLOAD_CHUNK, UPLOAD_FINISHED)

INTEGRITY_ERROR = "IntegrityError"

_NODE_ID = re.compile(r"0x[0-9a-f]{40}")
_NAME = re.compile(r"[A-Za-z0-9_.\-]+")


def new_name() -> str:
    """A fresh unguessable name: anyone who knows a name can call it."""
    return new_id()


def service_address(name: str) -> str:
    """Where we bind a file on our own node."""
    return f"/public/gftp/{name}"


@attrs.frozen
class GftpUrl:
    node_id: NodeId
    name: str

    def __str__(self) -> str:
        return f"gftp://{self.node_id}/{self.name}"

    @property
    def remote_address(self) -> str:
        """The GSB address another node calls (append `/<message>`)."""
        return f"/net/{self.node_id}/gftp/{self.name}"


def parse_gftp_url(url: str) -> GftpUrl:
    """`gftp://0x<40 hex>/<name>`; ValueError for anything else."""
    scheme, sep, rest = url.partition("://")
    if scheme != "gftp" or not sep:
        raise ValueError(f"not a gftp URL: {url!r}")
    host, slash, name = rest.partition("/")
    node_id = host.lower()
    if not _NODE_ID.fullmatch(node_id):
        raise ValueError(f"gftp URL {url!r} has no node id (0x and 40 hex digits)")
    if not slash or not _NAME.fullmatch(name):
        raise ValueError(f"gftp URL {url!r} has no valid file name")
    return GftpUrl(NodeId(node_id), name)


def sha3_256_hex(data: bytes | bytearray | memoryview) -> str:
    return hashlib.sha3_256(data).hexdigest()


# --- gftp::Error values ----------------------------------------------------------


def read_error(text: str) -> dict[str, Flex]:
    return {"ReadError": text}


def write_error(text: str) -> dict[str, Flex]:
    return {"WriteError": text}


def internal_error(text: str) -> dict[str, Flex]:
    return {"InternalError": text}


@attrs.frozen
class Refuse:
    """Answer with gftp error `error`; if `failure` is set, the transfer fails with it."""

    error: Flex
    failure: TransferError | None = None


# --- reading payloads ------------------------------------------------------------


def uint_field(payload: dict[str, FlexValue], key: str) -> int:
    """A non-negative integer field; ValueError when missing or of another type."""
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"field {key!r} must be a non-negative integer, got {value!r:.60}")
    return value


def bytes_field(payload: dict[str, FlexValue], key: str) -> bytes:
    """A Blob field (serde_bytes); a vector of small ints is accepted too."""
    value = payload.get(key)
    if isinstance(value, bytes):
        return value
    if isinstance(value, list) and all(
        isinstance(b, int) and not isinstance(b, bool) and 0 <= b < 256 for b in value
    ):
        return bytes(value)  # type: ignore[arg-type]  # checked element by element above
    raise ValueError(f"field {key!r} must be bytes, got {type(value).__name__}")


# --- byte ranges -------------------------------------------------------------------


class Coverage:
    """Which bytes of a file have been seen, as merged half-open ranges."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def __repr__(self) -> str:
        ranges = ", ".join(f"{s}..{e}" for s, e in zip(self._starts, self._ends, strict=True))
        return f"Coverage([{ranges}])"

    def add(self, start: int, end: int) -> None:
        if end <= start:
            return
        # every range touching [start, end) is merged into one
        first = bisect.bisect_left(self._ends, start)
        last = bisect.bisect_right(self._starts, end)
        if first < last:
            start = min(start, self._starts[first])
            end = max(end, self._ends[last - 1])
        self._starts[first:last] = [start]
        self._ends[first:last] = [end]

    def first_gap(self, start: int, end: int) -> tuple[int, int] | None:
        """The first range within [start, end) not seen yet, or None."""
        position = start
        index = bisect.bisect_right(self._ends, position)
        while position < end:
            if index >= len(self._starts) or self._starts[index] > position:
                gap_end = end if index >= len(self._starts) else min(end, self._starts[index])
                return (position, gap_end)
            position = self._ends[index]
            index += 1
        return None

    def covers(self, start: int, end: int) -> bool:
        return self.first_gap(start, end) is None

    @property
    def total(self) -> int:
        return sum(e - s for s, e in zip(self._starts, self._ends, strict=True))

    def clear(self) -> None:
        self._starts.clear()
        self._ends.clear()
