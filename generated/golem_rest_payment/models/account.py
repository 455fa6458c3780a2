from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Account")


@_attrs_define
class Account:
    """A wallet on one payment platform, and what it may be used for.

    Attributes:
        address (str):
        driver (str):
        network (str):
        platform (str): Full platform name such as `erc20-holesky-tglm`.
        receive (bool): Usable for being paid.
        send (bool): Usable for paying.
        token (str): Token symbol as the driver spells it (e.g. `tGLM`).
    """

    address: str
    driver: str
    network: str
    platform: str
    receive: bool
    send: bool
    token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        address = self.address

        driver = self.driver

        network = self.network

        platform = self.platform

        receive = self.receive

        send = self.send

        token = self.token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "address": address,
                "driver": driver,
                "network": network,
                "platform": platform,
                "receive": receive,
                "send": send,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        address = d.pop("address")

        driver = d.pop("driver")

        network = d.pop("network")

        platform = d.pop("platform")

        receive = d.pop("receive")

        send = d.pop("send")

        token = d.pop("token")

        account = cls(
            address=address,
            driver=driver,
            network=network,
            platform=platform,
            receive=receive,
            send=send,
            token=token,
        )

        account.additional_properties = d
        return account

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
