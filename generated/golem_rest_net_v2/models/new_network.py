from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="NewNetwork")


@_attrs_define
class NewNetwork:
    """What the requestor asks for when creating a network.

    Attributes:
        ip (str): The network address, plain (`10.0.0.0`) or with a prefix length (`10.0.0.0/16`).
        gateway (str | Unset): The gateway address; by default the first host address.
        mask (str | Unset): The netmask, e.g. `255.255.0.0`. Without one (or a prefix) it is /24.
    """

    ip: str
    gateway: str | Unset = UNSET
    mask: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ip = self.ip

        gateway = self.gateway

        mask = self.mask

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ip": ip,
            }
        )
        if gateway is not UNSET:
            field_dict["gateway"] = gateway
        if mask is not UNSET:
            field_dict["mask"] = mask

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ip = d.pop("ip")

        gateway = d.pop("gateway", UNSET)

        mask = d.pop("mask", UNSET)

        new_network = cls(
            ip=ip,
            gateway=gateway,
            mask=mask,
        )

        new_network.additional_properties = d
        return new_network

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
