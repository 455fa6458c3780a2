from enum import Enum


class PropertyQueryEventEventType(str, Enum):
    PROPERTYQUERYEVENT = "PropertyQueryEvent"

    def __str__(self) -> str:
        return str(self.value)
