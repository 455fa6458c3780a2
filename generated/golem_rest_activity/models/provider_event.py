from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

if TYPE_CHECKING:
    from ..models.provider_event_type import ProviderEventType


T = TypeVar("T", bound="ProviderEvent")


@_attrs_define
class ProviderEvent:
    """Something a requestor asked the provider node to do with an activity.

    Attributes:
        activity_id (str):
        agreement_id (str):
        event_date (datetime.datetime): When the event was recorded; use it as the next `afterTimestamp`.
        event_type (ProviderEventType): What happened, as an object with exactly one key naming the event kind, e.g.
            `{"CreateActivity": {}}` or `{"DestroyActivity": {}}`.
    """

    activity_id: str
    agreement_id: str
    event_date: datetime.datetime
    event_type: ProviderEventType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activity_id = self.activity_id

        agreement_id = self.agreement_id

        event_date = self.event_date.isoformat()

        event_type = self.event_type.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activityId": activity_id,
                "agreementId": agreement_id,
                "eventDate": event_date,
                "eventType": event_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.provider_event_type import ProviderEventType  # noqa: PLC0415

        d = dict(src_dict)
        activity_id = d.pop("activityId")

        agreement_id = d.pop("agreementId")

        event_date = isoparse(d.pop("eventDate"))

        event_type = ProviderEventType.from_dict(d.pop("eventType"))

        provider_event = cls(
            activity_id=activity_id,
            agreement_id=agreement_id,
            event_date=event_date,
            event_type=event_type,
        )

        provider_event.additional_properties = d
        return provider_event

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
