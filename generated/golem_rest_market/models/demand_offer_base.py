from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.properties import Properties


T = TypeVar("T", bound="DemandOfferBase")


@_attrs_define
class DemandOfferBase:
    """What a client sends to publish a demand or offer, or to counter a proposal: its properties and its constraint
    expression.

        Attributes:
            constraints (str): LDAP-style filter the other side's properties must satisfy, e.g.
                `(&(golem.inf.cpu.cores>=2)(golem.runtime.name=vm))`.
            properties (Properties): Flat map from full property names (e.g. `golem.inf.cpu.cores`) to JSON values, as the
                Golem property standards define them.
    """

    constraints: str
    properties: Properties
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        constraints = self.constraints

        properties = self.properties.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "constraints": constraints,
                "properties": properties,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.properties import Properties  # noqa: PLC0415

        d = dict(src_dict)
        constraints = d.pop("constraints")

        properties = Properties.from_dict(d.pop("properties"))

        demand_offer_base = cls(
            constraints=constraints,
            properties=properties,
        )

        demand_offer_base.additional_properties = d
        return demand_offer_base

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
