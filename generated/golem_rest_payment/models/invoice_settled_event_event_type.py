from enum import Enum


class InvoiceSettledEventEventType(str, Enum):
    INVOICESETTLEDEVENT = "InvoiceSettledEvent"

    def __str__(self) -> str:
        return str(self.value)
