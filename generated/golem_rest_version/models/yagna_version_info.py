from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="YagnaVersionInfo")


@_attrs_define
class YagnaVersionInfo:
    """One yagna release.

    Attributes:
        name (str): Release name; for the running build, the git revision and build date in parentheses.
        release_ts (str): When it was released; an ISO 8601 time with no offset.
        seen (bool): Whether the user has acknowledged this release.
        version (str): Semantic version, e.g. `0.17.6`.
        insertion_ts (None | str | Unset): When the daemon first stored this record (no offset).
        update_ts (None | str | Unset): When the daemon last updated this record (no offset).
    """

    name: str
    release_ts: str
    seen: bool
    version: str
    insertion_ts: None | str | Unset = UNSET
    update_ts: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        release_ts = self.release_ts

        seen = self.seen

        version = self.version

        insertion_ts: None | str | Unset
        if isinstance(self.insertion_ts, Unset):
            insertion_ts = UNSET
        else:
            insertion_ts = self.insertion_ts

        update_ts: None | str | Unset
        if isinstance(self.update_ts, Unset):
            update_ts = UNSET
        else:
            update_ts = self.update_ts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "releaseTs": release_ts,
                "seen": seen,
                "version": version,
            }
        )
        if insertion_ts is not UNSET:
            field_dict["insertionTs"] = insertion_ts
        if update_ts is not UNSET:
            field_dict["updateTs"] = update_ts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        release_ts = d.pop("releaseTs")

        seen = d.pop("seen")

        version = d.pop("version")

        def _parse_insertion_ts(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        insertion_ts = _parse_insertion_ts(d.pop("insertionTs", UNSET))

        def _parse_update_ts(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        update_ts = _parse_update_ts(d.pop("updateTs", UNSET))

        yagna_version_info = cls(
            name=name,
            release_ts=release_ts,
            seen=seen,
            version=version,
            insertion_ts=insertion_ts,
            update_ts=update_ts,
        )

        yagna_version_info.additional_properties = d
        return yagna_version_info

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
