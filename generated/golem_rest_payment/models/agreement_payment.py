from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AgreementPayment")


@_attrs_define
class AgreementPayment:
    """Part of a payment that goes to an agreement as a whole.

    Attributes:
        agreement_id (str):
        amount (str): Decimal.
        allocation_id (str | Unset):
    """

    agreement_id: str
    amount: str
    allocation_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agreement_id = self.agreement_id

        amount = self.amount

        allocation_id = self.allocation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agreementId": agreement_id,
                "amount": amount,
            }
        )
        if allocation_id is not UNSET:
            field_dict["allocationId"] = allocation_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agreement_id = d.pop("agreementId")

        amount = d.pop("amount")

        allocation_id = d.pop("allocationId", UNSET)

        agreement_payment = cls(
            agreement_id=agreement_id,
            amount=amount,
            allocation_id=allocation_id,
        )

        agreement_payment.additional_properties = d
        return agreement_payment

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
