from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.capture_at_end import CaptureAtEnd
    from ..models.capture_stream import CaptureStream


T = TypeVar("T", bound="CaptureMode")


@_attrs_define
class CaptureMode:
    """Either `atEnd` (collect, hand over when the command ends) or `stream` (send chunks as they come); exactly one key.

    Attributes:
        at_end (CaptureAtEnd | Unset): Keep output until the command ends. At most one of `head`, `tail` and `headTail`
            limits how many bytes are kept, and from where.
        stream (CaptureStream | Unset): Send output as it is produced.
    """

    at_end: CaptureAtEnd | Unset = UNSET
    stream: CaptureStream | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at_end: dict[str, Any] | Unset = UNSET
        if not isinstance(self.at_end, Unset):
            at_end = self.at_end.to_dict()

        stream: dict[str, Any] | Unset = UNSET
        if not isinstance(self.stream, Unset):
            stream = self.stream.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if at_end is not UNSET:
            field_dict["atEnd"] = at_end
        if stream is not UNSET:
            field_dict["stream"] = stream

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.capture_at_end import CaptureAtEnd  # noqa: PLC0415
        from ..models.capture_stream import CaptureStream  # noqa: PLC0415

        d = dict(src_dict)
        _at_end = d.pop("atEnd", UNSET)
        at_end: CaptureAtEnd | Unset
        if isinstance(_at_end, Unset):
            at_end = UNSET
        else:
            at_end = CaptureAtEnd.from_dict(_at_end)

        _stream = d.pop("stream", UNSET)
        stream: CaptureStream | Unset
        if isinstance(_stream, Unset):
            stream = UNSET
        else:
            stream = CaptureStream.from_dict(_stream)

        capture_mode = cls(
            at_end=at_end,
            stream=stream,
        )

        capture_mode.additional_properties = d
        return capture_mode

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
