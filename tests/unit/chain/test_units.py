"""Exact Decimal <-> wei conversions (18 decimals) and JSON-RPC quantities."""

from __future__ import annotations

from decimal import Decimal

import pytest

from golem_localnet.chain.units import from_hex_quantity, from_wei, to_hex_quantity, to_wei


@pytest.mark.parametrize(
    ("amount", "wei"),
    [
        (Decimal("0"), 0),
        (Decimal("1"), 10**18),
        (Decimal("1.5"), 15 * 10**17),
        (Decimal("0.000000000000000001"), 1),
        (Decimal("1E+3"), 1000 * 10**18),
        (Decimal("10.500"), 105 * 10**17),
    ],
)
def test_to_wei(amount: Decimal, wei: int) -> None:
    assert to_wei(amount) == wei


def test_round_trip_is_exact_beyond_decimal_context_precision() -> None:
    # 40 significant digits: Decimal arithmetic (28 digits) would round this
    wei = 1234567890123456789012345678901234567891
    assert to_wei(from_wei(wei)) == wei
    assert from_wei(wei) == Decimal("1234567890123456789012.345678901234567891")


def test_from_wei_keeps_value_equality() -> None:
    assert from_wei(10**18) == Decimal(1)
    assert from_wei(15 * 10**17) == Decimal("1.5")
    assert from_wei(0) == 0


@pytest.mark.parametrize("bad", ["0.0000000000000000001", "-1", "NaN", "Infinity"])
def test_to_wei_refuses_what_it_cannot_represent(bad: str) -> None:
    with pytest.raises(ValueError):
        to_wei(Decimal(bad))


def test_from_wei_refuses_negative() -> None:
    with pytest.raises(ValueError):
        from_wei(-1)


def test_other_decimals() -> None:
    assert to_wei(Decimal("1.25"), decimals=6) == 1_250_000
    assert from_wei(1_250_000, decimals=6) == Decimal("1.25")


def test_hex_quantities() -> None:
    assert to_hex_quantity(0) == "0x0"
    assert to_hex_quantity(17000) == "0x4268"
    assert from_hex_quantity("0x4268") == 17000
    with pytest.raises(ValueError):
        from_hex_quantity("4268")
    with pytest.raises(ValueError):
        to_hex_quantity(-1)
