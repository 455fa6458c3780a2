"""What `Golem`, `Network` and the services share: a started Golem, seen from below.

`golem.create_network(...)` and `golem.run_service(...)` are written in
`network` and `services`, next to what they make; they need of the Golem only
its running engine and its output setting. This Protocol names that, so those
modules never import `golem_hl.golem` (which imports them).
"""

from __future__ import annotations

from typing import Protocol

from golem_hl._engine.engine import Engine

__all__ = ["StartedGolem"]


class StartedGolem(Protocol):
    # whether the commands' output is printed as it comes (Golem(stream_output=))
    _stream_output: bool

    def _running(self) -> Engine:
        """The engine of a started Golem; raises when it is not started."""
        ...
