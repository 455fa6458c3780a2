from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Connection")


@_attrs_define
class Connection:
    """One open TCP connection of the requestor.

    Attributes:
        local_ip (str):
        local_port (int):
        protocol (int): The IP protocol number (6 for TCP).
        remote_ip (str):
        remote_port (int):
    """

    local_ip: str
    local_port: int
    protocol: int
    remote_ip: str
    remote_port: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        local_ip = self.local_ip

        local_port = self.local_port

        protocol = self.protocol

        remote_ip = self.remote_ip

        remote_port = self.remote_port

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "localIp": local_ip,
                "localPort": local_port,
                "protocol": protocol,
                "remoteIp": remote_ip,
                "remotePort": remote_port,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        local_ip = d.pop("localIp")

        local_port = d.pop("localPort")

        protocol = d.pop("protocol")

        remote_ip = d.pop("remoteIp")

        remote_port = d.pop("remotePort")

        connection = cls(
            local_ip=local_ip,
            local_port=local_port,
            protocol=protocol,
            remote_ip=remote_ip,
            remote_port=remote_port,
        )

        connection.additional_properties = d
        return connection

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
