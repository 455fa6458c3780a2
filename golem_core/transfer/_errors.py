"""Why a gftp transfer failed. Every class is a GolemError."""

from __future__ import annotations

from golem_core.exceptions import GolemError, RemoteProtocolError


class TransferError(GolemError):
    """A file served to, or received from, another node over gftp failed."""


class TransferLimitExceeded(TransferError):
    """The uploader sent bytes beyond the size we agreed to accept; they were refused."""

    def __init__(self, url: str, limit_bytes: int, end: int) -> None:
        super().__init__(
            f"{url}: upload refused: it exceeds the limit of {limit_bytes} bytes"
            f" (a chunk reached byte {end})"
        )
        self.url = url
        self.limit_bytes = limit_bytes
        self.end = end


class ChecksumMismatch(TransferError):
    """The received bytes do not have the SHA3-256 the uploader or the caller expected."""

    def __init__(self, url: str, expected: str, actual: str) -> None:
        super().__init__(f"{url}: SHA3-256 mismatch: expected {expected}, received {actual}")
        self.url = url
        self.expected = expected
        self.actual = actual


class IncompleteTransfer(TransferError):
    """The uploader said it had finished, but some bytes never arrived."""

    def __init__(self, url: str, gap_start: int, gap_end: int) -> None:
        super().__init__(f"{url}: upload finished with bytes {gap_start}..{gap_end} missing")
        self.url = url
        self.gap_start = gap_start
        self.gap_end = gap_end


class TransferProtocolError(TransferError, RemoteProtocolError):
    """The other side sent a message that is not valid gftp."""


class TransferClosed(TransferError):
    """The transfer was closed (by us, or its socket dropped) before it finished."""


class TransferTimeoutError(TransferError):
    """The transfer did not finish within the time we were willing to wait."""

    def __init__(self, url: str, timeout: float) -> None:
        super().__init__(f"{url}: transfer not finished within {timeout:g} s")
        self.url = url
        self.timeout = timeout
