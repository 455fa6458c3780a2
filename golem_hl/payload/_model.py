"""Payloads: what the requestor wants run, declared as dataclass fields.

A user payload is a `@dataclass` subclass of `Payload` whose fields are made
with `prop(...)` (a property our demand states) or `constraint(...)` (a
condition on the provider's offer). `decorate_demand` adds both to a demand;
`demand_properties()` / `demand_constraints()` give the same data without one.
"""

from __future__ import annotations

import abc
import dataclasses
import enum
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from golem_hl.payload._demand import DemandBuilder, join_constraints

__all__ = [
    "ConstraintOperator",
    "Package",
    "Payload",
    "constraint",
    "constraint_expression",
    "prop",
    "property_value",
]

ConstraintOperator = Literal["=", ">=", "<=", ">", "<"]

_KEY = "key"
_OPERATOR = "operator"
_KIND = "kind"
_PROPERTY = "property"
_CONSTRAINT = "constraint"


def prop(
    key: str, default: Any = dataclasses.MISSING, *, default_factory: Any = dataclasses.MISSING
) -> Any:
    """A payload field that becomes the demand property `key`.

    A field whose value is None is left out of the demand.
    """
    return dataclasses.field(
        default=default,
        default_factory=default_factory,
        metadata={_KEY: key, _KIND: _PROPERTY},
    )


def constraint(
    key: str,
    operator: ConstraintOperator = "=",
    default: Any = dataclasses.MISSING,
    default_factory: Any = dataclasses.MISSING,
) -> Any:
    """A payload field that becomes the constraint `(key<operator><value>)`.

    A list value requires every element (`(&(key=a)(key=b))`); an empty list adds nothing.
    """
    return dataclasses.field(
        default=default,
        default_factory=default_factory,
        metadata={_KEY: key, _OPERATOR: operator, _KIND: _CONSTRAINT},
    )


def property_value(value: Any) -> Any:
    """A field value as the market's JSON wants it: dates in epoch ms, enums by value."""
    if isinstance(value, datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, enum.Enum):
        return property_value(value.value)
    if isinstance(value, Decimal):
        # JSON has no decimals; these are thresholds and sizes, never amounts we pay
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, tuple):
        return [property_value(v) for v in value]
    return value


def _constraint_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _constraint_value(value.value)
    if isinstance(value, datetime):
        return str(int(value.timestamp() * 1000))
    return str(value)


def constraint_expression(key: str, operator: str, value: Any) -> str:
    """One constraint, or an `&` group for a list value ("" for an empty list)."""
    if isinstance(value, (list, tuple)):
        return (
            join_constraints([constraint_expression(key, operator, v) for v in value])
            if value
            else ""
        )
    return f"({key}{operator}{_constraint_value(value)})"


class Payload(abc.ABC):  # noqa: B024 -- abstract by intent, like yapapi's: only subclasses are used
    """Base of payload descriptions; subclass it as a `@dataclass` with `prop`/`constraint` fields.

    Subclasses that are not dataclasses override `demand_properties` and
    `demand_constraints` instead.
    """

    def _fields(self, kind: str) -> list[dataclasses.Field[Any]]:
        if not dataclasses.is_dataclass(self):
            return []
        return [f for f in dataclasses.fields(self) if f.metadata.get(_KIND) == kind]

    def demand_properties(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for f in self._fields(_PROPERTY):
            value = getattr(self, f.name)
            if value is not None:
                result[f.metadata[_KEY]] = property_value(value)
        return result

    def demand_constraints(self) -> list[str]:
        """Each constraint field as one expression, in field order; empty ones left out."""
        expressions = (
            constraint_expression(f.metadata[_KEY], f.metadata[_OPERATOR], getattr(self, f.name))
            for f in self._fields(_CONSTRAINT)
        )
        return [e for e in expressions if e]

    async def decorate_demand(self, demand: DemandBuilder) -> None:
        """Add our properties, and our constraints as one `&` group."""
        demand.add_properties(self.demand_properties())
        constraints = self.demand_constraints()
        if constraints:
            demand.ensure(join_constraints(constraints))


class Package(Payload):
    """A payload that is a package (e.g. a VM image) the provider downloads and runs."""

    @abc.abstractmethod
    async def resolve_url(self) -> str:
        """The package reference the provider reads (VM images: `hash:sha3:<hash>:<url>`)."""
