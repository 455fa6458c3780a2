from enum import Enum


class InvoicePaymentStatusEventEventType(str, Enum):
    INVOICEPAYMENTSTATUSEVENT = "InvoicePaymentStatusEvent"

    def __str__(self) -> str:
        return str(self.value)
