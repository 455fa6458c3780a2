"""A ready local chain: anvil running, Golem contracts deployed, accounts funded on demand."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from decimal import Decimal

import attrs

from golem_localnet.chain.abi import Address, to_address
from golem_localnet.chain.anvil import AnvilConfig, AnvilProcess
from golem_localnet.chain.client import ChainClient
from golem_localnet.chain.contracts import GolemContracts, deploy_golem_contracts, mint_tokens
from golem_localnet.chain.rpc import JsonRpcClient
from golem_localnet.chain.units import to_wei
from golem_localnet.chain.yagna_env import NETWORK, PaymentTiming, posable_chain_id, yagna_chain_env

__all__ = ["LocalChain", "bank_account", "local_chain"]


@attrs.frozen
class LocalChain:
    anvil: AnvilProcess
    client: ChainClient
    contracts: GolemContracts
    # the test network it poses as, for yagna (`holesky` or `hoodi`)
    network: str = NETWORK

    @property
    def rpc_url(self) -> str:
        return self.anvil.rpc_url

    def fund(self, address: str, tokens: Decimal = Decimal(0), eth: Decimal = Decimal(0)) -> None:
        """Mint `tokens` tGLM to `address` and send it `eth` ether from the contracts' owner."""
        to = to_address(address)
        if tokens:
            mint_tokens(self.client, self.contracts, to, tokens)
        if eth:
            self.client.send_eth(self.contracts.owner, to, to_wei(eth))

    def token_balance(self, address: str) -> Decimal:
        return self.client.token_balance(self.contracts.token, to_address(address))

    def eth_balance(self, address: str) -> Decimal:
        return self.client.eth_balance(to_address(address))

    def yagna_env(self, timing: PaymentTiming | None = None) -> dict[str, str]:
        return yagna_chain_env(self.rpc_url, self.contracts, timing, self.network)


def bank_account(client: ChainClient) -> Address:
    """The dev account that deploys and pays out: anvil's last one.

    The first accounts are the fixed node identities (golem_localnet.identities);
    keeping the deployer apart leaves their nonces to yagna alone.
    """
    return client.accounts()[-1]


@contextmanager
def local_chain(
    config: AnvilConfig | None = None, *, network: str = NETWORK
) -> Iterator[LocalChain]:
    """Start anvil and deploy the token and multi-transfer contract; stop anvil after.

    Without a `config`, anvil takes the chain id of the `network` it poses as.
    """
    config = config or AnvilConfig(chain_id=posable_chain_id(network))
    with ExitStack() as stack:
        anvil = stack.enter_context(AnvilProcess(config))
        rpc = stack.enter_context(JsonRpcClient(anvil.rpc_url))
        client = ChainClient(rpc)
        contracts = deploy_golem_contracts(client, owner=bank_account(client))
        yield LocalChain(anvil=anvil, client=client, contracts=contracts, network=network)
