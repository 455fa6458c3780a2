from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.agreement_event_event_type import AgreementEventEventType

if TYPE_CHECKING:
    from ..models.agreement import Agreement


T = TypeVar("T", bound="AgreementEvent")


@_attrs_define
class AgreementEvent:
    """A requestor sent an agreement for the provider to approve or reject.

    Attributes:
        agreement (Agreement): An agreement with the demand and offer it binds.
        event_date (datetime.datetime):
        event_type (AgreementEventEventType):
    """

    agreement: Agreement
    event_date: datetime.datetime
    event_type: AgreementEventEventType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agreement = self.agreement.to_dict()

        event_date = self.event_date.isoformat()

        event_type = self.event_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agreement": agreement,
                "eventDate": event_date,
                "eventType": event_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agreement import Agreement  # noqa: PLC0415

        d = dict(src_dict)
        agreement = Agreement.from_dict(d.pop("agreement"))

        event_date = isoparse(d.pop("eventDate"))

        event_type = AgreementEventEventType(d.pop("eventType"))

        agreement_event = cls(
            agreement=agreement,
            event_date=event_date,
            event_type=event_type,
        )

        agreement_event.additional_properties = d
        return agreement_event

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
