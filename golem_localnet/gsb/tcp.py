"""TCP details of a connection to a daemon's GSB router."""

from __future__ import annotations

import contextlib
import socket

__all__ = ["quick_ack", "tcp_socket"]


def tcp_socket(writer: object) -> socket.socket | None:
    """The connection's socket when it is TCP (a unix socket has no delayed ACKs)."""
    get_extra_info = getattr(writer, "get_extra_info", None)
    sock = get_extra_info("socket") if get_extra_info is not None else None
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return None
    return sock  # type: ignore[no-any-return]


def quick_ack(sock: socket.socket) -> None:
    """ACK what was read at once (Linux; elsewhere nothing).

    Seen on the local network (inferred, not read in yagna's source): over TCP,
    a small message the daemon writes while its previous one is unacknowledged
    waits for our ACK, which the kernel delays up to 40 ms (Nagle meeting
    delayed ACKs). A 1 MB upload-copy-download task took ~270 ms instead of
    ~170 ms; a real exe-unit talks to its daemon over a unix socket, where this
    does not happen. The kernel leaves quick-ACK mode on its own, hence once per read.
    """
    option = getattr(socket, "TCP_QUICKACK", None)
    if option is None:
        return
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.IPPROTO_TCP, option, 1)
