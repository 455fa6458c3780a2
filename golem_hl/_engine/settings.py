"""Which daemon, payment platform and subnet a `Golem` uses: its arguments, else the environment.

yapapi reads the same environment variables, so an application configured
for yapapi runs unchanged: `YAGNA_APPKEY`, `YAGNA_API_URL`, `YAGNA_SUBNET`,
`YAGNA_PAYMENT_DRIVER` and `YAGNA_PAYMENT_NETWORK`. The defaults are erc20 on
holesky (the local network's chain poses as holesky). No I/O here.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from golem_core.exceptions import ApiError, GolemError
from golem_hl.exceptions import MissingConfiguration, NoPaymentAccountError
from golem_hl.records import to_decimal

__all__ = [
    "DEFAULT_DRIVER",
    "DEFAULT_NETWORK",
    "Settings",
    "allocation_failure",
    "payment_platform",
    "resolve_settings",
]

# one long poll of the daemon's events (demand, agreements, debit notes, invoices): it answers
# at once when there is news, so its length only decides how often a quiet feed asks again
EVENT_POLL_S: Final = 20.0

DEFAULT_DRIVER: Final = "erc20"
DEFAULT_NETWORK: Final = "holesky"
# networks whose token is the real GLM; every other one pays in test GLM
MAINNETS: Final = frozenset({"mainnet", "polygon"})

ENV_APP_KEY: Final = "YAGNA_APPKEY"
ENV_API_URL: Final = "YAGNA_API_URL"
ENV_SUBNET: Final = "YAGNA_SUBNET"
ENV_DRIVER: Final = "YAGNA_PAYMENT_DRIVER"
ENV_NETWORK: Final = "YAGNA_PAYMENT_NETWORK"

# what the daemon says when the requestor merely lacks the money (a different problem)
_NOT_ENOUGH_FUNDS: Final = "insufficient funds"


def payment_platform(driver: str, network: str) -> str:
    """The daemon's platform name, e.g. `erc20-holesky-tglm`."""
    token = "glm" if network.lower() in MAINNETS else "tglm"
    return f"{driver}-{network}-{token}".lower()


@attrs.frozen
class Settings:
    budget: Decimal
    subnet_tag: str | None
    payment_driver: str
    payment_network: str
    app_key: str
    api_url: str | None

    @property
    def platform(self) -> str:
        return payment_platform(self.payment_driver, self.payment_network)


def _config_value(config: Any, name: str) -> str | None:
    value = getattr(config, name, None) if config is not None else None
    return str(value) if value else None


def resolve_settings(
    *,
    budget: float | Decimal,
    subnet_tag: str | None,
    payment_driver: str | None,
    payment_network: str | None,
    app_key: str | None,
    api_url: str | None,
    api_config: Any,
    environ: Mapping[str, str],
) -> Settings:
    """Arguments first, then `api_config` (anything with `app_key` / `api_url`), then env."""
    amount = to_decimal(budget)
    if not amount.is_finite() or amount <= 0:
        raise ValueError(f"the budget must be a positive amount, got {budget!r}")
    key = app_key or _config_value(api_config, "app_key") or environ.get(ENV_APP_KEY)
    if not key:  # yapapi's error, when the Golem is made (not at its first call)
        raise MissingConfiguration(key=ENV_APP_KEY, description="API authentication token")
    return Settings(
        budget=amount,
        subnet_tag=subnet_tag or environ.get(ENV_SUBNET) or None,
        payment_driver=(payment_driver or environ.get(ENV_DRIVER) or DEFAULT_DRIVER).lower(),
        payment_network=(payment_network or environ.get(ENV_NETWORK) or DEFAULT_NETWORK).lower(),
        app_key=key,
        api_url=api_url or _config_value(api_config, "api_url") or environ.get(ENV_API_URL),
    )


def allocation_failure(error: GolemError, driver: str, network: str) -> GolemError:
    """What a failed allocation means for the user.

    yagna 0.17.6 has no account on a platform it was not set up for and
    answers an allocation there with 400 ("Payment platform doesn't parse")
    or 500; that is yapapi's `NoPaymentAccountError`. A lack of funds is
    left as it is: the account exists, it needs topping up.
    """
    if isinstance(error, ApiError) and _NOT_ENOUGH_FUNDS in error.message.lower():
        return error
    if isinstance(error, ApiError) and error.status in (400, 404, 500):
        return NoPaymentAccountError(driver, network)
    return error
