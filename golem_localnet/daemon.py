"""Run the real `yagna` daemon as a child process, on loopback only.

Readiness is read from the daemon's own log ("All N http workers started"),
not guessed with sleeps; a single `GET /version/get` then confirms the API
answers. Stopping sends SIGTERM to the daemon's process group, waits, and
kills it if it lingers, so no process or port outlives a test.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

import attrs
import httpx

from golem_core.payment.balances import yagna_binary as find_yagna
from golem_localnet.child import LoggedChild

__all__ = [
    "DEAD_PROXY",
    "MAX_SOCKET_PATH",
    "READY_MARKER",
    "DaemonConfig",
    "DaemonError",
    "YagnaDaemon",
    "free_port",
    "yagna_binary",
]

READY_MARKER = "http workers started - listening on"
# Keep everything on this machine: the daemon's release check goes to a dead proxy.
DEAD_PROXY = "http://127.0.0.1:9"


class DaemonError(RuntimeError):
    """The daemon did not start, or died; the message carries its last log lines."""


def yagna_binary() -> str:
    """The `yagna` of this environment (golem-node installs it next to Python)."""
    found = find_yagna()
    if found is None:
        raise DaemonError("no yagna binary: install the `localnet` extra (pip install golem-node)")
    return found


# sun_path holds 108 bytes with the final NUL; stay clear of it
MAX_SOCKET_PATH = 100

# ports given out by this process, so two daemons started in a row never collide
_handed_out: set[int] = set()


def free_port(low: int = 2000, high: int = 9999) -> int:
    """A free loopback TCP port of at most four digits.

    Central-net clients were seen failing to reach a hub on a five-digit port,
    so every port we hand out stays in the four-digit range.
    """
    import random

    candidates = [p for p in range(low, high) if p not in _handed_out]
    random.shuffle(candidates)
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            _handed_out.add(port)
            return port
    raise DaemonError(f"no free port in {low}-{high}")


@attrs.frozen
class DaemonConfig:
    """Everything that makes one daemon distinct from another on this machine."""

    app_key: str
    api_port: int
    # the node's GSB router listens on this loopback port, or else on `gsb_socket`
    gsb_port: int | None = None
    # A Unix socket path for the GSB router instead of a port, as yagna has by default on Linux
    # (`unix:/tmp/yagna.sock`), where a provider's exe-units and the daemon's own services
    # meet. yagna's bus sockets never set TCP_NODELAY: over TCP, a reply written while the
    # daemon's last call on that connection is not yet ACKed waits for the router's delayed
    # ACK (~40 ms), which a real provider does not pay. A node hosting the central net needs a
    # port: central-net clients dial host:port.
    gsb_socket: str | None = None
    # the GSB address of the node that hosts the central net; itself when None
    central_net_host: str | None = None
    # a hex private key fixes the node id, so recordings repeat
    identity_secret: str | None = None
    extra_env: dict[str, str] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        if (self.gsb_port is None) == (self.gsb_socket is None):
            raise ValueError("a daemon's GSB router needs either gsb_port or gsb_socket")
        if self.gsb_socket is not None and len(os.fsencode(self.gsb_socket)) > MAX_SOCKET_PATH:
            raise ValueError(f"GSB socket path longer than {MAX_SOCKET_PATH} bytes")

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def gsb_url(self) -> str:
        if self.gsb_socket is not None:
            return f"unix:{self.gsb_socket}"
        return f"tcp://127.0.0.1:{self.gsb_port}"

    @property
    def gsb_host(self) -> str:
        """host:port of the GSB router, as central-net clients dial it (TCP only)."""
        if self.gsb_port is None:
            raise ValueError("a GSB router on a Unix socket cannot host the central net")
        return f"127.0.0.1:{self.gsb_port}"


class YagnaDaemon:
    """One running `yagna service run` with its own temporary data directory."""

    def __init__(self, config: DaemonConfig, data_dir: Path | None = None) -> None:
        self.config = config
        self._own_data_dir = data_dir is None
        self.data_dir = data_dir or Path(tempfile.mkdtemp(prefix="golem-yagna-"))
        self._child = LoggedChild(
            READY_MARKER, tail_lines=60, log_file=self.data_dir / "daemon.log"
        )

    @property
    def pid(self) -> int | None:
        return self._child.pid

    def environment(self) -> dict[str, str]:
        cfg = self.config
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("YAGNA_", "YA_", "GSB_", "CENTRAL_NET"))
        }
        env.update(
            {
                "YAGNA_DATADIR": str(self.data_dir),
                "YAGNA_API_URL": cfg.api_url,
                "GSB_URL": cfg.gsb_url,
                "YA_NET_TYPE": "central",
                "CENTRAL_NET_HOST": cfg.central_net_host or cfg.gsb_host,
                "YAGNA_AUTOCONF_APPKEY": cfg.app_key,
                "HTTP_PROXY": DEAD_PROXY,
                "HTTPS_PROXY": DEAD_PROXY,
                "http_proxy": DEAD_PROXY,
                "https_proxy": DEAD_PROXY,
                "NO_PROXY": "127.0.0.1,localhost",
                "RUST_LOG": "info",
            }
        )
        if cfg.identity_secret:
            env["YAGNA_AUTOCONF_ID_SECRET"] = cfg.identity_secret
        env.update(cfg.extra_env)
        return env

    def start(self, timeout: float = 30.0) -> None:
        if self._child.running:
            raise DaemonError("daemon already started")
        command = [yagna_binary(), "service", "run", "--disable-metrics-push"]
        why_not = self._child.start(command, timeout, env=self.environment(), cwd=self.data_dir)
        if why_not is not None:
            self.stop()
            raise DaemonError(f"yagna {why_not}; last log lines:\n" + self.log_tail())
        response = httpx.get(f"{self.config.api_url}/version/get", timeout=5.0, trust_env=False)
        if response.status_code != 200:
            self.stop()
            raise DaemonError(f"yagna answered /version/get with {response.status_code}")

    def log_tail(self) -> str:
        return self._child.log_tail()

    def stop(self, timeout: float = 15.0) -> int | None:
        """Stop the daemon and its children; returns its exit code."""
        code = self._child.stop(timeout)
        if self._own_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        return code

    def restart(self, timeout: float = 15.0) -> None:
        """Stop the daemon and start it again on the same data dir, ports and identity."""
        self._child.stop(timeout)
        self.start()

    def __enter__(self) -> YagnaDaemon:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
