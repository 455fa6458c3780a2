from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.properties import Properties


T = TypeVar("T", bound="PropertyQuery")


@_attrs_define
class PropertyQuery:
    """A request from the other side for dynamic property values.

    Attributes:
        queried_properties (list[str]): Names of the properties wanted.
        issuer_properties (Properties | Unset): Flat map from full property names (e.g. `golem.inf.cpu.cores`) to JSON
            values, as the Golem property standards define them.
        query_id (str | Unset):
    """

    queried_properties: list[str]
    issuer_properties: Properties | Unset = UNSET
    query_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        queried_properties = self.queried_properties

        issuer_properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.issuer_properties, Unset):
            issuer_properties = self.issuer_properties.to_dict()

        query_id = self.query_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "queriedProperties": queried_properties,
            }
        )
        if issuer_properties is not UNSET:
            field_dict["issuerProperties"] = issuer_properties
        if query_id is not UNSET:
            field_dict["queryId"] = query_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.properties import Properties  # noqa: PLC0415

        d = dict(src_dict)
        queried_properties = cast(list[str], d.pop("queriedProperties"))

        _issuer_properties = d.pop("issuerProperties", UNSET)
        issuer_properties: Properties | Unset
        if isinstance(_issuer_properties, Unset):
            issuer_properties = UNSET
        else:
            issuer_properties = Properties.from_dict(_issuer_properties)

        query_id = d.pop("queryId", UNSET)

        property_query = cls(
            queried_properties=queried_properties,
            issuer_properties=issuer_properties,
            query_id=query_id,
        )

        property_query.additional_properties = d
        return property_query

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
