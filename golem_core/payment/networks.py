"""Payment networks by the names Golem uses, and the yagna platform each one pays on.

A platform is what allocations, demands and accounts name: `<driver>-<network>-<token>`,
e.g. `erc20-hoodi-tglm`. The table holds what yagna 0.17.6 knows (its erc20 driver's
networks, chain ids and tokens) and where each stands today:

- `hoodi` is Golem's test network now (`yagna payment init --network hoodi`, the
  yagna CLI's default); `polygon` is where real GLM is paid; `mainnet` (Ethereum) works
  but costs much more gas.
- `holesky` still works in yagna 0.17.6 and is yapapi 0.13.1's default (so golem_hl
  keeps it), and the daemon's own default for an allocation without a platform; Ethereum
  retired the Holesky chain in favour of Hoodi.
- `sepolia` and `amoy` are configured test networks that Golem's providers seldom use.
- `goerli`, `mumbai` and `rinkeby` are still parsed by yagna but their chains are gone.

No I/O: the daemon itself is asked through `golem_core.payment.accounts`.
"""

from __future__ import annotations

import enum

import attrs

__all__ = [
    "DEFAULT_DRIVER",
    "MAINNET_NOW",
    "PAYMENT_NETWORKS",
    "TESTNET_NOW",
    "NetworkStatus",
    "PaymentNetwork",
    "payment_network",
    "platform_name",
    "split_platform",
]

DEFAULT_DRIVER = "erc20"


class NetworkStatus(str, enum.Enum):
    """Whether to pay on a network today."""

    CURRENT = "current"  # Golem's providers are there
    AVAILABLE = "available"  # configured in yagna, seldom used by providers
    LEGACY = "legacy"  # still works, kept for older apps (yapapi 0.13.1's default)
    RETIRED = "retired"  # the chain is gone: yagna parses the name, nothing is paid there


@attrs.frozen
class PaymentNetwork:
    name: str
    chain_id: int
    token: str  # the symbol: GLM on mainnets, tGLM on test networks
    testnet: bool
    status: NetworkStatus
    driver: str = DEFAULT_DRIVER

    @property
    def platform(self) -> str:
        """The yagna platform name, e.g. `erc20-hoodi-tglm`."""
        return platform_name(self.driver, self.name, self.token)


def platform_name(driver: str, network: str, token: str) -> str:
    return f"{driver}-{network}-{token}".lower()


def split_platform(platform: str) -> tuple[str, str, str]:
    """`erc20-hoodi-tglm` -> (`erc20`, `hoodi`, `tglm`); ValueError for anything else."""
    parts = platform.split("-")
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"a payment platform is DRIVER-NETWORK-TOKEN, not {platform!r}")
    driver, network, token = parts
    return driver, network, token


_S = NetworkStatus
PAYMENT_NETWORKS: dict[str, PaymentNetwork] = {
    n.name: n
    for n in (
        PaymentNetwork("hoodi", 560048, "tGLM", testnet=True, status=_S.CURRENT),
        PaymentNetwork("polygon", 137, "GLM", testnet=False, status=_S.CURRENT),
        PaymentNetwork("mainnet", 1, "GLM", testnet=False, status=_S.AVAILABLE),
        PaymentNetwork("holesky", 17000, "tGLM", testnet=True, status=_S.LEGACY),
        PaymentNetwork("sepolia", 11155111, "tGLM", testnet=True, status=_S.AVAILABLE),
        PaymentNetwork("amoy", 80002, "tGLM", testnet=True, status=_S.AVAILABLE),
        PaymentNetwork("goerli", 5, "tGLM", testnet=True, status=_S.RETIRED),
        PaymentNetwork("mumbai", 80001, "tGLM", testnet=True, status=_S.RETIRED),
        PaymentNetwork("rinkeby", 4, "tGLM", testnet=True, status=_S.RETIRED),
    )
}
# what to pay on, on the real network, now
TESTNET_NOW = "hoodi"
MAINNET_NOW = "polygon"


def payment_network(name: str) -> PaymentNetwork:
    """The network called `name` (any case); ValueError naming the known ones otherwise."""
    try:
        return PAYMENT_NETWORKS[name.strip().lower()]
    except KeyError:
        known = ", ".join(PAYMENT_NETWORKS)
        raise ValueError(f"unknown payment network {name!r}; yagna knows: {known}") from None
