from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PaymentPlatform")


@_attrs_define
class PaymentPlatform:
    """A payment platform given by its parts; missing parts take the daemon's defaults.

    Attributes:
        driver (str | Unset): For example `erc20`.
        network (str | Unset): For example `holesky`.
        token (str | Unset): For example `tglm` (lower case).
    """

    driver: str | Unset = UNSET
    network: str | Unset = UNSET
    token: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        driver = self.driver

        network = self.network

        token = self.token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if driver is not UNSET:
            field_dict["driver"] = driver
        if network is not UNSET:
            field_dict["network"] = network
        if token is not UNSET:
            field_dict["token"] = token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        driver = d.pop("driver", UNSET)

        network = d.pop("network", UNSET)

        token = d.pop("token", UNSET)

        payment_platform = cls(
            driver=driver,
            network=network,
            token=token,
        )

        payment_platform.additional_properties = d
        return payment_platform

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
