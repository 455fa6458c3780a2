from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Acceptance")


@_attrs_define
class Acceptance:
    """A requestor's yes to an invoice, naming the budget to pay from.

    Attributes:
        allocation_id (str):
        total_amount_accepted (str): Decimal; must equal the invoice amount.
    """

    allocation_id: str
    total_amount_accepted: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allocation_id = self.allocation_id

        total_amount_accepted = self.total_amount_accepted

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allocationId": allocation_id,
                "totalAmountAccepted": total_amount_accepted,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        allocation_id = d.pop("allocationId")

        total_amount_accepted = d.pop("totalAmountAccepted")

        acceptance = cls(
            allocation_id=allocation_id,
            total_amount_accepted=total_amount_accepted,
        )

        acceptance.additional_properties = d
        return acceptance

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
