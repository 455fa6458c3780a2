"""A local Ethereum chain (anvil, posing as Holesky or Hoodi) that yagna really pays on."""

from golem_localnet.chain.abi import Address, TxHash, to_address
from golem_localnet.chain.anvil import AnvilConfig, AnvilError, AnvilProcess
from golem_localnet.chain.client import ChainClient, Receipt, TransactionFailed, TransferLog
from golem_localnet.chain.contracts import GolemContracts, deploy_golem_contracts
from golem_localnet.chain.daemons import daemon_on_chain
from golem_localnet.chain.install import AnvilInstallError, ensure_anvil
from golem_localnet.chain.local import LocalChain, local_chain
from golem_localnet.chain.rpc import JsonRpcClient, RpcError
from golem_localnet.chain.units import from_wei, to_wei
from golem_localnet.chain.yagna_env import (
    PLATFORM,
    PaymentTiming,
    payments_config_toml,
    yagna_chain_env,
)

__all__ = [
    "PLATFORM",
    "Address",
    "AnvilConfig",
    "AnvilError",
    "AnvilInstallError",
    "AnvilProcess",
    "ChainClient",
    "GolemContracts",
    "JsonRpcClient",
    "LocalChain",
    "PaymentTiming",
    "Receipt",
    "RpcError",
    "TransactionFailed",
    "TransferLog",
    "TxHash",
    "daemon_on_chain",
    "deploy_golem_contracts",
    "ensure_anvil",
    "from_wei",
    "local_chain",
    "payments_config_toml",
    "to_address",
    "to_wei",
    "yagna_chain_env",
]
