from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

T = TypeVar("T", bound="NewDebitNote")


@_attrs_define
class NewDebitNote:
    """What a provider sends to issue a debit note.

    Attributes:
        activity_id (str):
        total_amount_due (str): Decimal total owed for the activity so far.
        payment_due_date (datetime.datetime | Unset): Set it to ask for payment of this note.
        usage_counter_vector (Any | Unset): The usage counters behind the amount (any JSON).
    """

    activity_id: str
    total_amount_due: str
    payment_due_date: datetime.datetime | Unset = UNSET
    usage_counter_vector: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activity_id = self.activity_id

        total_amount_due = self.total_amount_due

        payment_due_date: str | Unset = UNSET
        if not isinstance(self.payment_due_date, Unset):
            payment_due_date = self.payment_due_date.isoformat()

        usage_counter_vector = self.usage_counter_vector

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activityId": activity_id,
                "totalAmountDue": total_amount_due,
            }
        )
        if payment_due_date is not UNSET:
            field_dict["paymentDueDate"] = payment_due_date
        if usage_counter_vector is not UNSET:
            field_dict["usageCounterVector"] = usage_counter_vector

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        activity_id = d.pop("activityId")

        total_amount_due = d.pop("totalAmountDue")

        _payment_due_date = d.pop("paymentDueDate", UNSET)
        payment_due_date: datetime.datetime | Unset
        if isinstance(_payment_due_date, Unset):
            payment_due_date = UNSET
        else:
            payment_due_date = isoparse(_payment_due_date)

        usage_counter_vector = d.pop("usageCounterVector", UNSET)

        new_debit_note = cls(
            activity_id=activity_id,
            total_amount_due=total_amount_due,
            payment_due_date=payment_due_date,
            usage_counter_vector=usage_counter_vector,
        )

        new_debit_note.additional_properties = d
        return new_debit_note

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
