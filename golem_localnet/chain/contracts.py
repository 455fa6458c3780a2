"""The project's own Golem contracts: load the committed artifacts, deploy, mint.

contracts/*.sol are compiled by scripts/build_contracts.py into
golem_localnet/chain/artifacts/<Name>.json (shipped in the wheel);
only those JSON files are read here.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from golem_localnet.chain import abi
from golem_localnet.chain.abi import Address
from golem_localnet.chain.client import ChainClient, Receipt
from golem_localnet.chain.units import to_wei

__all__ = [
    "BUILD_DIR",
    "MULTI_TRANSFER_CONTRACT",
    "TOKEN_CONTRACT",
    "Artifact",
    "GolemContracts",
    "deploy_golem_contracts",
    "load_artifact",
    "mint_tokens",
]

BUILD_DIR = Path(__file__).resolve().parent / "artifacts"
TOKEN_CONTRACT = "LocalTestToken"
MULTI_TRANSFER_CONTRACT = "LocalMultiTransfer"


@attrs.frozen
class Artifact:
    name: str
    bytecode: str
    method_identifiers: dict[str, str]
    abi: list[dict[str, Any]]


def load_artifact(name: str, build_dir: Path = BUILD_DIR) -> Artifact:
    path = build_dir / f"{name}.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run scripts/build_contracts.py")
    document = json.loads(path.read_text(encoding="utf-8"))
    return Artifact(
        name=document["contractName"],
        bytecode=document["bytecode"],
        method_identifiers=document["methodIdentifiers"],
        abi=document["abi"],
    )


@attrs.frozen
class GolemContracts:
    """Where the token and the multi-transfer contract live; `owner` may mint."""

    token: Address
    multi_transfer: Address
    owner: Address


def deploy_golem_contracts(client: ChainClient, owner: Address) -> GolemContracts:
    """Deploy the token (owned by `owner`), then the multi-transfer contract bound to it."""
    token = client.deploy(owner, abi.deployment(load_artifact(TOKEN_CONTRACT).bytecode))
    multi = client.deploy(
        owner,
        abi.deployment(load_artifact(MULTI_TRANSFER_CONTRACT).bytecode, abi.encode_address(token)),
    )
    return GolemContracts(token=token, multi_transfer=multi, owner=owner)


def mint_tokens(
    client: ChainClient, contracts: GolemContracts, to: Address, amount: Decimal
) -> Receipt:
    return client.transact(contracts.owner, contracts.token, abi.mint(to, to_wei(amount)))
