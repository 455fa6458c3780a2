from enum import Enum


class DebitNoteSettledEventEventType(str, Enum):
    DEBITNOTESETTLEDEVENT = "DebitNoteSettledEvent"

    def __str__(self) -> str:
        return str(self.value)
