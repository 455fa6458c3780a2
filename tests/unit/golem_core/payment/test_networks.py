"""Payment networks by name: the platform each pays on, as yagna 0.17.6 names them."""

from __future__ import annotations

import pytest

from golem_core.payment.networks import (
    MAINNET_NOW,
    PAYMENT_NETWORKS,
    TESTNET_NOW,
    NetworkStatus,
    payment_network,
    platform_name,
    split_platform,
)


def test_each_network_pays_on_the_platform_yagna_names() -> None:
    # the platform names found in the yagna 0.17.6 binary
    assert {n.name: n.platform for n in PAYMENT_NETWORKS.values()} == {
        "hoodi": "erc20-hoodi-tglm",
        "polygon": "erc20-polygon-glm",
        "mainnet": "erc20-mainnet-glm",
        "holesky": "erc20-holesky-tglm",
        "sepolia": "erc20-sepolia-tglm",
        "amoy": "erc20-amoy-tglm",
        "goerli": "erc20-goerli-tglm",
        "mumbai": "erc20-mumbai-tglm",
        "rinkeby": "erc20-rinkeby-tglm",
    }


def test_hoodi_is_the_test_network_now_and_polygon_the_paid_one() -> None:
    hoodi, polygon = payment_network(TESTNET_NOW), payment_network(MAINNET_NOW)
    assert (hoodi.name, hoodi.chain_id, hoodi.token, hoodi.testnet) == (
        "hoodi",
        560048,
        "tGLM",
        True,
    )
    assert (polygon.chain_id, polygon.token, polygon.testnet) == (137, "GLM", False)
    assert hoodi.status is polygon.status is NetworkStatus.CURRENT


def test_holesky_is_kept_as_legacy_with_its_chain_id() -> None:
    holesky = payment_network("holesky")
    assert (holesky.chain_id, holesky.status) == (17000, NetworkStatus.LEGACY)


def test_names_are_read_in_any_case() -> None:
    assert payment_network(" Hoodi ") is PAYMENT_NETWORKS["hoodi"]


def test_an_unknown_name_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown payment network 'ropsten'.*hoodi, polygon"):
        payment_network("ropsten")


def test_platforms_split_into_driver_network_token() -> None:
    assert split_platform("erc20-hoodi-tglm") == ("erc20", "hoodi", "tglm")
    assert platform_name("erc20", "Polygon", "GLM") == "erc20-polygon-glm"
    for bad in ("erc20-hoodi", "erc20--tglm", "a-b-c-d"):
        with pytest.raises(ValueError, match="DRIVER-NETWORK-TOKEN"):
            split_platform(bad)
