"""Fixed node identities, so node ids (and recordings) repeat from run to run.

These are the well-known development keys that anvil pre-funds; they guard
nothing and must never hold value on a public chain.
"""

from __future__ import annotations

REQUESTOR_SECRET = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
REQUESTOR_NODE_ID = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"

PROVIDER_SECRETS = (
    "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
)
PROVIDER_NODE_IDS = (
    "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
    "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
    "0x90f79bf6eb2c4f870365e96c44e96a4a2f3dacd4",
)
