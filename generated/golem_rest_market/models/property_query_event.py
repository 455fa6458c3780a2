from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.property_query_event_event_type import PropertyQueryEventEventType

if TYPE_CHECKING:
    from ..models.property_query import PropertyQuery


T = TypeVar("T", bound="PropertyQueryEvent")


@_attrs_define
class PropertyQueryEvent:
    """The other side asks for dynamic property values.

    Attributes:
        event_date (datetime.datetime):
        event_type (PropertyQueryEventEventType):
        property_query (PropertyQuery): A request from the other side for dynamic property values.
    """

    event_date: datetime.datetime
    event_type: PropertyQueryEventEventType
    property_query: PropertyQuery
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_date = self.event_date.isoformat()

        event_type = self.event_type.value

        property_query = self.property_query.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "eventDate": event_date,
                "eventType": event_type,
                "propertyQuery": property_query,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.property_query import PropertyQuery  # noqa: PLC0415

        d = dict(src_dict)
        event_date = isoparse(d.pop("eventDate"))

        event_type = PropertyQueryEventEventType(d.pop("eventType"))

        property_query = PropertyQuery.from_dict(d.pop("propertyQuery"))

        property_query_event = cls(
            event_date=event_date,
            event_type=event_type,
            property_query=property_query,
        )

        property_query_event.additional_properties = d
        return property_query_event

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
