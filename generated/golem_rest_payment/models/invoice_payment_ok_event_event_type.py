from enum import Enum


class InvoicePaymentOkEventEventType(str, Enum):
    INVOICEPAYMENTOKEVENT = "InvoicePaymentOkEvent"

    def __str__(self) -> str:
        return str(self.value)
