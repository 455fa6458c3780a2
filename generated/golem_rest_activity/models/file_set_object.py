from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FileSetObject")


@_attrs_define
class FileSetObject:
    """A named group of include and exclude globs.

    Attributes:
        desc (None | str | Unset): A label for people.
        excludes (list[str] | None | str | Unset): One glob, or several.
        includes (list[str] | None | str | Unset): One glob, or several.
    """

    desc: None | str | Unset = UNSET
    excludes: list[str] | None | str | Unset = UNSET
    includes: list[str] | None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        desc: None | str | Unset
        if isinstance(self.desc, Unset):
            desc = UNSET
        else:
            desc = self.desc

        excludes: list[str] | None | str | Unset
        if isinstance(self.excludes, Unset):
            excludes = UNSET
        elif isinstance(self.excludes, list):
            excludes = self.excludes

        else:
            excludes = self.excludes

        includes: list[str] | None | str | Unset
        if isinstance(self.includes, Unset):
            includes = UNSET
        elif isinstance(self.includes, list):
            includes = self.includes

        else:
            includes = self.includes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if desc is not UNSET:
            field_dict["desc"] = desc
        if excludes is not UNSET:
            field_dict["excludes"] = excludes
        if includes is not UNSET:
            field_dict["includes"] = includes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_desc(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        desc = _parse_desc(d.pop("desc", UNSET))

        def _parse_excludes(data: object) -> list[str] | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_glob_list_type_1 = cast(list[str], data)

                return componentsschemas_glob_list_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | str | Unset, data)

        excludes = _parse_excludes(d.pop("excludes", UNSET))

        def _parse_includes(data: object) -> list[str] | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_glob_list_type_1 = cast(list[str], data)

                return componentsschemas_glob_list_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | str | Unset, data)

        includes = _parse_includes(d.pop("includes", UNSET))

        file_set_object = cls(
            desc=desc,
            excludes=excludes,
            includes=includes,
        )

        file_set_object.additional_properties = d
        return file_set_object

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
