"""yagna daemons that pay, and get paid, on a local chain."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs

from golem_localnet.chain.local import LocalChain
from golem_localnet.chain.yagna_env import (
    PaymentTiming,
    geth_addr_variable,
    write_payments_config,
)
from golem_localnet.daemon import DaemonConfig, YagnaDaemon

__all__ = ["daemon_on_chain"]


@contextmanager
def daemon_on_chain(
    chain: LocalChain,
    config: DaemonConfig,
    timing: PaymentTiming | None = None,
    *,
    data_dir: Path | None = None,
) -> Iterator[YagnaDaemon]:
    """Run a daemon whose erc20 driver uses `chain`, with fast payment timing.

    The driver configuration file goes into the daemon's data directory: the
    caller's `data_dir` (created if missing, and left in place afterwards), or
    else a fresh one that is removed afterwards. The chain's environment goes
    under `config.extra_env` (which wins on conflicts). Requestors and providers
    are set up alike.
    """
    # HOLESKY_GETH_ADDR (or HOODI_...) would replace the file's endpoint with one on
    # default settings, which drop a chain whose newest block is over 120 s old
    geth_addr = geth_addr_variable(chain.network)
    env = {k: v for k, v in chain.yagna_env(timing).items() if k != geth_addr}
    own_dir = data_dir is None
    directory = Path(tempfile.mkdtemp(prefix="golem-yagna-")) if data_dir is None else data_dir
    try:
        directory.mkdir(parents=True, exist_ok=True)
        write_payments_config(directory, chain.rpc_url, chain.contracts, timing, chain.network)
        config = attrs.evolve(config, extra_env={**env, **config.extra_env})
        with YagnaDaemon(config, directory) as daemon:
            yield daemon
    finally:
        if own_dir:
            shutil.rmtree(directory, ignore_errors=True)
