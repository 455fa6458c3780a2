from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProgressArgs")


@_attrs_define
class ProgressArgs:
    """Asks the exe-unit for progress events while the command runs. Either setting may be left out (the exe-unit then
    picks its own).

        Attributes:
            update_interval (None | str | Unset): Time between progress events, e.g. `300ms` or `1s`.
            update_step (int | None | Unset): Units of work (e.g. bytes) between progress events.
    """

    update_interval: None | str | Unset = UNSET
    update_step: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        update_interval: None | str | Unset
        if isinstance(self.update_interval, Unset):
            update_interval = UNSET
        else:
            update_interval = self.update_interval

        update_step: int | None | Unset
        if isinstance(self.update_step, Unset):
            update_step = UNSET
        else:
            update_step = self.update_step

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if update_interval is not UNSET:
            field_dict["updateInterval"] = update_interval
        if update_step is not UNSET:
            field_dict["updateStep"] = update_step

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_update_interval(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        update_interval = _parse_update_interval(d.pop("updateInterval", UNSET))

        def _parse_update_step(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        update_step = _parse_update_step(d.pop("updateStep", UNSET))

        progress_args = cls(
            update_interval=update_interval,
            update_step=update_step,
        )

        progress_args.additional_properties = d
        return progress_args

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
