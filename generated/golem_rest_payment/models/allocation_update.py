from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deposit_update import DepositUpdate


T = TypeVar("T", bound="AllocationUpdate")


@_attrs_define
class AllocationUpdate:
    """Changes to an allocation; omitted fields stay as they are.

    Attributes:
        deposit (DepositUpdate | Unset): New validation arguments for an allocation's deposit.
        timeout (datetime.datetime | Unset):
        total_amount (str | Unset): Decimal new budget.
    """

    deposit: DepositUpdate | Unset = UNSET
    timeout: datetime.datetime | Unset = UNSET
    total_amount: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        deposit: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deposit, Unset):
            deposit = self.deposit.to_dict()

        timeout: str | Unset = UNSET
        if not isinstance(self.timeout, Unset):
            timeout = self.timeout.isoformat()

        total_amount = self.total_amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if deposit is not UNSET:
            field_dict["deposit"] = deposit
        if timeout is not UNSET:
            field_dict["timeout"] = timeout
        if total_amount is not UNSET:
            field_dict["totalAmount"] = total_amount

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deposit_update import DepositUpdate  # noqa: PLC0415

        d = dict(src_dict)
        _deposit = d.pop("deposit", UNSET)
        deposit: DepositUpdate | Unset
        if isinstance(_deposit, Unset):
            deposit = UNSET
        else:
            deposit = DepositUpdate.from_dict(_deposit)

        _timeout = d.pop("timeout", UNSET)
        timeout: datetime.datetime | Unset
        if isinstance(_timeout, Unset):
            timeout = UNSET
        else:
            timeout = isoparse(_timeout)

        total_amount = d.pop("totalAmount", UNSET)

        allocation_update = cls(
            deposit=deposit,
            timeout=timeout,
            total_amount=total_amount,
        )

        allocation_update.additional_properties = d
        return allocation_update

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
