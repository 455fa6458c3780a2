"""Committed contract artifacts, and reading receipts and Transfer logs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from golem_localnet.chain import abi
from golem_localnet.chain.abi import Address
from golem_localnet.chain.client import TransferLog, parse_receipt, transfer_logs
from golem_localnet.chain.contracts import (
    BUILD_DIR,
    MULTI_TRANSFER_CONTRACT,
    TOKEN_CONTRACT,
    load_artifact,
)

SOURCES = Path(__file__).resolve().parents[3] / "contracts"

TOKEN = Address("0x5fbdb2315678afecb367f032d93f642f64180aa3")
PAYER = Address("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")
PAYEE = Address("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")


@pytest.mark.parametrize("name", [TOKEN_CONTRACT, MULTI_TRANSFER_CONTRACT])
def test_artifacts_were_built_from_the_current_sources(name: str) -> None:
    document = json.loads((BUILD_DIR / f"{name}.json").read_text())
    source = SOURCES / document["sourceName"]
    assert hashlib.sha256(source.read_bytes()).hexdigest() == document["sourceSha256"], (
        f"{source.name} changed: run scripts/build_contracts.py"
    )
    artifact = load_artifact(name)
    assert artifact.bytecode.startswith("0x60") and len(artifact.bytecode) > 1000
    assert artifact.abi


def test_the_token_abi_is_standard_erc20_with_18_decimals() -> None:
    entries = {e.get("name"): e for e in load_artifact(TOKEN_CONTRACT).abi}
    for name in ("transfer", "transferFrom", "approve"):
        assert [o["type"] for o in entries[name]["outputs"]] == ["bool"]
    assert [(i["name"], i["indexed"]) for i in entries["Transfer"]["inputs"]] == [
        ("from", True),
        ("to", True),
        ("value", False),
    ]
    assert entries["decimals"]["outputs"][0]["type"] == "uint8"
    source = (SOURCES / "LocalTestToken.sol").read_text()
    assert "decimals = 18" in source
    assert "transfer amount exceeds balance" in source


def test_a_missing_artifact_says_how_to_build_it(tmp_path: Any) -> None:
    with pytest.raises(FileNotFoundError, match="build_contracts"):
        load_artifact(TOKEN_CONTRACT, build_dir=tmp_path)


def _topic(address: Address) -> str:
    return "0x" + abi.encode_address(address).hex()


def _log(address: str, topics: list[str], amount: int) -> dict[str, Any]:
    return {"address": address, "topics": topics, "data": "0x" + abi.encode_uint(amount).hex()}


def test_transfer_logs_need_the_topic_and_exactly_three_topics() -> None:
    logs = [
        _log("0x" + TOKEN[2:].upper(), [abi.TRANSFER_TOPIC, _topic(PAYER), _topic(PAYEE)], 5),
        # Approval(owner, spender, value): other topic0
        _log(TOKEN, ["0x8c5be1e5" + "00" * 28, _topic(PAYER), _topic(PAYEE)], 7),
        # an ERC-721-style Transfer has 4 topics
        _log(TOKEN, [abi.TRANSFER_TOPIC, _topic(PAYER), _topic(PAYEE), "0x" + "00" * 32], 1),
    ]
    assert transfer_logs(logs) == [
        TransferLog(token=TOKEN, sender=PAYER, recipient=PAYEE, amount_wei=5)
    ]


def test_parse_receipt() -> None:
    raw: dict[str, Any] = {
        "transactionHash": "0xAB" + "00" * 31,
        "blockNumber": "0x10",
        "from": PAYER,
        "to": None,
        "contractAddress": TOKEN,
        "gasUsed": "0x5208",
        "status": "0x1",
        "logs": [],
    }
    receipt = parse_receipt(raw)
    assert receipt.tx_hash == "0xab" + "00" * 31
    assert receipt.block_number == 16
    assert receipt.to is None
    assert receipt.contract_address == TOKEN
    assert receipt.gas_used == 21000
    assert receipt.transfers() == []
