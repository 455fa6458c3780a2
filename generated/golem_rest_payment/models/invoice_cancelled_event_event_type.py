from enum import Enum


class InvoiceCancelledEventEventType(str, Enum):
    INVOICECANCELLEDEVENT = "InvoiceCancelledEvent"

    def __str__(self) -> str:
        return str(self.value)
