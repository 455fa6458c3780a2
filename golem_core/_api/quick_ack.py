"""Kept for importers of the old place: the helpers live in `golem_core._quick_ack`.

They moved out of `_api` so that a process needing only them (an exe-unit's GSB
connection) does not load `_api`'s package, which loads httpx and every REST client.
"""

from __future__ import annotations

from golem_core._quick_ack import quick_ack, tcp_socket_of

__all__ = ["quick_ack", "tcp_socket_of"]
