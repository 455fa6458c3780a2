from enum import Enum


class InvoiceReceivedEventEventType(str, Enum):
    INVOICERECEIVEDEVENT = "InvoiceReceivedEvent"

    def __str__(self) -> str:
        return str(self.value)
