from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.capture import Capture


T = TypeVar("T", bound="RunCommandBody")


@_attrs_define
class RunCommandBody:
    """Run a program inside the payload.

    Attributes:
        entry_point (str): Path of the program (note the snake_case key).
        args (list[str] | Unset): Its arguments.
        capture (Capture | Unset): Which output streams to collect, and how.
    """

    entry_point: str
    args: list[str] | Unset = UNSET
    capture: Capture | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        entry_point = self.entry_point

        args: list[str] | Unset = UNSET
        if not isinstance(self.args, Unset):
            args = self.args

        capture: dict[str, Any] | Unset = UNSET
        if not isinstance(self.capture, Unset):
            capture = self.capture.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "entry_point": entry_point,
            }
        )
        if args is not UNSET:
            field_dict["args"] = args
        if capture is not UNSET:
            field_dict["capture"] = capture

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.capture import Capture  # noqa: PLC0415

        d = dict(src_dict)
        entry_point = d.pop("entry_point")

        args = cast(list[str], d.pop("args", UNSET))

        _capture = d.pop("capture", UNSET)
        capture: Capture | Unset
        if isinstance(_capture, Unset):
            capture = UNSET
        else:
            capture = Capture.from_dict(_capture)

        run_command_body = cls(
            entry_point=entry_point,
            args=args,
            capture=capture,
        )

        run_command_body.additional_properties = d
        return run_command_body

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
