from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.capture_format import CaptureFormat
from ..types import UNSET, Unset

T = TypeVar("T", bound="CaptureStream")


@_attrs_define
class CaptureStream:
    """Send output as it is produced.

    Attributes:
        format_ (CaptureFormat | Unset): Text (`str`) or bytes (`bin`). `string` and `binary` are accepted as other
            spellings; the exe-unit itself writes `str`/`bin`.
        limit (int | Unset): Upper bound on the bytes streamed.
    """

    format_: CaptureFormat | Unset = UNSET
    limit: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        limit = self.limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if format_ is not UNSET:
            field_dict["format"] = format_
        if limit is not UNSET:
            field_dict["limit"] = limit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _format_ = d.pop("format", UNSET)
        format_: CaptureFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = CaptureFormat(_format_)

        limit = d.pop("limit", UNSET)

        capture_stream = cls(
            format_=format_,
            limit=limit,
        )

        capture_stream.additional_properties = d
        return capture_stream

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
