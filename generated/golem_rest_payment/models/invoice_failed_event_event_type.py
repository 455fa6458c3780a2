from enum import Enum


class InvoiceFailedEventEventType(str, Enum):
    INVOICEFAILEDEVENT = "InvoiceFailedEvent"

    def __str__(self) -> str:
        return str(self.value)
