from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CommandProgress")


@_attrs_define
class CommandProgress:
    """How far a long command (deploy, transfer) has got.

    Attributes:
        progress (list[int | None]): [done, total] within the current step; total is null when unknown.
        step (list[int]): [current step, number of steps], counted from 0.
        message (None | str | Unset): Free text about the current step.
        unit (None | str | Unset): The unit of `progress`, e.g. `Bytes`.
    """

    progress: list[int | None]
    step: list[int]
    message: None | str | Unset = UNSET
    unit: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        progress = []
        for progress_item_data in self.progress:
            progress_item: int | None
            progress_item = progress_item_data
            progress.append(progress_item)

        step = self.step

        message: None | str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message

        unit: None | str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        else:
            unit = self.unit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "progress": progress,
                "step": step,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message
        if unit is not UNSET:
            field_dict["unit"] = unit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        progress = []
        _progress = d.pop("progress")
        for progress_item_data in _progress:

            def _parse_progress_item(data: object) -> int | None:
                if data is None:
                    return data
                return cast(int | None, data)

            progress_item = _parse_progress_item(progress_item_data)

            progress.append(progress_item)

        step = cast(list[int], d.pop("step"))

        def _parse_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message = _parse_message(d.pop("message", UNSET))

        def _parse_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))

        command_progress = cls(
            progress=progress,
            step=step,
            message=message,
            unit=unit,
        )

        command_progress.additional_properties = d
        return command_progress

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
