"""How a yagna node is pointed at the local chain: environment and payment timing.

The local chain poses as one of yagna's test networks: `holesky` (yapapi 0.13.1's
default, and ours) or `hoodi` (Golem's test network now); anvil runs with that
network's chain id. yagna's erc20 driver reads per-chain overrides from the
environment (the prefix is the chain key: HOLESKY, HOODI). The built-in contract
addresses have no code on anvil, so token and multi-transfer contract are replaced
by ours and the wrapper contract (a batched-read helper) is switched off with the
zero address.
Requestor and provider must name the same token: a provider only counts
Transfer logs emitted by the token its own node is configured with.

The driver's engine intervals have no environment variables. Built in, it
checks a sent transaction only after 30 s, and the first payment of an account
needs two transactions (approve the multi-transfer contract, then transfer), so
an accepted invoice settles about a minute later. A `config-payments.toml` in
the node's data directory replaces the driver's whole built-in configuration
(it is not merged), so `payments_config_toml` writes a complete one that knows
only this chain: that also stops the driver resolving the public chains' RPC
endpoints through DNS.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs

from golem_core.payment.networks import payment_network
from golem_localnet.chain.abi import ZERO_ADDRESS
from golem_localnet.chain.contracts import GolemContracts

__all__ = [
    "CONFIG_FILE",
    "MIN_PAYMENT_CYCLE_S",
    "NETWORK",
    "PLATFORM",
    "POSABLE_NETWORKS",
    "TOKEN_SYMBOL",
    "PaymentTiming",
    "geth_addr_variable",
    "payments_config_toml",
    "posable_chain_id",
    "write_payments_config",
    "yagna_chain_env",
]

PLATFORM = "erc20-holesky-tglm"
NETWORK = "holesky"
# the test networks the local chain can pose as (both pay in tGLM, gas in tETH)
POSABLE_NETWORKS = ("holesky", "hoodi")
TOKEN_SYMBOL = "tGLM"
CONFIG_FILE = "config-payments.toml"
MIN_PAYMENT_CYCLE_S = 5


@attrs.frozen
class PaymentTiming:
    """The knobs that decide how soon an accepted invoice turns into a settled transfer.

    payment_cycle_s: the payment service hands accepted invoices to the driver this often
        (built in: 5 min; yagna refuses less than 5 s and then fails every payment).
    gather_interval_s: the driver groups queued payments into transactions this often
        (ERC20_SENDOUT_INTERVAL_SECS; built in: 60).
    process_interval_s: the driver re-checks its pending transactions this often (15).
    process_interval_after_send_s: the driver's first look at a sent transaction (30).
    confirmations: blocks on top before the requestor counts a transfer done (0).
    """

    payment_cycle_s: int = attrs.field(default=MIN_PAYMENT_CYCLE_S)
    gather_interval_s: int = 1
    process_interval_s: int = 1
    process_interval_after_send_s: int = 1
    confirmations: int = 0

    @payment_cycle_s.validator
    def _check_cycle(self, _: object, value: int) -> None:
        if value < MIN_PAYMENT_CYCLE_S:
            raise ValueError(f"yagna needs a payment cycle of at least {MIN_PAYMENT_CYCLE_S} s")


def posable_chain_id(network: str) -> int:
    """The chain id anvil takes to pose as `network`; ValueError for one it cannot pose as."""
    if network not in POSABLE_NETWORKS:
        raise ValueError(
            f"the local chain poses as {' or '.join(POSABLE_NETWORKS)}, not {network!r}"
        )
    return payment_network(network).chain_id


def geth_addr_variable(network: str = NETWORK) -> str:
    return f"{network.upper()}_GETH_ADDR"


def yagna_chain_env(
    rpc_url: str,
    contracts: GolemContracts,
    timing: PaymentTiming | None = None,
    network: str = NETWORK,
) -> dict[str, str]:
    """Environment for any yagna node (requestor or provider) on the local chain."""
    timing = timing or PaymentTiming()
    posable_chain_id(network)
    key = network.upper()
    return {
        geth_addr_variable(network): rpc_url,
        f"{key}_{TOKEN_SYMBOL.upper()}_CONTRACT_ADDRESS": contracts.token,
        f"{key}_MULTI_PAYMENT_CONTRACT_ADDRESS": contracts.multi_transfer,
        f"{key}_WRAPPER_CONTRACT_ADDRESS": ZERO_ADDRESS,
        f"ERC20_{key}_REQUIRED_CONFIRMATIONS": str(timing.confirmations),
        "ERC20_SENDOUT_INTERVAL_SECS": str(timing.gather_interval_s),
        "PAYMENT_CYCLE_DEFAULT_INTERVAL": f"{timing.payment_cycle_s}s",
    }


def payments_config_toml(
    rpc_url: str,
    contracts: GolemContracts,
    timing: PaymentTiming | None = None,
    network: str = NETWORK,
) -> str:
    """A complete erc20 driver configuration with one chain, the local one, as `network`.

    Fees: the driver sends EIP-1559 transactions with these fixed caps (in gwei);
    anvil's base fee starts at 1 gwei and falls while blocks are empty.
    The RPC endpoint skips the "head behind" check, so a chain that stops mining
    is not dropped; setting <NETWORK>_GETH_ADDR as well would replace this endpoint
    with one on default settings (daemon_on_chain therefore leaves it out).
    """
    timing = timing or PaymentTiming()
    chain_id = posable_chain_id(network)
    values = {
        "rpc": rpc_url,
        "token": contracts.token,
        "multi": contracts.multi_transfer,
        "symbol": TOKEN_SYMBOL,
    }
    q = {key: json.dumps(value) for key, value in values.items()}  # TOML basic strings
    return f"""\
# Written by golem_localnet.chain for a local anvil chain; replaces yagna's built-in
# erc20 configuration for this node. Intervals are in seconds.
[engine]
process-interval = {timing.process_interval_s}
process-interval-after-send = {timing.process_interval_after_send_s}
process-interval-after-error = {timing.process_interval_s}
process-interval-after-no-gas-or-token-start = {timing.process_interval_s}
process-interval-after-no-gas-or-token-max = {max(timing.process_interval_s, 5)}
process-interval-after-no-gas-or-token-increase = 1.5
report-alive-interval = {timing.gather_interval_s}
gather-interval = {timing.gather_interval_s}
gather-at-start = true
automatic-recover = false
ignore-deadlines = false

[chain.{network}]
chain-name = "Local anvil posing as {network.title()}"
chain-id = {chain_id}
currency-symbol = "tETH"
priority-fee = 0.000001
max-fee-per-gas = 20.0
transaction-timeout = 100
token = {{ address = {q["token"]}, symbol = {q["symbol"]} }}
multi-contract = {{ address = {q["multi"]}, max-at-once = 10 }}
confirmation-blocks = {timing.confirmations}

[[chain.{network}.rpc-endpoints]]
names = {q["rpc"]}
endpoints = {q["rpc"]}
priority = 0
max-timeout-ms = 5000
verify-interval-secs = 60
allowed-head-behind-secs = -1
"""


def write_payments_config(
    data_dir: Path,
    rpc_url: str,
    contracts: GolemContracts,
    timing: PaymentTiming | None = None,
    network: str = NETWORK,
) -> Path:
    """Put the driver configuration where yagna looks for it: `<data dir>/config-payments.toml`."""
    path = data_dir / CONFIG_FILE
    path.write_text(payments_config_toml(rpc_url, contracts, timing, network), encoding="utf-8")
    return path
