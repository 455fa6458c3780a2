from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

if TYPE_CHECKING:
    from ..models.properties import Properties


T = TypeVar("T", bound="Demand")


@_attrs_define
class Demand:
    """A demand as the market stores it.

    Attributes:
        constraints (str): LDAP-style filter the other side's properties must satisfy, e.g.
            `(&(golem.inf.cpu.cores>=2)(golem.runtime.name=vm))`.
        properties (Properties): Flat map from full property names (e.g. `golem.inf.cpu.cores`) to JSON values, as the
            Golem property standards define them.
        demand_id (str):
        requestor_id (str): Node id of the requestor that published it.
        timestamp (datetime.datetime):
    """

    constraints: str
    properties: Properties
    demand_id: str
    requestor_id: str
    timestamp: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        constraints = self.constraints

        properties = self.properties.to_dict()

        demand_id = self.demand_id

        requestor_id = self.requestor_id

        timestamp = self.timestamp.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "constraints": constraints,
                "properties": properties,
                "demandId": demand_id,
                "requestorId": requestor_id,
                "timestamp": timestamp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.properties import Properties  # noqa: PLC0415

        d = dict(src_dict)
        constraints = d.pop("constraints")

        properties = Properties.from_dict(d.pop("properties"))

        demand_id = d.pop("demandId")

        requestor_id = d.pop("requestorId")

        timestamp = isoparse(d.pop("timestamp"))

        demand = cls(
            constraints=constraints,
            properties=properties,
            demand_id=demand_id,
            requestor_id=requestor_id,
            timestamp=timestamp,
        )

        demand.additional_properties = d
        return demand

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
