"""A Golem network on one machine: real yagna daemons on loopback."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from golem_localnet.daemon import DaemonConfig, DaemonError, YagnaDaemon, free_port

__all__ = ["DaemonConfig", "DaemonError", "YagnaDaemon", "free_port"]


def __getattr__(name: str) -> Any:
    # loaded on first use: an exe-unit (one process per activity) never needs the daemon code
    if name in __all__:
        from golem_localnet import daemon

        return getattr(daemon, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
