from enum import Enum


class DebitNotePaymentStatusEventEventType(str, Enum):
    DEBITNOTEPAYMENTSTATUSEVENT = "DebitNotePaymentStatusEvent"

    def __str__(self) -> str:
        return str(self.value)
