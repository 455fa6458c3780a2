from enum import Enum


class DebitNoteRejectedEventEventType(str, Enum):
    DEBITNOTEREJECTEDEVENT = "DebitNoteRejectedEvent"

    def __str__(self) -> str:
        return str(self.value)
