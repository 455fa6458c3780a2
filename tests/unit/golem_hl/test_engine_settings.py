"""Where Golem's settings come from, and what a failed allocation means."""

from __future__ import annotations

from decimal import Decimal

import pytest

from golem_core.exceptions import (
    BadRequestError,
    ConfigurationError,
    ServerError,
    TransportError,
)
from golem_hl._engine.settings import (
    Settings,
    allocation_failure,
    payment_platform,
    resolve_settings,
)
from golem_hl.exceptions import MissingConfiguration, NoPaymentAccountError


def settings(environ: dict[str, str], **arguments: object) -> Settings:
    values: dict[str, object] = {
        "budget": 1.0,
        "subnet_tag": None,
        "payment_driver": None,
        "payment_network": None,
        "app_key": None,
        "api_url": None,
        "api_config": None,
    }
    values.update(arguments)
    environ = {"YAGNA_APPKEY": "default-key", **environ}
    return resolve_settings(environ=environ, **values)  # type: ignore[arg-type]


def test_platform_names() -> None:
    assert payment_platform("erc20", "holesky") == "erc20-holesky-tglm"
    assert payment_platform("erc20", "polygon") == "erc20-polygon-glm"
    assert payment_platform("ERC20", "Mainnet") == "erc20-mainnet-glm"


def test_defaults_are_erc20_on_holesky() -> None:
    found = settings({})
    assert found.platform == "erc20-holesky-tglm"
    assert found.subnet_tag is None
    assert found.budget == Decimal("1.0")


def test_arguments_win_over_environment_and_api_config() -> None:
    environ = {
        "YAGNA_SUBNET": "env-subnet",
        "YAGNA_PAYMENT_DRIVER": "erc20",
        "YAGNA_PAYMENT_NETWORK": "polygon",
        "YAGNA_APPKEY": "env-key",
        "YAGNA_API_URL": "http://127.0.0.1:1",
    }
    from_env = settings(environ)
    assert from_env.subnet_tag == "env-subnet"
    assert from_env.platform == "erc20-polygon-glm"
    assert from_env.app_key == "env-key"

    class Config:
        app_key = "config-key"
        api_url = "http://127.0.0.1:2"

    from_config = settings(environ, api_config=Config())
    assert from_config.app_key == "config-key"
    assert from_config.api_url == "http://127.0.0.1:2"

    from_arguments = settings(
        environ, subnet_tag="mine", payment_network="holesky", app_key="arg-key"
    )
    assert from_arguments.subnet_tag == "mine"
    assert from_arguments.platform == "erc20-holesky-tglm"
    assert from_arguments.app_key == "arg-key"


@pytest.mark.parametrize("budget", [0, -1, float("nan")])
def test_the_budget_must_be_positive(budget: float) -> None:
    with pytest.raises(ValueError):
        settings({}, budget=budget)


def test_floats_become_exact_decimals() -> None:
    assert settings({}, budget=0.1).budget == Decimal("0.1")


def test_an_unknown_platform_means_no_payment_account() -> None:
    # yagna 0.17.6: 400 "Payment platform doesn't parse", 500 for a platform not set up
    for error in (
        BadRequestError("create_allocation", 400, "Payment platform doesn't parse"),
        ServerError("create_allocation", 500, "Unhandled internal error"),
    ):
        found = allocation_failure(error, "erc20", "polygon")
        assert isinstance(found, NoPaymentAccountError)
        assert (found.required_driver, found.required_network) == ("erc20", "polygon")


def test_missing_funds_and_transport_errors_stay_what_they_are() -> None:
    poor = BadRequestError("create_allocation", 400, "Insufficient funds to create the allocation")
    assert allocation_failure(poor, "erc20", "holesky") is poor
    down = TransportError("create_allocation", "connection refused")
    assert allocation_failure(down, "erc20", "holesky") is down


def test_a_missing_app_key_is_yapapis_missing_configuration() -> None:
    with pytest.raises(MissingConfiguration) as missing:
        resolve_settings(
            budget=1,
            subnet_tag=None,
            payment_driver=None,
            payment_network=None,
            app_key=None,
            api_url=None,
            api_config=None,
            environ={},
        )
    assert "YAGNA_APPKEY" in str(missing.value)
    assert isinstance(missing.value, ConfigurationError)  # what golem_core raises for it
