from enum import Enum


class InvoiceRejectedEventEventType(str, Enum):
    INVOICEREJECTEDEVENT = "InvoiceRejectedEvent"

    def __str__(self) -> str:
        return str(self.value)
