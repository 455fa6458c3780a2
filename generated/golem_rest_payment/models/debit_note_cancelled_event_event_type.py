from enum import Enum


class DebitNoteCancelledEventEventType(str, Enum):
    DEBITNOTECANCELLEDEVENT = "DebitNoteCancelledEvent"

    def __str__(self) -> str:
        return str(self.value)
