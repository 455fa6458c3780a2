from enum import Enum


class ActivityStateName(str, Enum):
    DEPLOYED = "Deployed"
    INITIALIZED = "Initialized"
    NEW = "New"
    READY = "Ready"
    TERMINATED = "Terminated"
    UNRESPONSIVE = "Unresponsive"

    def __str__(self) -> str:
        return str(self.value)
