from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="StorageVolume")


@_attrs_define
class StorageVolume:
    """A disk-backed volume of fixed size.

    Attributes:
        size (int | str): A size, written like `10GiB` or `512MB`, or a plain number of bytes.
        errors (str | Unset): What to do on file system errors (exe-unit specific).
        preallocate (int | str | Unset): A size, written like `10GiB` or `512MB`, or a plain number of bytes.
    """

    size: int | str
    errors: str | Unset = UNSET
    preallocate: int | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        size: int | str
        size = self.size

        errors = self.errors

        preallocate: int | str | Unset
        if isinstance(self.preallocate, Unset):
            preallocate = UNSET
        else:
            preallocate = self.preallocate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "size": size,
            }
        )
        if errors is not UNSET:
            field_dict["errors"] = errors
        if preallocate is not UNSET:
            field_dict["preallocate"] = preallocate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_size(data: object) -> int | str:
            return cast(int | str, data)

        size = _parse_size(d.pop("size"))

        errors = d.pop("errors", UNSET)

        def _parse_preallocate(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        preallocate = _parse_preallocate(d.pop("preallocate", UNSET))

        storage_volume = cls(
            size=size,
            errors=errors,
            preallocate=preallocate,
        )

        storage_volume.additional_properties = d
        return storage_volume

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
