from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.proposal_state import ProposalState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.properties import Properties


T = TypeVar("T", bound="Proposal")


@_attrs_define
class Proposal:
    """One step of a negotiation, from either side.

    Attributes:
        constraints (str): LDAP-style filter the other side's properties must satisfy, e.g.
            `(&(golem.inf.cpu.cores>=2)(golem.runtime.name=vm))`.
        properties (Properties): Flat map from full property names (e.g. `golem.inf.cpu.cores`) to JSON values, as the
            Golem property standards define them.
        issuer_id (str): Node id of the party that made this proposal.
        proposal_id (str):
        state (ProposalState): `Initial`: came from the market matching our subscription. `Draft`: a counter-proposal in
            a direct negotiation. `Rejected`: refused by the other side. `Accepted`: made into an agreement. `Expired`: its
            validity ran out untouched.
        timestamp (datetime.datetime):
        prev_proposal_id (str | Unset): The other side's proposal this one answers; absent on `Initial` proposals.
    """

    constraints: str
    properties: Properties
    issuer_id: str
    proposal_id: str
    state: ProposalState
    timestamp: datetime.datetime
    prev_proposal_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        constraints = self.constraints

        properties = self.properties.to_dict()

        issuer_id = self.issuer_id

        proposal_id = self.proposal_id

        state = self.state.value

        timestamp = self.timestamp.isoformat()

        prev_proposal_id = self.prev_proposal_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "constraints": constraints,
                "properties": properties,
                "issuerId": issuer_id,
                "proposalId": proposal_id,
                "state": state,
                "timestamp": timestamp,
            }
        )
        if prev_proposal_id is not UNSET:
            field_dict["prevProposalId"] = prev_proposal_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.properties import Properties  # noqa: PLC0415

        d = dict(src_dict)
        constraints = d.pop("constraints")

        properties = Properties.from_dict(d.pop("properties"))

        issuer_id = d.pop("issuerId")

        proposal_id = d.pop("proposalId")

        state = ProposalState(d.pop("state"))

        timestamp = isoparse(d.pop("timestamp"))

        prev_proposal_id = d.pop("prevProposalId", UNSET)

        proposal = cls(
            constraints=constraints,
            properties=properties,
            issuer_id=issuer_id,
            proposal_id=proposal_id,
            state=state,
            timestamp=timestamp,
            prev_proposal_id=prev_proposal_id,
        )

        proposal.additional_properties = d
        return proposal

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
