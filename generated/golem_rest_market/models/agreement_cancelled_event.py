from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.agreement_cancelled_event_event_type import (
    AgreementCancelledEventEventType,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reason import Reason


T = TypeVar("T", bound="AgreementCancelledEvent")


@_attrs_define
class AgreementCancelledEvent:
    """The requestor withdrew the agreement before the provider decided.

    Attributes:
        agreement_id (str):
        event_date (datetime.datetime):
        event_type (AgreementCancelledEventEventType):
        reason (Reason | Unset): Why a party did something (rejected, terminated, cancelled). `message` is for people;
            any further keys are free-form details.
    """

    agreement_id: str
    event_date: datetime.datetime
    event_type: AgreementCancelledEventEventType
    reason: Reason | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agreement_id = self.agreement_id

        event_date = self.event_date.isoformat()

        event_type = self.event_type.value

        reason: dict[str, Any] | Unset = UNSET
        if not isinstance(self.reason, Unset):
            reason = self.reason.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agreementId": agreement_id,
                "eventDate": event_date,
                "eventType": event_type,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reason import Reason  # noqa: PLC0415

        d = dict(src_dict)
        agreement_id = d.pop("agreementId")

        event_date = isoparse(d.pop("eventDate"))

        event_type = AgreementCancelledEventEventType(d.pop("eventType"))

        _reason = d.pop("reason", UNSET)
        reason: Reason | Unset
        if isinstance(_reason, Unset):
            reason = UNSET
        else:
            reason = Reason.from_dict(_reason)

        agreement_cancelled_event = cls(
            agreement_id=agreement_id,
            event_date=event_date,
            event_type=event_type,
            reason=reason,
        )

        agreement_cancelled_event.additional_properties = d
        return agreement_cancelled_event

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
