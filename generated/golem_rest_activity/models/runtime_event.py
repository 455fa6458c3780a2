from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.runtime_event_kind import RuntimeEventKind


T = TypeVar("T", bound="RuntimeEvent")


@_attrs_define
class RuntimeEvent:
    """One event of the result stream. Its keys are snake_case, unlike the rest of this API.

    Attributes:
        batch_id (str): The batch the event belongs to.
        index (int): Position of the command in its batch.
        kind (RuntimeEventKind): What happened; exactly one key.
        timestamp (str): UTC time of the event, ISO 8601 with no offset.
    """

    batch_id: str
    index: int
    kind: RuntimeEventKind
    timestamp: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        batch_id = self.batch_id

        index = self.index

        kind = self.kind.to_dict()

        timestamp = self.timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "batch_id": batch_id,
                "index": index,
                "kind": kind,
                "timestamp": timestamp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.runtime_event_kind import RuntimeEventKind  # noqa: PLC0415

        d = dict(src_dict)
        batch_id = d.pop("batch_id")

        index = d.pop("index")

        kind = RuntimeEventKind.from_dict(d.pop("kind"))

        timestamp = d.pop("timestamp")

        runtime_event = cls(
            batch_id=batch_id,
            index=index,
            kind=kind,
            timestamp=timestamp,
        )

        runtime_event.additional_properties = d
        return runtime_event

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
