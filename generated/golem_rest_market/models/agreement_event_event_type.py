from enum import Enum


class AgreementEventEventType(str, Enum):
    AGREEMENTEVENT = "AgreementEvent"

    def __str__(self) -> str:
        return str(self.value)
