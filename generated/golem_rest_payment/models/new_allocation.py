from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deposit import Deposit
    from ..models.payment_platform import PaymentPlatform


T = TypeVar("T", bound="NewAllocation")


@_attrs_define
class NewAllocation:
    """What a requestor sends to create an allocation.

    Attributes:
        total_amount (str): Decimal budget to reserve.
        address (str | Unset): Paying address; defaults to the node id.
        deposit (Deposit | Unset): A deposit contract that funds the allocation instead of the wallet.
        extend_timeout (int | Unset): Seconds to push the timeout forward after each use.
        make_deposit (bool | Unset): Ignored by yagna 0.17.6. Default: False.
        payment_platform (PaymentPlatform | str | Unset): Either a full name such as `erc20-holesky-tglm` or its parts.
            Defaults to `erc20-holesky-tglm`.
        timeout (datetime.datetime | Unset): When the allocation is released by itself (default about ten years).
    """

    total_amount: str
    address: str | Unset = UNSET
    deposit: Deposit | Unset = UNSET
    extend_timeout: int | Unset = UNSET
    make_deposit: bool | Unset = False
    payment_platform: PaymentPlatform | str | Unset = UNSET
    timeout: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.payment_platform import PaymentPlatform  # noqa: PLC0415

        total_amount = self.total_amount

        address = self.address

        deposit: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deposit, Unset):
            deposit = self.deposit.to_dict()

        extend_timeout = self.extend_timeout

        make_deposit = self.make_deposit

        payment_platform: dict[str, Any] | str | Unset
        if isinstance(self.payment_platform, Unset):
            payment_platform = UNSET
        elif isinstance(self.payment_platform, PaymentPlatform):
            payment_platform = self.payment_platform.to_dict()
        else:
            payment_platform = self.payment_platform

        timeout: str | Unset = UNSET
        if not isinstance(self.timeout, Unset):
            timeout = self.timeout.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "totalAmount": total_amount,
            }
        )
        if address is not UNSET:
            field_dict["address"] = address
        if deposit is not UNSET:
            field_dict["deposit"] = deposit
        if extend_timeout is not UNSET:
            field_dict["extendTimeout"] = extend_timeout
        if make_deposit is not UNSET:
            field_dict["makeDeposit"] = make_deposit
        if payment_platform is not UNSET:
            field_dict["paymentPlatform"] = payment_platform
        if timeout is not UNSET:
            field_dict["timeout"] = timeout

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deposit import Deposit  # noqa: PLC0415
        from ..models.payment_platform import PaymentPlatform  # noqa: PLC0415

        d = dict(src_dict)
        total_amount = d.pop("totalAmount")

        address = d.pop("address", UNSET)

        _deposit = d.pop("deposit", UNSET)
        deposit: Deposit | Unset
        if isinstance(_deposit, Unset):
            deposit = UNSET
        else:
            deposit = Deposit.from_dict(_deposit)

        extend_timeout = d.pop("extendTimeout", UNSET)

        make_deposit = d.pop("makeDeposit", UNSET)

        def _parse_payment_platform(data: object) -> PaymentPlatform | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payment_platform_type_1 = PaymentPlatform.from_dict(data)

                return payment_platform_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(PaymentPlatform | str | Unset, data)

        payment_platform = _parse_payment_platform(d.pop("paymentPlatform", UNSET))

        _timeout = d.pop("timeout", UNSET)
        timeout: datetime.datetime | Unset
        if isinstance(_timeout, Unset):
            timeout = UNSET
        else:
            timeout = isoparse(_timeout)

        new_allocation = cls(
            total_amount=total_amount,
            address=address,
            deposit=deposit,
            extend_timeout=extend_timeout,
            make_deposit=make_deposit,
            payment_platform=payment_platform,
            timeout=timeout,
        )

        new_allocation.additional_properties = d
        return new_allocation

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
