from enum import Enum


class DebitNoteFailedEventEventType(str, Enum):
    DEBITNOTEFAILEDEVENT = "DebitNoteFailedEvent"

    def __str__(self) -> str:
        return str(self.value)
