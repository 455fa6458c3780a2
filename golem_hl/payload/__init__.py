"""Payloads: what the requestor wants to run, and the demand it becomes (yapapi's `yapapi.payload`).

`vm.repo(...)` and `vm.manifest(...)` build VM payloads; subclass `Payload`
as a dataclass with `prop`/`constraint` fields for other runtimes.
"""

from golem_hl.payload import vm
from golem_hl.payload._demand import DemandBuilder, DemandDecorator, join_constraints
from golem_hl.payload._model import (
    ConstraintOperator,
    Package,
    Payload,
    constraint,
    constraint_expression,
    prop,
    property_value,
)
from golem_hl.props.builder import AutodecoratingModel

__all__ = [
    "AutodecoratingModel",
    "ConstraintOperator",
    "DemandBuilder",
    "DemandDecorator",
    "Package",
    "Payload",
    "constraint",
    "constraint_expression",
    "join_constraints",
    "prop",
    "property_value",
    "vm",
]
