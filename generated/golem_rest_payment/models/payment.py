from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.activity_payment import ActivityPayment
    from ..models.agreement_payment import AgreementPayment


T = TypeVar("T", bound="Payment")


@_attrs_define
class Payment:
    """One transfer from a requestor to a provider. It may cover several agreements and activities, listed in the two share
    arrays.

        Attributes:
            activity_payments (list[ActivityPayment]):
            agreement_payments (list[AgreementPayment]):
            amount (str): Decimal amount transferred.
            details (str): Driver-specific confirmation data, encoded as a string.
            payee_addr (str):
            payee_id (str): Node id of the provider.
            payer_addr (str):
            payer_id (str): Node id of the requestor.
            payment_id (str):
            payment_platform (str):
            timestamp (datetime.datetime):
            signature (list[int] | Unset): Payer's signature bytes, present on signed payments.
            signed_bytes (list[int] | Unset): The bytes that were signed, present on signed payments.
    """

    activity_payments: list[ActivityPayment]
    agreement_payments: list[AgreementPayment]
    amount: str
    details: str
    payee_addr: str
    payee_id: str
    payer_addr: str
    payer_id: str
    payment_id: str
    payment_platform: str
    timestamp: datetime.datetime
    signature: list[int] | Unset = UNSET
    signed_bytes: list[int] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activity_payments = []
        for activity_payments_item_data in self.activity_payments:
            activity_payments_item = activity_payments_item_data.to_dict()
            activity_payments.append(activity_payments_item)

        agreement_payments = []
        for agreement_payments_item_data in self.agreement_payments:
            agreement_payments_item = agreement_payments_item_data.to_dict()
            agreement_payments.append(agreement_payments_item)

        amount = self.amount

        details = self.details

        payee_addr = self.payee_addr

        payee_id = self.payee_id

        payer_addr = self.payer_addr

        payer_id = self.payer_id

        payment_id = self.payment_id

        payment_platform = self.payment_platform

        timestamp = self.timestamp.isoformat()

        signature: list[int] | Unset = UNSET
        if not isinstance(self.signature, Unset):
            signature = self.signature

        signed_bytes: list[int] | Unset = UNSET
        if not isinstance(self.signed_bytes, Unset):
            signed_bytes = self.signed_bytes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activityPayments": activity_payments,
                "agreementPayments": agreement_payments,
                "amount": amount,
                "details": details,
                "payeeAddr": payee_addr,
                "payeeId": payee_id,
                "payerAddr": payer_addr,
                "payerId": payer_id,
                "paymentId": payment_id,
                "paymentPlatform": payment_platform,
                "timestamp": timestamp,
            }
        )
        if signature is not UNSET:
            field_dict["signature"] = signature
        if signed_bytes is not UNSET:
            field_dict["signedBytes"] = signed_bytes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.activity_payment import ActivityPayment  # noqa: PLC0415
        from ..models.agreement_payment import AgreementPayment  # noqa: PLC0415

        d = dict(src_dict)
        activity_payments = []
        _activity_payments = d.pop("activityPayments")
        for activity_payments_item_data in _activity_payments:
            activity_payments_item = ActivityPayment.from_dict(
                activity_payments_item_data
            )

            activity_payments.append(activity_payments_item)

        agreement_payments = []
        _agreement_payments = d.pop("agreementPayments")
        for agreement_payments_item_data in _agreement_payments:
            agreement_payments_item = AgreementPayment.from_dict(
                agreement_payments_item_data
            )

            agreement_payments.append(agreement_payments_item)

        amount = d.pop("amount")

        details = d.pop("details")

        payee_addr = d.pop("payeeAddr")

        payee_id = d.pop("payeeId")

        payer_addr = d.pop("payerAddr")

        payer_id = d.pop("payerId")

        payment_id = d.pop("paymentId")

        payment_platform = d.pop("paymentPlatform")

        timestamp = isoparse(d.pop("timestamp"))

        signature = cast(list[int], d.pop("signature", UNSET))

        signed_bytes = cast(list[int], d.pop("signedBytes", UNSET))

        payment = cls(
            activity_payments=activity_payments,
            agreement_payments=agreement_payments,
            amount=amount,
            details=details,
            payee_addr=payee_addr,
            payee_id=payee_id,
            payer_addr=payer_addr,
            payer_id=payer_id,
            payment_id=payment_id,
            payment_platform=payment_platform,
            timestamp=timestamp,
            signature=signature,
            signed_bytes=signed_bytes,
        )

        payment.additional_properties = d
        return payment

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
