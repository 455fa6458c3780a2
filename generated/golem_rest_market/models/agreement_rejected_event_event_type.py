from enum import Enum


class AgreementRejectedEventEventType(str, Enum):
    AGREEMENTREJECTEDEVENT = "AgreementRejectedEvent"

    def __str__(self) -> str:
        return str(self.value)
