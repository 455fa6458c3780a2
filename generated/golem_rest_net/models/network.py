from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Network")


@_attrs_define
class Network:
    """A network as the daemon holds it.

    Attributes:
        gateway (str): The gateway address.
        id (str): The id the daemon chose (32 hex digits).
        ip (str): The network address with its prefix length, e.g. `192.168.0.0/24`.
        mask (str): The netmask, e.g. `255.255.255.0`.
    """

    gateway: str
    id: str
    ip: str
    mask: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        gateway = self.gateway

        id = self.id

        ip = self.ip

        mask = self.mask

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "gateway": gateway,
                "id": id,
                "ip": ip,
                "mask": mask,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        gateway = d.pop("gateway")

        id = d.pop("id")

        ip = d.pop("ip")

        mask = d.pop("mask")

        network = cls(
            gateway=gateway,
            id=id,
            ip=ip,
            mask=mask,
        )

        network.additional_properties = d
        return network

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
