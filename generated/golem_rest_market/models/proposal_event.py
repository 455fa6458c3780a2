from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.proposal_event_event_type import ProposalEventEventType

if TYPE_CHECKING:
    from ..models.proposal import Proposal


T = TypeVar("T", bound="ProposalEvent")


@_attrs_define
class ProposalEvent:
    """A new proposal from the other side arrived.

    Attributes:
        event_date (datetime.datetime):
        event_type (ProposalEventEventType):
        proposal (Proposal): One step of a negotiation, from either side.
    """

    event_date: datetime.datetime
    event_type: ProposalEventEventType
    proposal: Proposal
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_date = self.event_date.isoformat()

        event_type = self.event_type.value

        proposal = self.proposal.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "eventDate": event_date,
                "eventType": event_type,
                "proposal": proposal,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.proposal import Proposal  # noqa: PLC0415

        d = dict(src_dict)
        event_date = isoparse(d.pop("eventDate"))

        event_type = ProposalEventEventType(d.pop("eventType"))

        proposal = Proposal.from_dict(d.pop("proposal"))

        proposal_event = cls(
            event_date=event_date,
            event_type=event_type,
            proposal=proposal,
        )

        proposal_event.additional_properties = d
        return proposal_event

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
