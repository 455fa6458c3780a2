"""The demand being assembled: properties plus constraint expressions, over plain dicts.

Payloads and market strategies only add to it; the engine turns the result into
a golem_core demand. Constraints use the market's LDAP-like filter syntax:
`(key=value)`, `(key>=value)`, grouped as `(&a b)` / `(|a b)` / `(!a)`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Protocol

from golem_hl.exceptions import ConstraintException

__all__ = [
    "DemandBuilder",
    "DemandDecorator",
    "join_constraints",
]

GroupOperator = Literal["&", "|", "!"]


def join_constraints(constraints: Iterable[str], operator: GroupOperator = "&") -> str:
    """Group constraint expressions; empty ones are dropped, a single one is kept bare.

    `!` takes exactly one member. An empty `&`/`|` group is `(&)`/`(|)`.
    """
    members = [c for c in constraints if c]
    if operator == "!":
        if len(members) != 1:
            raise ConstraintException(f"'!' needs exactly one member, got {len(members)}")
        return f"(!{members[0]})"
    if not members:
        return f"({operator})"
    if len(members) == 1:
        return members[0]
    return "({}{})".format(operator, "\n\t".join(members))


class DemandDecorator(Protocol):
    """Anything that adds itself to a demand: payloads and market strategies."""

    async def decorate_demand(self, demand: DemandBuilder) -> None: ...


class _PropertySource(Protocol):
    def demand_properties(self) -> dict[str, Any]: ...


class DemandBuilder:
    """Collects a demand's properties and constraints.

    `properties` is a plain mutable dict (strategies edit it when they answer an
    offer); constraints are kept as a list of expressions and `constraints`
    joins them with `&`.
    """

    def __init__(
        self,
        properties: Mapping[str, Any] | None = None,
        constraints: Iterable[str] = (),
    ) -> None:
        self._properties: dict[str, Any] = dict(properties or {})
        self._constraints: list[str] = [c for c in constraints if c]

    def __repr__(self) -> str:
        return repr({"properties": self._properties, "constraints": self._constraints})

    @property
    def properties(self) -> dict[str, Any]:
        return self._properties

    @property
    def constraints(self) -> str:
        """All constraints as one expression, as the market wants it; `()` (always true) if none."""
        return join_constraints(self._constraints) if self._constraints else "()"

    @property
    def constraint_list(self) -> list[str]:
        return list(self._constraints)

    def ensure(self, constraint: str) -> None:
        """Add a constraint expression; an empty one is ignored."""
        if constraint:
            self._constraints.append(constraint)

    def add(self, model: _PropertySource) -> None:
        """Add the properties a payload (or any model with `demand_properties`) declares."""
        self._properties.update(model.demand_properties())

    def add_properties(self, props: Mapping[str, Any]) -> None:
        self._properties.update(props)

    async def decorate(self, *decorators: DemandDecorator) -> None:
        for decorator in decorators:
            await decorator.decorate_demand(self)

    def copy(self) -> DemandBuilder:
        """A deep copy: answering one offer must not change the demand for the next."""
        return DemandBuilder(copy.deepcopy(self._properties), self._constraints)
