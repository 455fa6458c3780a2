from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.invoice_received_event_event_type import InvoiceReceivedEventEventType

T = TypeVar("T", bound="InvoiceReceivedEvent")


@_attrs_define
class InvoiceReceivedEvent:
    """The requestor got the invoice.

    Attributes:
        event_date (datetime.datetime):
        event_type (InvoiceReceivedEventEventType):
        invoice_id (str):
    """

    event_date: datetime.datetime
    event_type: InvoiceReceivedEventEventType
    invoice_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_date = self.event_date.isoformat()

        event_type = self.event_type.value

        invoice_id = self.invoice_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "eventDate": event_date,
                "eventType": event_type,
                "invoiceId": invoice_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_date = isoparse(d.pop("eventDate"))

        event_type = InvoiceReceivedEventEventType(d.pop("eventType"))

        invoice_id = d.pop("invoiceId")

        invoice_received_event = cls(
            event_date=event_date,
            event_type=event_type,
            invoice_id=invoice_id,
        )

        invoice_received_event.additional_properties = d
        return invoice_received_event

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
