from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.yagna_version_info import YagnaVersionInfo


T = TypeVar("T", bound="YagnaVersionResponse")


@_attrs_define
class YagnaVersionResponse:
    """The version now running and the newest one known.

    Attributes:
        current (YagnaVersionInfo): One yagna release.
        pending (None | Unset | YagnaVersionInfo): A newer release the daemon learned of and the user has not dismissed;
            null when there is none (the usual case offline).
    """

    current: YagnaVersionInfo
    pending: None | Unset | YagnaVersionInfo = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.yagna_version_info import YagnaVersionInfo  # noqa: PLC0415

        current = self.current.to_dict()

        pending: dict[str, Any] | None | Unset
        if isinstance(self.pending, Unset):
            pending = UNSET
        elif isinstance(self.pending, YagnaVersionInfo):
            pending = self.pending.to_dict()
        else:
            pending = self.pending

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "current": current,
            }
        )
        if pending is not UNSET:
            field_dict["pending"] = pending

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.yagna_version_info import YagnaVersionInfo  # noqa: PLC0415

        d = dict(src_dict)
        current = YagnaVersionInfo.from_dict(d.pop("current"))

        def _parse_pending(data: object) -> None | Unset | YagnaVersionInfo:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pending_type_1 = YagnaVersionInfo.from_dict(data)

                return pending_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | YagnaVersionInfo, data)

        pending = _parse_pending(d.pop("pending", UNSET))

        yagna_version_response = cls(
            current=current,
            pending=pending,
        )

        yagna_version_response.additional_properties = d
        return yagna_version_response

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
