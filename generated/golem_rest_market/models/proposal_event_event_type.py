from enum import Enum


class ProposalEventEventType(str, Enum):
    PROPOSALEVENT = "ProposalEvent"

    def __str__(self) -> str:
        return str(self.value)
