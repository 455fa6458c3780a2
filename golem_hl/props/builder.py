"""The demand being assembled: properties plus constraint expressions (yapapi's `props.builder`).

Payloads and market strategies only add to it; the engine turns the result into
a golem_core demand, and `subscribe(market)` publishes it through `golem_hl.rest`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from golem_core.market import ConstraintSyntaxError, check_constraint_syntax
from golem_hl.exceptions import ConstraintException
from golem_hl.props.base import (
    Model,
    constraint_model_serialize,
    join_str_constraints,
    model_properties,
)

if TYPE_CHECKING:
    from golem_hl.rest.market import Market, Subscription

__all__ = ["AutodecoratingModel", "DemandBuilder", "DemandDecorator"]


class DemandDecorator(Protocol):
    """Anything that adds itself to a demand: payloads and market strategies."""

    async def decorate_demand(self, demand: DemandBuilder) -> None: ...


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
        return join_str_constraints(self._constraints) if self._constraints else "()"

    @property
    def constraint_list(self) -> list[str]:
        return list(self._constraints)

    def ensure(self, constraint: str) -> None:
        """Add a constraint expression; an empty one is ignored.

        One that does not parse raises ConstraintException here: the daemon
        would store it and then match no offer at all, silently.
        """
        if constraint:
            try:
                check_constraint_syntax(constraint)
            except ConstraintSyntaxError as error:
                raise ConstraintException(str(error)) from error
            self._constraints.append(constraint)

    def add(self, m: Any) -> None:
        """Add the properties a model declares (`demand_properties()` when it has one)."""
        found = m.demand_properties() if hasattr(m, "demand_properties") else model_properties(m)
        self._properties.update(found)

    def add_properties(self, props: Mapping[str, Any]) -> None:
        self._properties.update(props)

    async def subscribe(self, market: Market) -> Subscription:
        """Publish this demand on `market` (a `golem_hl.rest.Market`) and subscribe to offers."""
        return await market.subscribe(self._properties, self.constraints)

    async def decorate(self, *decorators: DemandDecorator) -> None:
        for decorator in decorators:
            await decorator.decorate_demand(self)

    def copy(self) -> DemandBuilder:
        """A deep copy: answering one offer must not change the demand for the next."""
        return DemandBuilder(copy.deepcopy(self._properties), self._constraints)


class AutodecoratingModel(Model):
    """A model that adds its own properties, and its constraints as one `&` group, to a demand."""

    def demand_properties(self) -> dict[str, Any]:
        return model_properties(self)

    def demand_constraints(self) -> list[str]:
        """Each constraint field as one expression, in field order; empty ones left out."""
        return [c for c in constraint_model_serialize(self) if c]

    async def decorate_demand(self, demand: DemandBuilder) -> None:
        demand.add_properties(self.demand_properties())
        constraints = self.demand_constraints()
        if constraints:
            demand.ensure(join_str_constraints(constraints))
