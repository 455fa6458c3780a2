from enum import Enum


class InvoiceAcceptedEventEventType(str, Enum):
    INVOICEACCEPTEDEVENT = "InvoiceAcceptedEvent"

    def __str__(self) -> str:
        return str(self.value)
