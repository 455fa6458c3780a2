from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ActivityUsage")


@_attrs_define
class ActivityUsage:
    """The usage counters of an activity at one moment.

    Attributes:
        timestamp (int): Unix time (seconds) the counters were reported.
        current_usage (list[float] | Unset): Counter values in the order of the agreement's `golem.usage.vector`
            property.
    """

    timestamp: int
    current_usage: list[float] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        timestamp = self.timestamp

        current_usage: list[float] | Unset = UNSET
        if not isinstance(self.current_usage, Unset):
            current_usage = self.current_usage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "timestamp": timestamp,
            }
        )
        if current_usage is not UNSET:
            field_dict["currentUsage"] = current_usage

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        timestamp = d.pop("timestamp")

        current_usage = cast(list[float], d.pop("currentUsage", UNSET))

        activity_usage = cls(
            timestamp=timestamp,
            current_usage=current_usage,
        )

        activity_usage.additional_properties = d
        return activity_usage

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
