from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExeScriptCommandState")


@_attrs_define
class ExeScriptCommandState:
    """A command that an exe-unit is running.

    Attributes:
        command (str): The command's kind, e.g. `Run`.
        params (list[str] | Unset): The command's arguments.
        progress (str | Unset): Free-form progress text.
    """

    command: str
    params: list[str] | Unset = UNSET
    progress: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        command = self.command

        params: list[str] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params

        progress = self.progress

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "command": command,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params
        if progress is not UNSET:
            field_dict["progress"] = progress

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        command = d.pop("command")

        params = cast(list[str], d.pop("params", UNSET))

        progress = d.pop("progress", UNSET)

        exe_script_command_state = cls(
            command=command,
            params=params,
            progress=progress,
        )

        exe_script_command_state.additional_properties = d
        return exe_script_command_state

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
