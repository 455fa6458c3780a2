"""ACKing what a daemon sent at once, on TCP connections to it.

A daemon holds a small write back until its previous one is ACKed, and the
kernel delays ACKs up to 40 ms (Nagle meeting delayed ACKs). Measured here:
half of the one-provider echo tasks took ~40 ms longer over REST, and a 1 MB
upload-copy-download task ~270 ms instead of ~170 ms over the GSB router. The
kernel leaves quick-ACK mode by itself, hence set again: at every read on the
GSB router, and on the daemon transport when a read waits for more (an answer
read whole is ACKed by the next request). Linux only; a unix socket has no
delayed ACKs.
"""

from __future__ import annotations

import contextlib
import socket

__all__ = ["quick_ack", "tcp_socket_of"]

_QUICK_ACK: int | None = getattr(socket, "TCP_QUICKACK", None)
_TCP_FAMILIES = (socket.AF_INET, socket.AF_INET6)


def tcp_socket_of(transport: object) -> socket.socket | None:
    """The socket of an asyncio transport or stream writer, when quick ACKs apply to it."""
    get_extra_info = getattr(transport, "get_extra_info", None)
    sock = get_extra_info("socket") if get_extra_info is not None else None
    if _QUICK_ACK is None or sock is None or sock.family not in _TCP_FAMILIES:
        return None
    return sock  # type: ignore[no-any-return]


def quick_ack(sock: socket.socket) -> None:
    """ACK what was read at once (where the option exists; a refusal is ignored)."""
    if _QUICK_ACK is None:
        return
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.IPPROTO_TCP, _QUICK_ACK, 1)
