from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

T = TypeVar("T", bound="AgreementProposal")


@_attrs_define
class AgreementProposal:
    """Which proposal to turn into an agreement, and until when.

    Attributes:
        proposal_id (str): A provider's proposal that we have negotiated on.
        valid_to (datetime.datetime): Deadline for the provider to approve; after it the agreement expires.
    """

    proposal_id: str
    valid_to: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        proposal_id = self.proposal_id

        valid_to = self.valid_to.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "proposalId": proposal_id,
                "validTo": valid_to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        proposal_id = d.pop("proposalId")

        valid_to = isoparse(d.pop("validTo"))

        agreement_proposal = cls(
            proposal_id=proposal_id,
            valid_to=valid_to,
        )

        agreement_proposal.additional_properties = d
        return agreement_proposal

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
