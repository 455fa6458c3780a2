"""Exact conversions between token or ether amounts (Decimal) and wei (int).

Both GLM and ether have 18 decimals. Decimal arithmetic rounds to the context
precision (28 digits), so the conversions work on the digit tuple instead and
refuse amounts finer than one wei rather than rounding them.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["DECIMALS", "from_hex_quantity", "from_wei", "to_hex_quantity", "to_wei"]

DECIMALS = 18


def to_wei(amount: Decimal, decimals: int = DECIMALS) -> int:
    if not amount.is_finite():
        raise ValueError(f"not a finite amount: {amount}")
    if amount < 0:
        raise ValueError(f"negative amount: {amount}")
    _, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)  # finite
    mantissa = int("".join(map(str, digits)) or "0")
    shift = exponent + decimals
    if shift >= 0:
        factor: int = 10**shift
        return mantissa * factor
    divisor: int = 10**-shift
    quotient, remainder = divmod(mantissa, divisor)
    if remainder:
        raise ValueError(f"{amount} has more than {decimals} decimal places")
    return quotient


def from_wei(wei: int, decimals: int = DECIMALS) -> Decimal:
    if wei < 0:
        raise ValueError(f"negative amount: {wei} wei")
    # the string constructor is exact; arithmetic would round to the context precision
    return Decimal(f"{wei}E-{decimals}")


def to_hex_quantity(value: int) -> str:
    """A JSON-RPC QUANTITY: 0x-prefixed hex with no leading zeros."""
    if value < 0:
        raise ValueError(f"negative quantity: {value}")
    return hex(value)


def from_hex_quantity(value: str) -> int:
    if not value.startswith("0x"):
        raise ValueError(f"not a hex quantity: {value!r}")
    return int(value, 16)
