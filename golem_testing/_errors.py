"""What a replay raises. AssertionErrors: a replay that does not match is a failed test."""

from __future__ import annotations

__all__ = ["CassetteMismatch", "CassetteNotFound", "ReplayStalled"]


class CassetteMismatch(AssertionError):
    """Our code sent a request (or WebSocket message, or result) the cassette did not record."""


class ReplayStalled(AssertionError):
    """The program waits only for answers the recording does not have."""


class CassetteNotFound(FileNotFoundError):
    """The cassette was never recorded (record it against a live daemon first)."""


for _error in (CassetteMismatch, ReplayStalled, CassetteNotFound):
    _error.__module__ = "golem_testing"
