from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.agreement_approved_event_event_type import AgreementApprovedEventEventType

T = TypeVar("T", bound="AgreementApprovedEvent")


@_attrs_define
class AgreementApprovedEvent:
    """The provider approved the agreement.

    Attributes:
        agreement_id (str):
        event_date (datetime.datetime):
        event_type (AgreementApprovedEventEventType):
    """

    agreement_id: str
    event_date: datetime.datetime
    event_type: AgreementApprovedEventEventType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agreement_id = self.agreement_id

        event_date = self.event_date.isoformat()

        event_type = self.event_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agreementId": agreement_id,
                "eventDate": event_date,
                "eventType": event_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agreement_id = d.pop("agreementId")

        event_date = isoparse(d.pop("eventDate"))

        event_type = AgreementApprovedEventEventType(d.pop("eventType"))

        agreement_approved_event = cls(
            agreement_id=agreement_id,
            event_date=event_date,
            event_type=event_type,
        )

        agreement_approved_event.additional_properties = d
        return agreement_approved_event

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
