from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Status")


@_attrs_define
class Status:
    """The node's connection to the Golem net.

    Attributes:
        listen_ip (None | str): The local `ip:port` the net client is bound to; null in central net mode (the key is
            always sent).
        node_id (str): The node's default identity, `0x` and 40 hex digits.
        public_ip (None | str): The public `ip:port` the relay sees this node at; null in central net mode or while
            unknown (the key is always sent).
        sessions (int): Open net sessions (relay and peers); always 1 in central net mode.
    """

    listen_ip: None | str
    node_id: str
    public_ip: None | str
    sessions: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        listen_ip: None | str
        listen_ip = self.listen_ip

        node_id = self.node_id

        public_ip: None | str
        public_ip = self.public_ip

        sessions = self.sessions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "listenIp": listen_ip,
                "nodeId": node_id,
                "publicIp": public_ip,
                "sessions": sessions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_listen_ip(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        listen_ip = _parse_listen_ip(d.pop("listenIp"))

        node_id = d.pop("nodeId")

        def _parse_public_ip(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        public_ip = _parse_public_ip(d.pop("publicIp"))

        sessions = d.pop("sessions")

        status = cls(
            listen_ip=listen_ip,
            node_id=node_id,
            public_ip=public_ip,
            sessions=sessions,
        )

        status.additional_properties = d
        return status

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
