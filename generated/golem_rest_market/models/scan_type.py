from enum import Enum


class ScanType(str, Enum):
    DEMAND = "demand"
    OFFER = "offer"

    def __str__(self) -> str:
        return str(self.value)
