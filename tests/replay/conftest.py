"""Replays need nothing but Python: while one runs, nothing may connect outside the process.

A test may still connect to a server it started itself (network.py's local
HTTP proxy): connections to loopback ports this process listens on are let
through, and nothing else.
"""

from __future__ import annotations

import socket
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def no_network(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.config.getoption("golem_record"):
        return  # recording talks to the local network, of course
    ours: set[int] = set()
    bind, connect, connect_ex = socket.socket.bind, socket.socket.connect, socket.socket.connect_ex

    def bound(self: socket.socket, address: Any) -> None:
        bind(self, address)
        if self.family in (socket.AF_INET, socket.AF_INET6):
            ours.add(self.getsockname()[1])

    def allowed(self: socket.socket, address: Any) -> bool:
        if self.family not in (socket.AF_INET, socket.AF_INET6):
            return True  # a socketpair or unix socket within the process
        host, port = address[0], address[1]
        return host in ("127.0.0.1", "::1", "localhost") and port in ours

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if not allowed(self, address):
            raise OSError(f"a replay test tried to connect to {address!r}: it must need no daemon")
        connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        if not allowed(self, address):
            raise OSError(f"a replay test tried to connect to {address!r}: it must need no daemon")
        return connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "bind", bound)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)


@pytest.fixture
def free_port() -> int:
    """A loopback port nothing listens on (for a server the test itself starts)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
