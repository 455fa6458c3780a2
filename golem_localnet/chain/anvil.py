"""Run anvil as a child process on loopback, posing as a test network (default Holesky, 17000).

Readiness is read from anvil's own "Listening on" log line. The state lives only
in anvil's memory, so stopping it (SIGTERM to its process group, SIGKILL if it
lingers) leaves nothing behind.

`--block-time` keeps blocks coming while idle: yagna's RPC pool drops an endpoint
whose newest block is older than 120 s ("head behind").
"""

from __future__ import annotations

from pathlib import Path

import attrs

from golem_localnet.chain.install import ensure_anvil
from golem_localnet.child import LoggedChild
from golem_localnet.daemon import free_port

__all__ = ["HOLESKY_CHAIN_ID", "AnvilConfig", "AnvilError", "AnvilProcess"]

HOLESKY_CHAIN_ID = 17000


class AnvilError(RuntimeError):
    """anvil did not start, or died; the message carries its last log lines."""


@attrs.frozen
class AnvilConfig:
    port: int = attrs.field(factory=free_port)
    chain_id: int = HOLESKY_CHAIN_ID
    block_time_s: int = attrs.field(default=1, validator=attrs.validators.ge(1))

    @property
    def rpc_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, binary: Path) -> list[str]:
        return [
            str(binary),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--chain-id",
            str(self.chain_id),
            "--block-time",
            str(self.block_time_s),
        ]


class AnvilProcess:
    def __init__(self, config: AnvilConfig | None = None, binary: Path | None = None) -> None:
        self.config = config or AnvilConfig()
        self._binary = binary
        self._child = LoggedChild(f"Listening on 127.0.0.1:{self.config.port}")

    @property
    def pid(self) -> int | None:
        return self._child.pid

    @property
    def rpc_url(self) -> str:
        return self.config.rpc_url

    def start(self, timeout: float = 30.0) -> None:
        if self._child.running:
            raise AnvilError("anvil already started")
        binary = self._binary or ensure_anvil()
        why_not = self._child.start(self.config.command(binary), timeout)
        if why_not is not None:
            raise AnvilError(f"anvil {why_not}; last log lines:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return self._child.log_tail()

    def stop(self, timeout: float = 10.0) -> int | None:
        """Stop anvil; returns its exit code (None if it was not running)."""
        return self._child.stop(timeout)

    def __enter__(self) -> AnvilProcess:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
