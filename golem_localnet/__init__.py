"""A Golem network on one machine: real yagna daemons on loopback."""

from golem_localnet.daemon import DaemonConfig, DaemonError, YagnaDaemon, free_port

__all__ = ["DaemonConfig", "DaemonError", "YagnaDaemon", "free_port"]
