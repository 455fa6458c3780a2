from enum import Enum


class DebitNoteAcceptedEventEventType(str, Enum):
    DEBITNOTEACCEPTEDEVENT = "DebitNoteAcceptedEvent"

    def __str__(self) -> str:
        return str(self.value)
