from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.exe_script_command import ExeScriptCommand


T = TypeVar("T", bound="CommandStarted")


@_attrs_define
class CommandStarted:
    """The command began to run.

    Attributes:
        command (ExeScriptCommand): One exe-script command: an object with exactly one key, the command's name, holding
            that command's arguments. A batch is a JSON list of these.
    """

    command: ExeScriptCommand
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        command = self.command.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "command": command,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exe_script_command import ExeScriptCommand  # noqa: PLC0415

        d = dict(src_dict)
        command = ExeScriptCommand.from_dict(d.pop("command"))

        command_started = cls(
            command=command,
        )

        command_started.additional_properties = d
        return command_started

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
