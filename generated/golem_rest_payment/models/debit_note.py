from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.document_status import DocumentStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="DebitNote")


@_attrs_define
class DebitNote:
    """A provider's running total of what an activity has cost so far. Notes with a `paymentDueDate` ask to be paid (pay-
    as-you-go).

        Attributes:
            activity_id (str):
            agreement_id (str):
            debit_note_id (str):
            issuer_id (str): Node id of the provider.
            payee_addr (str): Address the money goes to.
            payer_addr (str): Address the money comes from.
            payment_platform (str): Platform name such as `erc20-holesky-tglm`.
            recipient_id (str): Node id of the requestor.
            status (DocumentStatus): Where a debit note or invoice stands. RECEIVED is the requestor's view of a delivered
                document; SETTLED means it has been paid.
            timestamp (datetime.datetime):
            total_amount_due (str): Decimal total owed for the activity so far.
            payment_due_date (datetime.datetime | Unset): When payment is expected; absent for notes that only inform.
            previous_debit_note_id (str | Unset): The note this one follows, when there is one.
            usage_counter_vector (Any | Unset): The usage counters behind the amount, as the provider reported them (any
                JSON; usually a list of numbers).
    """

    activity_id: str
    agreement_id: str
    debit_note_id: str
    issuer_id: str
    payee_addr: str
    payer_addr: str
    payment_platform: str
    recipient_id: str
    status: DocumentStatus
    timestamp: datetime.datetime
    total_amount_due: str
    payment_due_date: datetime.datetime | Unset = UNSET
    previous_debit_note_id: str | Unset = UNSET
    usage_counter_vector: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activity_id = self.activity_id

        agreement_id = self.agreement_id

        debit_note_id = self.debit_note_id

        issuer_id = self.issuer_id

        payee_addr = self.payee_addr

        payer_addr = self.payer_addr

        payment_platform = self.payment_platform

        recipient_id = self.recipient_id

        status = self.status.value

        timestamp = self.timestamp.isoformat()

        total_amount_due = self.total_amount_due

        payment_due_date: str | Unset = UNSET
        if not isinstance(self.payment_due_date, Unset):
            payment_due_date = self.payment_due_date.isoformat()

        previous_debit_note_id = self.previous_debit_note_id

        usage_counter_vector = self.usage_counter_vector

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activityId": activity_id,
                "agreementId": agreement_id,
                "debitNoteId": debit_note_id,
                "issuerId": issuer_id,
                "payeeAddr": payee_addr,
                "payerAddr": payer_addr,
                "paymentPlatform": payment_platform,
                "recipientId": recipient_id,
                "status": status,
                "timestamp": timestamp,
                "totalAmountDue": total_amount_due,
            }
        )
        if payment_due_date is not UNSET:
            field_dict["paymentDueDate"] = payment_due_date
        if previous_debit_note_id is not UNSET:
            field_dict["previousDebitNoteId"] = previous_debit_note_id
        if usage_counter_vector is not UNSET:
            field_dict["usageCounterVector"] = usage_counter_vector

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        activity_id = d.pop("activityId")

        agreement_id = d.pop("agreementId")

        debit_note_id = d.pop("debitNoteId")

        issuer_id = d.pop("issuerId")

        payee_addr = d.pop("payeeAddr")

        payer_addr = d.pop("payerAddr")

        payment_platform = d.pop("paymentPlatform")

        recipient_id = d.pop("recipientId")

        status = DocumentStatus(d.pop("status"))

        timestamp = isoparse(d.pop("timestamp"))

        total_amount_due = d.pop("totalAmountDue")

        _payment_due_date = d.pop("paymentDueDate", UNSET)
        payment_due_date: datetime.datetime | Unset
        if isinstance(_payment_due_date, Unset):
            payment_due_date = UNSET
        else:
            payment_due_date = isoparse(_payment_due_date)

        previous_debit_note_id = d.pop("previousDebitNoteId", UNSET)

        usage_counter_vector = d.pop("usageCounterVector", UNSET)

        debit_note = cls(
            activity_id=activity_id,
            agreement_id=agreement_id,
            debit_note_id=debit_note_id,
            issuer_id=issuer_id,
            payee_addr=payee_addr,
            payer_addr=payer_addr,
            payment_platform=payment_platform,
            recipient_id=recipient_id,
            status=status,
            timestamp=timestamp,
            total_amount_due=total_amount_due,
            payment_due_date=payment_due_date,
            previous_debit_note_id=previous_debit_note_id,
            usage_counter_vector=usage_counter_vector,
        )

        debit_note.additional_properties = d
        return debit_note

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
