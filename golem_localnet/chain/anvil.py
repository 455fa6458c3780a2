"""Run anvil as a child process on loopback, posing as Holesky (chain id 17000).

Readiness is read from anvil's own "Listening on" log line. The state lives only
in anvil's memory, so stopping it (SIGTERM to its process group, SIGKILL if it
lingers) leaves nothing behind.

`--block-time` keeps blocks coming while idle: yagna's RPC pool drops an endpoint
whose newest block is older than 120 s ("head behind").
"""

from __future__ import annotations

import subprocess
import threading
from collections import deque
from pathlib import Path
from typing import IO

import attrs

from golem_localnet.chain.install import ensure_anvil
from golem_localnet.daemon import free_port, terminate_group

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
        self._process: subprocess.Popen[str] | None = None
        self._ready = threading.Event()
        self._exited = threading.Event()
        self._log_tail: deque[str] = deque(maxlen=40)
        self._reader: threading.Thread | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def rpc_url(self) -> str:
        return self.config.rpc_url

    def start(self, timeout: float = 30.0) -> None:
        if self._process is not None:
            raise AnvilError("anvil already started")
        binary = self._binary or ensure_anvil()
        self._process = subprocess.Popen(
            self.config.command(binary),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,
        )
        assert self._process.stdout is not None
        self._reader = threading.Thread(
            target=self._read_log, args=(self._process.stdout,), daemon=True
        )
        self._reader.start()
        if not self._ready.wait(timeout) or self._exited.is_set():
            reason = "exited" if self._exited.is_set() else f"not ready after {timeout} s"
            self.stop()
            raise AnvilError(f"anvil {reason}; last log lines:\n{self.log_tail()}")

    def _read_log(self, stream: IO[str]) -> None:
        marker = f"Listening on 127.0.0.1:{self.config.port}"
        for line in stream:  # drained to the end, so anvil never blocks on a full pipe
            self._log_tail.append(line.rstrip())
            if marker in line:
                self._ready.set()
        self._exited.set()
        self._ready.set()  # wake the waiter; it checks why

    def log_tail(self) -> str:
        return "\n".join(self._log_tail)

    def stop(self, timeout: float = 10.0) -> int | None:
        """Stop anvil; returns its exit code (None if it was not running)."""
        process, self._process = self._process, None
        code = None
        if process is not None:
            code = terminate_group(process, timeout)
        if self._reader is not None:
            self._reader.join(timeout=5.0)  # the pipe hits EOF once anvil is gone
        if process is not None and process.stdout:
            process.stdout.close()
        return code

    def __enter__(self) -> AnvilProcess:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
