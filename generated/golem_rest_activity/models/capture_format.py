from enum import Enum


class CaptureFormat(str, Enum):
    BIN = "bin"
    BINARY = "binary"
    STR = "str"
    STRING = "string"

    def __str__(self) -> str:
        return str(self.value)
