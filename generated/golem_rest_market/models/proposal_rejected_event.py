from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.proposal_rejected_event_event_type import ProposalRejectedEventEventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reason import Reason


T = TypeVar("T", bound="ProposalRejectedEvent")


@_attrs_define
class ProposalRejectedEvent:
    """The other side rejected one of our proposals and will not counter it.

    Attributes:
        event_date (datetime.datetime):
        event_type (ProposalRejectedEventEventType):
        proposal_id (str): Our proposal that was rejected.
        reason (Reason | Unset): Why a party did something (rejected, terminated, cancelled). `message` is for people;
            any further keys are free-form details.
    """

    event_date: datetime.datetime
    event_type: ProposalRejectedEventEventType
    proposal_id: str
    reason: Reason | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_date = self.event_date.isoformat()

        event_type = self.event_type.value

        proposal_id = self.proposal_id

        reason: dict[str, Any] | Unset = UNSET
        if not isinstance(self.reason, Unset):
            reason = self.reason.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "eventDate": event_date,
                "eventType": event_type,
                "proposalId": proposal_id,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reason import Reason  # noqa: PLC0415

        d = dict(src_dict)
        event_date = isoparse(d.pop("eventDate"))

        event_type = ProposalRejectedEventEventType(d.pop("eventType"))

        proposal_id = d.pop("proposalId")

        _reason = d.pop("reason", UNSET)
        reason: Reason | Unset
        if isinstance(_reason, Unset):
            reason = UNSET
        else:
            reason = Reason.from_dict(_reason)

        proposal_rejected_event = cls(
            event_date=event_date,
            event_type=event_type,
            proposal_id=proposal_id,
            reason=reason,
        )

        proposal_rejected_event.additional_properties = d
        return proposal_rejected_event

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
