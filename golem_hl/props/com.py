"""Payment property keys and the linear price model read from offers (yapapi's `props.com`).

`ComLinear` gives prices as floats, as yapapi apps compute with them; the
engine itself reads prices exactly (`golem_hl.strategy.pricing.LinearPricing`,
Decimal), and `ComLinear` is checked and built through it.
"""

from __future__ import annotations

import abc
import dataclasses
import enum
from collections.abc import Mapping, Sequence
from typing import Any

from golem_hl.props.base import Model
from golem_hl.strategy.pricing import (
    DEFINED_USAGES,
    LINEAR_COEFFS,
    PRICE_MODEL,
    SCHEME,
    Counter,
    LinearPricing,
)

__all__ = [
    "DEFINED_USAGES",
    "LINEAR_COEFFS",
    "PRICE_MODEL",
    "SCHEME",
    "BillingScheme",
    "Com",
    "ComLinear",
    "Counter",
    "PriceModel",
]


class BillingScheme(enum.Enum):
    PAYU = "payu"


class PriceModel(enum.Enum):
    LINEAR = "linear"


@dataclasses.dataclass(frozen=True)
class Com(Model):
    """A payment model: its scheme, its price model, and what a usage vector costs under it."""

    scheme: BillingScheme = dataclasses.field(metadata={"key": SCHEME})
    price_model: PriceModel = dataclasses.field(metadata={"key": PRICE_MODEL})

    @abc.abstractmethod
    def calculate_cost(self, usage: list[Any]) -> float:
        """The cost of `usage`, given in the model's counter order."""

    @abc.abstractmethod
    def usage_as_dict(self, usage: list[Any]) -> dict[str, Any]:
        """`usage` keyed by counter."""


@dataclasses.dataclass(frozen=True)
class ComLinear(Com):
    """The linear model: one coefficient per usage counter, then the fixed price."""

    linear_coeffs: list[float] = dataclasses.field(metadata={"key": LINEAR_COEFFS})
    usage_vector: list[str] = dataclasses.field(metadata={"key": DEFINED_USAGES})

    @classmethod
    def _custom_mapping(cls, props: Mapping[str, Any], data: dict[str, Any]) -> None:
        # LinearPricing raises InvalidPropertiesError naming what is malformed
        LinearPricing.from_properties(props)
        data["linear_coeffs"] = [float(c) for c in data["linear_coeffs"]]

    @property
    def fixed_price(self) -> float:
        return self.linear_coeffs[-1]

    @property
    def price_for(self) -> dict[str, float]:
        return dict(zip(self.usage_vector, self.linear_coeffs, strict=False))

    def calculate_cost(self, usage: Sequence[float]) -> float:
        return sum(c * u for c, u in zip(self.linear_coeffs, [*usage, 1.0], strict=False))

    def usage_as_dict(self, usage: Sequence[Any]) -> dict[str, Any]:
        return dict(zip(self.usage_vector, usage, strict=False))
