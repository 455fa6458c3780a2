from enum import Enum


class DebitNoteReceivedEventEventType(str, Enum):
    DEBITNOTERECEIVEDEVENT = "DebitNoteReceivedEvent"

    def __str__(self) -> str:
        return str(self.value)
