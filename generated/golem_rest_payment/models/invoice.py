from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.document_status import DocumentStatus

T = TypeVar("T", bound="Invoice")


@_attrs_define
class Invoice:
    """A provider's final bill for an agreement. No debit notes follow it.

    Attributes:
        activity_ids (list[str]):
        agreement_id (str):
        amount (str): Decimal total owed for the whole agreement.
        invoice_id (str):
        issuer_id (str): Node id of the provider.
        payee_addr (str): Address the money goes to.
        payer_addr (str): Address the money comes from.
        payment_due_date (datetime.datetime):
        payment_platform (str): Platform name such as `erc20-holesky-tglm`.
        recipient_id (str): Node id of the requestor.
        status (DocumentStatus): Where a debit note or invoice stands. RECEIVED is the requestor's view of a delivered
            document; SETTLED means it has been paid.
        timestamp (datetime.datetime):
    """

    activity_ids: list[str]
    agreement_id: str
    amount: str
    invoice_id: str
    issuer_id: str
    payee_addr: str
    payer_addr: str
    payment_due_date: datetime.datetime
    payment_platform: str
    recipient_id: str
    status: DocumentStatus
    timestamp: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activity_ids = self.activity_ids

        agreement_id = self.agreement_id

        amount = self.amount

        invoice_id = self.invoice_id

        issuer_id = self.issuer_id

        payee_addr = self.payee_addr

        payer_addr = self.payer_addr

        payment_due_date = self.payment_due_date.isoformat()

        payment_platform = self.payment_platform

        recipient_id = self.recipient_id

        status = self.status.value

        timestamp = self.timestamp.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activityIds": activity_ids,
                "agreementId": agreement_id,
                "amount": amount,
                "invoiceId": invoice_id,
                "issuerId": issuer_id,
                "payeeAddr": payee_addr,
                "payerAddr": payer_addr,
                "paymentDueDate": payment_due_date,
                "paymentPlatform": payment_platform,
                "recipientId": recipient_id,
                "status": status,
                "timestamp": timestamp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        activity_ids = cast(list[str], d.pop("activityIds"))

        agreement_id = d.pop("agreementId")

        amount = d.pop("amount")

        invoice_id = d.pop("invoiceId")

        issuer_id = d.pop("issuerId")

        payee_addr = d.pop("payeeAddr")

        payer_addr = d.pop("payerAddr")

        payment_due_date = isoparse(d.pop("paymentDueDate"))

        payment_platform = d.pop("paymentPlatform")

        recipient_id = d.pop("recipientId")

        status = DocumentStatus(d.pop("status"))

        timestamp = isoparse(d.pop("timestamp"))

        invoice = cls(
            activity_ids=activity_ids,
            agreement_id=agreement_id,
            amount=amount,
            invoice_id=invoice_id,
            issuer_id=issuer_id,
            payee_addr=payee_addr,
            payer_addr=payer_addr,
            payment_due_date=payment_due_date,
            payment_platform=payment_platform,
            recipient_id=recipient_id,
            status=status,
            timestamp=timestamp,
        )

        invoice.additional_properties = d
        return invoice

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
