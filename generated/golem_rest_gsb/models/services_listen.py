from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ServicesListen")


@_attrs_define
class ServicesListen:
    """An address prefix and the message names served below it.

    Attributes:
        components (list[str]): Message names accepted under the prefix, e.g. `GetMetadata` and `GetChunk`; calls to
            other names are refused by the daemon.
        on (str): The GSB address prefix, e.g. `/public/gftp/<name>`.
    """

    components: list[str]
    on: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        components = self.components

        on = self.on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "components": components,
                "on": on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        components = cast(list[str], d.pop("components"))

        on = d.pop("on")

        services_listen = cls(
            components=components,
            on=on,
        )

        services_listen.additional_properties = d
        return services_listen

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
