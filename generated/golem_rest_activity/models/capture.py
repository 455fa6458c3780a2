from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.capture_mode import CaptureMode


T = TypeVar("T", bound="Capture")


@_attrs_define
class Capture:
    """Which output streams to collect, and how.

    Attributes:
        stderr (CaptureMode | Unset): Either `atEnd` (collect, hand over when the command ends) or `stream` (send chunks
            as they come); exactly one key.
        stdout (CaptureMode | Unset): Either `atEnd` (collect, hand over when the command ends) or `stream` (send chunks
            as they come); exactly one key.
    """

    stderr: CaptureMode | Unset = UNSET
    stdout: CaptureMode | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        stderr: dict[str, Any] | Unset = UNSET
        if not isinstance(self.stderr, Unset):
            stderr = self.stderr.to_dict()

        stdout: dict[str, Any] | Unset = UNSET
        if not isinstance(self.stdout, Unset):
            stdout = self.stdout.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if stderr is not UNSET:
            field_dict["stderr"] = stderr
        if stdout is not UNSET:
            field_dict["stdout"] = stdout

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.capture_mode import CaptureMode  # noqa: PLC0415

        d = dict(src_dict)
        _stderr = d.pop("stderr", UNSET)
        stderr: CaptureMode | Unset
        if isinstance(_stderr, Unset):
            stderr = UNSET
        else:
            stderr = CaptureMode.from_dict(_stderr)

        _stdout = d.pop("stdout", UNSET)
        stdout: CaptureMode | Unset
        if isinstance(_stdout, Unset):
            stdout = UNSET
        else:
            stdout = CaptureMode.from_dict(_stdout)

        capture = cls(
            stderr=stderr,
            stdout=stdout,
        )

        capture.additional_properties = d
        return capture

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
