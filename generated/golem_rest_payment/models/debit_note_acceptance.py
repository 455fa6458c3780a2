from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DebitNoteAcceptance")


@_attrs_define
class DebitNoteAcceptance:
    """A requestor's yes to a debit note, naming the budget to pay from.

    Attributes:
        allocation_id (str):
        total_amount_accepted (str): Decimal; must equal the note's total amount due.
        auto_accept_to (str | Unset): Decimal. Accepted on the wire but ignored by yagna 0.17.6.
    """

    allocation_id: str
    total_amount_accepted: str
    auto_accept_to: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allocation_id = self.allocation_id

        total_amount_accepted = self.total_amount_accepted

        auto_accept_to = self.auto_accept_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allocationId": allocation_id,
                "totalAmountAccepted": total_amount_accepted,
            }
        )
        if auto_accept_to is not UNSET:
            field_dict["autoAcceptTo"] = auto_accept_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        allocation_id = d.pop("allocationId")

        total_amount_accepted = d.pop("totalAmountAccepted")

        auto_accept_to = d.pop("autoAcceptTo", UNSET)

        debit_note_acceptance = cls(
            allocation_id=allocation_id,
            total_amount_accepted=total_amount_accepted,
            auto_accept_to=auto_accept_to,
        )

        debit_note_acceptance.additional_properties = d
        return debit_note_acceptance

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
