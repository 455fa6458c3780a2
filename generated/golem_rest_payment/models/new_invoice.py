from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

T = TypeVar("T", bound="NewInvoice")


@_attrs_define
class NewInvoice:
    """What a provider sends to issue an invoice.

    Attributes:
        agreement_id (str):
        amount (str): Decimal total owed for the whole agreement.
        payment_due_date (datetime.datetime):
        activity_ids (list[str] | Unset): Activities of the agreement the invoice covers.
    """

    agreement_id: str
    amount: str
    payment_due_date: datetime.datetime
    activity_ids: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agreement_id = self.agreement_id

        amount = self.amount

        payment_due_date = self.payment_due_date.isoformat()

        activity_ids: list[str] | Unset = UNSET
        if not isinstance(self.activity_ids, Unset):
            activity_ids = self.activity_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agreementId": agreement_id,
                "amount": amount,
                "paymentDueDate": payment_due_date,
            }
        )
        if activity_ids is not UNSET:
            field_dict["activityIds"] = activity_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agreement_id = d.pop("agreementId")

        amount = d.pop("amount")

        payment_due_date = isoparse(d.pop("paymentDueDate"))

        activity_ids = cast(list[str], d.pop("activityIds", UNSET))

        new_invoice = cls(
            agreement_id=agreement_id,
            amount=amount,
            payment_due_date=payment_due_date,
            activity_ids=activity_ids,
        )

        new_invoice.additional_properties = d
        return new_invoice

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
