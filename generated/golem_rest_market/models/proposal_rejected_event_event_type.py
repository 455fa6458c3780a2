from enum import Enum


class ProposalRejectedEventEventType(str, Enum):
    PROPOSALREJECTEDEVENT = "ProposalRejectedEvent"

    def __str__(self) -> str:
        return str(self.value)
