from enum import Enum


class DebitNotePaymentOkEventEventType(str, Enum):
    DEBITNOTEPAYMENTOKEVENT = "DebitNotePaymentOkEvent"

    def __str__(self) -> str:
        return str(self.value)
