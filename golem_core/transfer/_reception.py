"""Receiving an upload: what to do with UploadChunk and UploadFinished. No I/O.

Chunks may come in any order and are written at their offsets. A chunk that
would put any byte at or beyond `limit_bytes` is refused (WriteError) and the
whole reception fails with TransferLimitExceeded: a peer that ignores the
limit is not trusted with the rest either. UploadFinished first checks that
every byte up to the highest one written has arrived, then (after the caller
has hashed what it stored) that the SHA3-256 matches the uploader's `hash`
and the caller's own expectation; a mismatch is gftp's IntegrityError.

States: RECEIVING -> (UploadFinished) VERIFYING -> FINISHED, or FAILED from
RECEIVING/VERIFYING. In FINISHED and FAILED every further call is refused
without changing the outcome.
"""

from __future__ import annotations

import enum

import attrs

from golem_core.flexbuffers import FlexValue
from golem_core.transfer._errors import (
    ChecksumMismatch,
    IncompleteTransfer,
    TransferError,
    TransferLimitExceeded,
    TransferProtocolError,
)
from golem_core.transfer._gftp import (
    INTEGRITY_ERROR,
    UPLOAD_CHUNK,
    UPLOAD_FINISHED,
    Coverage,
    Refuse,
    bytes_field,
    internal_error,
    uint_field,
    write_error,
)


class ReceptionState(enum.Enum):
    RECEIVING = "receiving"
    VERIFYING = "verifying"
    FINISHED = "finished"
    FAILED = "failed"


@attrs.frozen
class Write:
    """Store `content` at `offset`, then answer null."""

    offset: int
    content: bytes


@attrs.frozen
class Verify:
    """Hash the `size` bytes stored and pass the hex digest to `Reception.conclude`."""

    size: int


@attrs.frozen
class Accept:
    """The upload is complete and checked: answer null and hand out the result."""

    size: int
    sha3: str


class Reception:
    """Decisions for one upload target."""

    def __init__(self, url: str, limit_bytes: int, expected_sha3: str | None = None) -> None:
        if limit_bytes < 0:
            raise ValueError("limit_bytes cannot be negative")
        self.url = url
        self.limit_bytes = limit_bytes
        self.expected_sha3 = expected_sha3.lower() if expected_sha3 else None
        self.state = ReceptionState.RECEIVING
        self.failure: TransferError | None = None
        self.size = 0  # one past the highest byte written
        self._written = Coverage()
        self._claimed_sha3: str | None = None

    def __repr__(self) -> str:
        return (
            f"Reception({self.state.value}, size={self.size}, limit_bytes={self.limit_bytes},"
            f" written={self._written!r})"
        )

    def on_call(self, component: str, payload: dict[str, FlexValue]) -> Write | Verify | Refuse:
        if self.state is not ReceptionState.RECEIVING:
            return Refuse(internal_error(f"upload to {self.url} is already {self.state.value}"))
        if component == UPLOAD_CHUNK:
            return self._chunk(payload)
        if component == UPLOAD_FINISHED:
            return self._finished(payload)
        return Refuse(internal_error(f"an upload target does not serve {component}"))

    def fail(self, failure: TransferError) -> Refuse:
        """Fail the reception for a reason found outside (a write that failed, say)."""
        self.state = ReceptionState.FAILED
        self.failure = failure
        return Refuse(write_error(str(failure)), failure)

    def _chunk(self, payload: dict[str, FlexValue]) -> Write | Refuse:
        try:
            chunk = payload.get("chunk")
            if not isinstance(chunk, dict):
                raise ValueError("field 'chunk' must be a map")
            offset = uint_field(chunk, "offset")
            content = bytes_field(chunk, "content")
        except ValueError as error:
            return self.fail(TransferProtocolError(f"{self.url}: bad UploadChunk: {error}"))
        end = offset + len(content)
        if end > self.limit_bytes:
            return self.fail(TransferLimitExceeded(self.url, self.limit_bytes, end))
        self._written.add(offset, end)
        self.size = max(self.size, end)
        return Write(offset, content)

    def _finished(self, payload: dict[str, FlexValue]) -> Verify | Refuse:
        claimed = payload.get("hash")
        if claimed is not None and not isinstance(claimed, str):
            return self.fail(
                TransferProtocolError(f"{self.url}: bad UploadFinished: hash is not a string")
            )
        gap = self._written.first_gap(0, self.size)
        if gap is not None:
            return self.fail(IncompleteTransfer(self.url, *gap))
        self._claimed_sha3 = claimed.lower() if claimed else None
        self.state = ReceptionState.VERIFYING
        return Verify(self.size)

    def conclude(self, actual_sha3: str) -> Accept | Refuse:
        """The outcome once the stored bytes hash to `actual_sha3`."""
        if self.state is not ReceptionState.VERIFYING:
            raise RuntimeError(f"conclude() in state {self.state.value}")
        actual = actual_sha3.lower()
        for expected in (self._claimed_sha3, self.expected_sha3):
            if expected is not None and expected != actual:
                self.state = ReceptionState.FAILED
                self.failure = ChecksumMismatch(self.url, expected, actual)
                return Refuse(INTEGRITY_ERROR, self.failure)
        self.state = ReceptionState.FINISHED
        return Accept(self.size, actual)
