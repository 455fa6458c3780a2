from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.market_property import MarketProperty


T = TypeVar("T", bound="MarketDecoration")


@_attrs_define
class MarketDecoration:
    """Properties and constraints to merge into a demand.

    Attributes:
        constraints (list[str]): Constraint expressions, each to be AND-ed with the demand's.
        properties (list[MarketProperty]):
    """

    constraints: list[str]
    properties: list[MarketProperty]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        constraints = self.constraints

        properties = []
        for properties_item_data in self.properties:
            properties_item = properties_item_data.to_dict()
            properties.append(properties_item)

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
        from ..models.market_property import MarketProperty  # noqa: PLC0415

        d = dict(src_dict)
        constraints = cast(list[str], d.pop("constraints"))

        properties = []
        _properties = d.pop("properties")
        for properties_item_data in _properties:
            properties_item = MarketProperty.from_dict(properties_item_data)

            properties.append(properties_item)

        market_decoration = cls(
            constraints=constraints,
            properties=properties,
        )

        market_decoration.additional_properties = d
        return market_decoration

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
