"""The demand builder, at the place golem_hl's own modules imported it from before `props`."""

from golem_hl.props.base import join_str_constraints as join_constraints
from golem_hl.props.builder import DemandBuilder, DemandDecorator

__all__ = ["DemandBuilder", "DemandDecorator", "join_constraints"]
