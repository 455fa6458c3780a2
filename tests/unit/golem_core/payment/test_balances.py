"""`yagna payment status --json`'s answer as a ChainBalance (the command runs in tests/live)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from golem_core.payment.balances import BalanceError, ChainBalance, parse_payment_status

# what yagna 0.17.6 printed for the local chain's requestor (trimmed of the payment totals)
ANSWER: dict[str, Any] = {
    "amount": "1000.000000000000000001",
    "block_datetime": "1970-01-01T00:00:00Z",
    "block_number": 0,
    "driver": "erc20",
    "gas": {
        "balance": "10000",
        "currency_long_name": "Holesky Ether",
        "currency_short_name": "tETH",
    },
    "network": "holesky",
    "reserved": "2.5",
    "token": "tGLM",
}


def test_amounts_keep_every_digit() -> None:
    assert parse_payment_status(ANSWER) == ChainBalance(
        driver="erc20",
        network="holesky",
        token="tGLM",
        amount=Decimal("1000.000000000000000001"),
        reserved=Decimal("2.5"),
        gas=Decimal(10000),
        gas_symbol="tETH",
    )


def test_without_gas_details_gas_is_unknown() -> None:
    balance = parse_payment_status({**ANSWER, "gas": None})
    assert (balance.gas, balance.gas_symbol) == (None, None)


def test_a_missing_field_is_named() -> None:
    answer = {k: v for k, v in ANSWER.items() if k != "reserved"}
    with pytest.raises(BalanceError, match="gave no 'reserved'"):
        parse_payment_status(answer)


@pytest.mark.parametrize("value", ["lots", "NaN", "Infinity"])
def test_an_amount_that_is_not_a_finite_number_is_refused(value: str) -> None:
    with pytest.raises(BalanceError, match="amount is not"):
        parse_payment_status({**ANSWER, "amount": value})
