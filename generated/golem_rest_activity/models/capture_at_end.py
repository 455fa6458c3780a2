from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.capture_format import CaptureFormat
from ..types import UNSET, Unset

T = TypeVar("T", bound="CaptureAtEnd")


@_attrs_define
class CaptureAtEnd:
    """Keep output until the command ends. At most one of `head`, `tail` and `headTail` limits how many bytes are kept, and
    from where.

        Attributes:
            format_ (CaptureFormat | Unset): Text (`str`) or bytes (`bin`). `string` and `binary` are accepted as other
                spellings; the exe-unit itself writes `str`/`bin`.
            head (int | Unset): Keep only the first this many bytes.
            head_tail (int | Unset): Keep this many bytes split between start and end.
            tail (int | Unset): Keep only the last this many bytes.
    """

    format_: CaptureFormat | Unset = UNSET
    head: int | Unset = UNSET
    head_tail: int | Unset = UNSET
    tail: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        head = self.head

        head_tail = self.head_tail

        tail = self.tail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if format_ is not UNSET:
            field_dict["format"] = format_
        if head is not UNSET:
            field_dict["head"] = head
        if head_tail is not UNSET:
            field_dict["headTail"] = head_tail
        if tail is not UNSET:
            field_dict["tail"] = tail

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

        head = d.pop("head", UNSET)

        head_tail = d.pop("headTail", UNSET)

        tail = d.pop("tail", UNSET)

        capture_at_end = cls(
            format_=format_,
            head=head,
            head_tail=head_tail,
            tail=tail,
        )

        capture_at_end.additional_properties = d
        return capture_at_end

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
