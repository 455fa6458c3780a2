from enum import Enum


class AgreementCancelledEventEventType(str, Enum):
    AGREEMENTCANCELLEDEVENT = "AgreementCancelledEvent"

    def __str__(self) -> str:
        return str(self.value)
