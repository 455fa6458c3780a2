"""What a yagna node is told about the local chain."""

from __future__ import annotations

from pathlib import Path

import pytest

from golem_localnet.chain.abi import Address
from golem_localnet.chain.contracts import GolemContracts
from golem_localnet.chain.yagna_env import (
    CONFIG_FILE,
    PaymentTiming,
    payments_config_toml,
    posable_chain_id,
    write_payments_config,
    yagna_chain_env,
)

CONTRACTS = GolemContracts(
    token=Address("0x" + "11" * 20),
    multi_transfer=Address("0x" + "22" * 20),
    owner=Address("0x" + "33" * 20),
)
RPC = "http://127.0.0.1:6601"


def test_env_points_holesky_at_the_local_contracts() -> None:
    env = yagna_chain_env(RPC, CONTRACTS, PaymentTiming(payment_cycle_s=7, gather_interval_s=3))
    assert env == {
        "HOLESKY_GETH_ADDR": RPC,
        "HOLESKY_TGLM_CONTRACT_ADDRESS": CONTRACTS.token,
        "HOLESKY_MULTI_PAYMENT_CONTRACT_ADDRESS": CONTRACTS.multi_transfer,
        "HOLESKY_WRAPPER_CONTRACT_ADDRESS": "0x" + "00" * 20,
        "ERC20_HOLESKY_REQUIRED_CONFIRMATIONS": "0",
        "ERC20_SENDOUT_INTERVAL_SECS": "3",
        "PAYMENT_CYCLE_DEFAULT_INTERVAL": "7s",
    }


def test_a_payment_cycle_under_five_seconds_is_refused() -> None:
    # yagna panics in every payment cycle below 5 s ("Interval must be greater than 5 seconds")
    with pytest.raises(ValueError, match="at least 5 s"):
        PaymentTiming(payment_cycle_s=4)
    assert PaymentTiming().payment_cycle_s == 5


def test_config_file_is_complete_toml_with_one_chain() -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is new in Python 3.11")
    timing = PaymentTiming(process_interval_after_send_s=2, confirmations=1)
    config = tomllib.loads(payments_config_toml(RPC, CONTRACTS, timing))
    assert set(config) == {"engine", "chain"}
    engine = config["engine"]
    # every engine key the driver requires (no defaults on its side)
    assert {
        "process-interval",
        "process-interval-after-send",
        "process-interval-after-error",
        "process-interval-after-no-gas-or-token-start",
        "process-interval-after-no-gas-or-token-max",
        "process-interval-after-no-gas-or-token-increase",
        "report-alive-interval",
        "gather-interval",
        "gather-at-start",
        "automatic-recover",
        "ignore-deadlines",
    } <= set(engine)
    assert engine["process-interval-after-send"] == 2
    assert list(config["chain"]) == ["holesky"]
    holesky = config["chain"]["holesky"]
    assert holesky["chain-id"] == 17000
    assert holesky["confirmation-blocks"] == 1
    assert holesky["token"] == {"address": CONTRACTS.token, "symbol": "tGLM"}
    assert holesky["multi-contract"] == {"address": CONTRACTS.multi_transfer, "max-at-once": 10}
    assert "wrapper-contract" not in holesky and "mint-contract" not in holesky
    [endpoint] = holesky["rpc-endpoints"]
    assert endpoint["endpoints"] == RPC
    assert endpoint["allowed-head-behind-secs"] < 0  # an idle chain is never dropped


def test_config_file_lands_in_the_data_dir(tmp_path: Path) -> None:
    path = write_payments_config(tmp_path, RPC, CONTRACTS)
    assert path == tmp_path / CONFIG_FILE
    assert CONTRACTS.token in path.read_text()


def test_posing_as_hoodi_names_hoodis_variables_and_chain() -> None:
    env = yagna_chain_env(RPC, CONTRACTS, network="hoodi")
    assert {k: v for k, v in env.items() if "HOODI" in k} == {
        "HOODI_GETH_ADDR": RPC,
        "HOODI_TGLM_CONTRACT_ADDRESS": CONTRACTS.token,
        "HOODI_MULTI_PAYMENT_CONTRACT_ADDRESS": CONTRACTS.multi_transfer,
        "HOODI_WRAPPER_CONTRACT_ADDRESS": "0x" + "00" * 20,
        "ERC20_HOODI_REQUIRED_CONFIRMATIONS": "0",
    }
    assert not any("HOLESKY" in k for k in env)
    tomllib = pytest.importorskip("tomllib", reason="tomllib is new in Python 3.11")
    config = tomllib.loads(payments_config_toml(RPC, CONTRACTS, network="hoodi"))
    assert list(config["chain"]) == ["hoodi"]
    assert config["chain"]["hoodi"]["chain-id"] == posable_chain_id("hoodi") == 560048


def test_the_chain_poses_only_as_a_test_network_yagna_pays_tglm_on() -> None:
    assert posable_chain_id("holesky") == 17000
    for network in ("polygon", "mainnet", "nowhere"):
        with pytest.raises(ValueError, match="poses as holesky or hoodi"):
            yagna_chain_env(RPC, CONTRACTS, network=network)
