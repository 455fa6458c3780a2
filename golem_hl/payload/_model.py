"""Payloads: what the requestor wants run, declared as dataclass fields.

A user payload is a `@dataclass` subclass of `Payload` whose fields are made
with `prop(...)` (a property our demand states) or `constraint(...)` (a
condition on the provider's offer); `golem_hl.props.base` holds the machinery.
Subclasses that are not dataclasses override `demand_properties` and
`demand_constraints` instead.
"""

from __future__ import annotations

import abc

from golem_hl.props.base import (
    ConstraintOperator,
    constraint,
    constraint_expression,
    prop,
    property_value,
)
from golem_hl.props.builder import AutodecoratingModel

__all__ = [
    "ConstraintOperator",
    "Package",
    "Payload",
    "constraint",
    "constraint_expression",
    "prop",
    "property_value",
]


class Payload(AutodecoratingModel, abc.ABC):
    """Base of payload descriptions: a `@dataclass` subclass with `prop`/`constraint` fields."""


class Package(Payload):
    """A payload that is a package (e.g. a VM image) the provider downloads and runs."""

    @abc.abstractmethod
    async def resolve_url(self) -> str:
        """The package reference the provider reads (VM images: `hash:sha3:<hash>:<url>`)."""
