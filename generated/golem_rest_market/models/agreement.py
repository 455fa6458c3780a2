from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.agreement_state import AgreementState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.demand import Demand
    from ..models.offer import Offer


T = TypeVar("T", bound="Agreement")


@_attrs_define
class Agreement:
    """An agreement with the demand and offer it binds.

    Attributes:
        agreement_id (str):
        demand (Demand): A demand as the market stores it.
        offer (Offer): An offer as the market stores it.
        state (AgreementState): `Proposal`: created, not yet confirmed by the requestor. `Pending`: confirmed and
            waiting for the provider. `Cancelled`: withdrawn by the requestor. `Rejected`: refused by the provider.
            `Approved`: in force. `Expired`: not decided before `validTo`. `Terminated`: ended after approval.
        timestamp (datetime.datetime): When the agreement was created.
        valid_to (datetime.datetime): Deadline for approval.
        app_session_id (str | Unset): A tag the application chooses to find the events of its own actions later.
        approved_date (datetime.datetime | Unset): When the provider approved; absent until then.
        approved_signature (str | Unset): Provider's signature, once approved.
        committed_signature (str | Unset): Requestor's final signature, once committed.
        proposed_signature (str | Unset): Requestor's signature, once confirmed.
    """

    agreement_id: str
    demand: Demand
    offer: Offer
    state: AgreementState
    timestamp: datetime.datetime
    valid_to: datetime.datetime
    app_session_id: str | Unset = UNSET
    approved_date: datetime.datetime | Unset = UNSET
    approved_signature: str | Unset = UNSET
    committed_signature: str | Unset = UNSET
    proposed_signature: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agreement_id = self.agreement_id

        demand = self.demand.to_dict()

        offer = self.offer.to_dict()

        state = self.state.value

        timestamp = self.timestamp.isoformat()

        valid_to = self.valid_to.isoformat()

        app_session_id = self.app_session_id

        approved_date: str | Unset = UNSET
        if not isinstance(self.approved_date, Unset):
            approved_date = self.approved_date.isoformat()

        approved_signature = self.approved_signature

        committed_signature = self.committed_signature

        proposed_signature = self.proposed_signature

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agreementId": agreement_id,
                "demand": demand,
                "offer": offer,
                "state": state,
                "timestamp": timestamp,
                "validTo": valid_to,
            }
        )
        if app_session_id is not UNSET:
            field_dict["appSessionId"] = app_session_id
        if approved_date is not UNSET:
            field_dict["approvedDate"] = approved_date
        if approved_signature is not UNSET:
            field_dict["approvedSignature"] = approved_signature
        if committed_signature is not UNSET:
            field_dict["committedSignature"] = committed_signature
        if proposed_signature is not UNSET:
            field_dict["proposedSignature"] = proposed_signature

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.demand import Demand  # noqa: PLC0415
        from ..models.offer import Offer  # noqa: PLC0415

        d = dict(src_dict)
        agreement_id = d.pop("agreementId")

        demand = Demand.from_dict(d.pop("demand"))

        offer = Offer.from_dict(d.pop("offer"))

        state = AgreementState(d.pop("state"))

        timestamp = isoparse(d.pop("timestamp"))

        valid_to = isoparse(d.pop("validTo"))

        app_session_id = d.pop("appSessionId", UNSET)

        _approved_date = d.pop("approvedDate", UNSET)
        approved_date: datetime.datetime | Unset
        if isinstance(_approved_date, Unset):
            approved_date = UNSET
        else:
            approved_date = isoparse(_approved_date)

        approved_signature = d.pop("approvedSignature", UNSET)

        committed_signature = d.pop("committedSignature", UNSET)

        proposed_signature = d.pop("proposedSignature", UNSET)

        agreement = cls(
            agreement_id=agreement_id,
            demand=demand,
            offer=offer,
            state=state,
            timestamp=timestamp,
            valid_to=valid_to,
            app_session_id=app_session_id,
            approved_date=approved_date,
            approved_signature=approved_signature,
            committed_signature=committed_signature,
            proposed_signature=proposed_signature,
        )

        agreement.additional_properties = d
        return agreement

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
