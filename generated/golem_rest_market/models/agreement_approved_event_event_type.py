from enum import Enum


class AgreementApprovedEventEventType(str, Enum):
    AGREEMENTAPPROVEDEVENT = "AgreementApprovedEvent"

    def __str__(self) -> str:
        return str(self.value)
