from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deposit import Deposit


T = TypeVar("T", bound="Allocation")


@_attrs_define
class Allocation:
    """A budget reserved by a requestor to pay providers from.

    Attributes:
        address (str): Paying address.
        allocation_id (str):
        created_ts (datetime.datetime):
        make_deposit (bool):
        payment_platform (str): Full platform name such as `erc20-holesky-tglm`.
        remaining_amount (str): Decimal part still free.
        spent_amount (str): Decimal part already committed to accepted documents.
        timestamp (datetime.datetime):
        total_amount (str): Decimal budget.
        updated_ts (datetime.datetime):
        deposit (Deposit | Unset): A deposit contract that funds the allocation instead of the wallet.
        extend_timeout (int | Unset): Seconds the timeout is pushed forward after each use.
        timeout (datetime.datetime | Unset): When the allocation is released by itself.
    """

    address: str
    allocation_id: str
    created_ts: datetime.datetime
    make_deposit: bool
    payment_platform: str
    remaining_amount: str
    spent_amount: str
    timestamp: datetime.datetime
    total_amount: str
    updated_ts: datetime.datetime
    deposit: Deposit | Unset = UNSET
    extend_timeout: int | Unset = UNSET
    timeout: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        allocation_id = self.allocation_id

        created_ts = self.created_ts.isoformat()

        make_deposit = self.make_deposit

        payment_platform = self.payment_platform

        remaining_amount = self.remaining_amount

        spent_amount = self.spent_amount

        timestamp = self.timestamp.isoformat()

        total_amount = self.total_amount

        updated_ts = self.updated_ts.isoformat()

        deposit: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deposit, Unset):
            deposit = self.deposit.to_dict()

        extend_timeout = self.extend_timeout

        timeout: str | Unset = UNSET
        if not isinstance(self.timeout, Unset):
            timeout = self.timeout.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "address": address,
                "allocationId": allocation_id,
                "createdTs": created_ts,
                "makeDeposit": make_deposit,
                "paymentPlatform": payment_platform,
                "remainingAmount": remaining_amount,
                "spentAmount": spent_amount,
                "timestamp": timestamp,
                "totalAmount": total_amount,
                "updatedTs": updated_ts,
            }
        )
        if deposit is not UNSET:
            field_dict["deposit"] = deposit
        if extend_timeout is not UNSET:
            field_dict["extendTimeout"] = extend_timeout
        if timeout is not UNSET:
            field_dict["timeout"] = timeout

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deposit import Deposit  # noqa: PLC0415

        d = dict(src_dict)
        address = d.pop("address")

        allocation_id = d.pop("allocationId")

        created_ts = isoparse(d.pop("createdTs"))

        make_deposit = d.pop("makeDeposit")

        payment_platform = d.pop("paymentPlatform")

        remaining_amount = d.pop("remainingAmount")

        spent_amount = d.pop("spentAmount")

        timestamp = isoparse(d.pop("timestamp"))

        total_amount = d.pop("totalAmount")

        updated_ts = isoparse(d.pop("updatedTs"))

        _deposit = d.pop("deposit", UNSET)
        deposit: Deposit | Unset
        if isinstance(_deposit, Unset):
            deposit = UNSET
        else:
            deposit = Deposit.from_dict(_deposit)

        extend_timeout = d.pop("extendTimeout", UNSET)

        _timeout = d.pop("timeout", UNSET)
        timeout: datetime.datetime | Unset
        if isinstance(_timeout, Unset):
            timeout = UNSET
        else:
            timeout = isoparse(_timeout)

        allocation = cls(
            address=address,
            allocation_id=allocation_id,
            created_ts=created_ts,
            make_deposit=make_deposit,
            payment_platform=payment_platform,
            remaining_amount=remaining_amount,
            spent_amount=spent_amount,
            timestamp=timestamp,
            total_amount=total_amount,
            updated_ts=updated_ts,
            deposit=deposit,
            extend_timeout=extend_timeout,
            timeout=timeout,
        )

        allocation.additional_properties = d
        return allocation

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
