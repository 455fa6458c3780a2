"""Ethereum calls on an anvil node: unlocked-account transactions, reads, logs.

Transactions are sent from anvil's unlocked dev accounts (`eth_sendTransaction`),
so nothing here signs and no crypto library is needed. Instead of polling for
receipts, each transaction is followed by `evm_mine`: once that returns, the
transaction is in a block, whatever anvil's interval mining is doing.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from golem_localnet.chain import abi
from golem_localnet.chain.abi import Address, TxHash
from golem_localnet.chain.rpc import JsonRpcClient
from golem_localnet.chain.units import from_hex_quantity, from_wei, to_hex_quantity

__all__ = [
    "ChainClient",
    "Receipt",
    "TransactionFailed",
    "TransferLog",
    "parse_receipt",
    "transfer_logs",
]


class TransactionFailed(RuntimeError):
    """A transaction was mined with status 0, or was not mined by `evm_mine`."""


@attrs.frozen
class TransferLog:
    """One ERC-20 Transfer event."""

    token: Address
    sender: Address
    recipient: Address
    amount_wei: int


@attrs.frozen
class Receipt:
    tx_hash: TxHash
    block_number: int
    sender: Address
    to: Address | None
    contract_address: Address | None
    gas_used: int
    logs: tuple[dict[str, Any], ...]

    def transfers(self) -> list[TransferLog]:
        return transfer_logs(self.logs)


def transfer_logs(logs: Sequence[dict[str, Any]]) -> list[TransferLog]:
    """The ERC-20 Transfer events among raw receipt logs (3 topics, amount in data)."""
    found = []
    for log in logs:
        topics = log.get("topics", [])
        if len(topics) == 3 and topics[0].lower() == abi.TRANSFER_TOPIC:
            found.append(
                TransferLog(
                    token=abi.to_address(log["address"]),
                    sender=abi.address_from_topic(topics[1]),
                    recipient=abi.address_from_topic(topics[2]),
                    amount_wei=abi.decode_uint(bytes.fromhex(log["data"].removeprefix("0x"))),
                )
            )
    return found


def parse_receipt(raw: dict[str, Any]) -> Receipt:
    contract = raw.get("contractAddress")
    to = raw.get("to")
    return Receipt(
        tx_hash=TxHash(raw["transactionHash"].lower()),
        block_number=from_hex_quantity(raw["blockNumber"]),
        sender=abi.to_address(raw["from"]),
        to=abi.to_address(to) if to else None,
        contract_address=abi.to_address(contract) if contract else None,
        gas_used=from_hex_quantity(raw["gasUsed"]),
        logs=tuple(raw.get("logs", [])),
    )


class ChainClient:
    def __init__(self, rpc: JsonRpcClient) -> None:
        self.rpc = rpc

    # -- reads -----------------------------------------------------------------

    def chain_id(self) -> int:
        return from_hex_quantity(self.rpc.call("eth_chainId"))

    def block_number(self) -> int:
        return from_hex_quantity(self.rpc.call("eth_blockNumber"))

    def accounts(self) -> list[Address]:
        """anvil's unlocked dev accounts, in mnemonic order."""
        return [abi.to_address(a) for a in self.rpc.call("eth_accounts")]

    def eth_call(self, to: Address, data: bytes) -> bytes:
        result = self.rpc.call("eth_call", {"to": to, "data": "0x" + data.hex()}, "latest")
        return bytes.fromhex(str(result).removeprefix("0x"))

    def code(self, address: Address) -> bytes:
        return bytes.fromhex(self.rpc.call("eth_getCode", address, "latest").removeprefix("0x"))

    def eth_balance_wei(self, address: Address) -> int:
        return from_hex_quantity(self.rpc.call("eth_getBalance", address, "latest"))

    def eth_balance(self, address: Address) -> Decimal:
        return from_wei(self.eth_balance_wei(address))

    def token_balance_wei(self, token: Address, owner: Address) -> int:
        return abi.decode_uint(self.eth_call(token, abi.balance_of(owner)))

    def token_balance(self, token: Address, owner: Address) -> Decimal:
        """balanceOf as a Decimal amount (18 decimals)."""
        return from_wei(self.token_balance_wei(token, owner))

    def allowance_wei(self, token: Address, owner: Address, spender: Address) -> int:
        return abi.decode_uint(self.eth_call(token, abi.allowance(owner, spender)))

    def receipt(self, tx_hash: TxHash) -> Receipt | None:
        raw = self.rpc.call("eth_getTransactionReceipt", tx_hash)
        return parse_receipt(raw) if raw else None

    # -- writes ----------------------------------------------------------------

    def transact(
        self,
        sender: Address,
        to: Address | None,
        data: bytes = b"",
        value_wei: int = 0,
    ) -> Receipt:
        """Send from an unlocked account, mine a block, return the successful receipt.

        Gas is estimated first, as yagna's driver does: a call that would revert
        fails there, as an RpcError whose message carries the revert reason
        (anvil itself would mine a reverting transaction without a word).
        """
        tx: dict[str, str] = {"from": sender, "value": to_hex_quantity(value_wei)}
        if to is not None:
            tx["to"] = to
        if data:
            tx["data"] = "0x" + data.hex()
        tx["gas"] = self.rpc.call("eth_estimateGas", tx)
        tx_hash = TxHash(self.rpc.call("eth_sendTransaction", tx).lower())
        self.rpc.call("evm_mine")
        raw = self.rpc.call("eth_getTransactionReceipt", tx_hash)
        if raw is None:
            raise TransactionFailed(f"{tx_hash} was not mined by evm_mine")
        if from_hex_quantity(raw["status"]) != 1:
            raise TransactionFailed(f"{tx_hash} reverted")
        return parse_receipt(raw)

    def deploy(self, sender: Address, creation_code: bytes) -> Address:
        receipt = self.transact(sender, None, creation_code)
        if receipt.contract_address is None:
            raise TransactionFailed(f"{receipt.tx_hash} created no contract")
        return receipt.contract_address

    def send_eth(self, sender: Address, to: Address, amount_wei: int) -> Receipt:
        return self.transact(sender, to, value_wei=amount_wei)
