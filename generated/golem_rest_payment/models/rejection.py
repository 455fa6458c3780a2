from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.rejection_reason import RejectionReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="Rejection")


@_attrs_define
class Rejection:
    """A requestor's no to a debit note or invoice.

    Attributes:
        rejection_reason (RejectionReason): Why a requestor refuses a document.
        total_amount_accepted (str): Decimal amount the requestor would agree to pay.
        message (str | Unset): Free text for the provider.
    """

    rejection_reason: RejectionReason
    total_amount_accepted: str
    message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rejection_reason = self.rejection_reason.value

        total_amount_accepted = self.total_amount_accepted

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rejectionReason": rejection_reason,
                "totalAmountAccepted": total_amount_accepted,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rejection_reason = RejectionReason(d.pop("rejectionReason"))

        total_amount_accepted = d.pop("totalAmountAccepted")

        message = d.pop("message", UNSET)

        rejection = cls(
            rejection_reason=rejection_reason,
            total_amount_accepted=total_amount_accepted,
            message=message,
        )

        rejection.additional_properties = d
        return rejection

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
