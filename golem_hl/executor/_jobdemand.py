"""The demand one job publishes: the payload, the subnet, its expiry and payment terms."""

from __future__ import annotations

from typing import Final

from golem_core.market.properties import EXPIRATION, SUBNET, expiration_ms
from golem_hl._engine.engine import Engine
from golem_hl._engine.job import Job
from golem_hl.payload import DemandBuilder, Payload

__all__ = ["MULTI_ACTIVITY", "build_demand"]

# we may run several activities, one after another, on one agreement
MULTI_ACTIVITY: Final = "golem.srv.caps.multi-activity"


async def build_demand(engine: Engine, job: Job, payload: Payload) -> DemandBuilder:
    demand = DemandBuilder()
    await demand.decorate(payload, engine.strategy)
    subnet = engine.settings.subnet_tag
    if subnet:
        demand.add_properties({SUBNET: subnet})
        demand.ensure(f"({SUBNET}={subnet})")
    demand.add_properties({EXPIRATION: expiration_ms(job.expiration_time), MULTI_ACTIVITY: True})
    decoration = await engine.allocation.demand_decorations()
    demand.add_properties(dict(decoration.properties))
    for constraint in decoration.constraints:
        demand.ensure(constraint)
    return demand
