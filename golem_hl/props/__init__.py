"""Property models (yapapi's `yapapi.props`): node and activity properties of a demand.

`props.base` has the model machinery (`Model`, `prop`, `constraint`),
`props.builder` the `DemandBuilder`, `props.inf` and `props.com` the
infrastructure and payment property keys.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal

from golem_hl.props.base import InvalidPropertiesError, Model, constraint, prop

__all__ = [
    "Activity",
    "ActivityKeys",
    "InvalidPropertiesError",
    "Model",
    "NodeInfo",
    "NodeInfoKeys",
    "constraint",
    "prop",
]


@dataclasses.dataclass
class NodeInfo(Model):
    """Who a node is: its name and the subnet its demands and offers are matched in."""

    name: str | None = prop("golem.node.id.name", default=None)
    subnet_tag: str | None = prop("golem.node.debug.subnet", default=None)


NodeInfoKeys = NodeInfo.property_keys()


@dataclasses.dataclass
class Activity(Model):
    """Activity limits a demand states: cost caps, a batch timeout, expiration, multi-activity."""

    cost_cap: Decimal | None = prop("golem.activity.cost_cap", default=None)
    cost_warning: Decimal | None = prop("golem.activity.cost_warning", default=None)
    timeout_secs: float | None = prop("golem.activity.timeout_secs", default=None)
    expiration: datetime | None = prop("golem.srv.comp.expiration", default=None)
    multi_activity: bool | None = prop("golem.srv.caps.multi-activity", default=None)


ActivityKeys = Activity.property_keys()
