from enum import Enum


class AgreementTerminatedEventEventType(str, Enum):
    AGREEMENTTERMINATEDEVENT = "AgreementTerminatedEvent"

    def __str__(self) -> str:
        return str(self.value)
