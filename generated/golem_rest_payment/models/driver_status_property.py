from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.driver_status_kind import DriverStatusKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="DriverStatusProperty")


@_attrs_define
class DriverStatusProperty:
    """One problem the payment driver reports; `kind` says which.

    Attributes:
        driver (str):
        kind (DriverStatusKind): Kind of driver problem: not enough gas or tokens, a chain id missing from the
            configuration, a wallet that cannot sign, a transaction that does not progress, or no working RPC endpoint.
        address (str | Unset): Affected address (InsufficientGas, InsufficientToken, CantSign).
        chain_id (int | Unset): The unknown chain id (InvalidChainId).
        needed_gas_est (str | Unset): Estimated gas still needed (InsufficientGas).
        needed_token_est (str | Unset): Estimated tokens still needed (InsufficientToken).
        network (str | Unset): Affected network; absent for InvalidChainId.
    """

    driver: str
    kind: DriverStatusKind
    address: str | Unset = UNSET
    chain_id: int | Unset = UNSET
    needed_gas_est: str | Unset = UNSET
    needed_token_est: str | Unset = UNSET
    network: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        driver = self.driver

        kind = self.kind.value

        address = self.address

        chain_id = self.chain_id

        needed_gas_est = self.needed_gas_est

        needed_token_est = self.needed_token_est

        network = self.network

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "driver": driver,
                "kind": kind,
            }
        )
        if address is not UNSET:
            field_dict["address"] = address
        if chain_id is not UNSET:
            field_dict["chainId"] = chain_id
        if needed_gas_est is not UNSET:
            field_dict["neededGasEst"] = needed_gas_est
        if needed_token_est is not UNSET:
            field_dict["neededTokenEst"] = needed_token_est
        if network is not UNSET:
            field_dict["network"] = network

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        driver = d.pop("driver")

        kind = DriverStatusKind(d.pop("kind"))

        address = d.pop("address", UNSET)

        chain_id = d.pop("chainId", UNSET)

        needed_gas_est = d.pop("neededGasEst", UNSET)

        needed_token_est = d.pop("neededTokenEst", UNSET)

        network = d.pop("network", UNSET)

        driver_status_property = cls(
            driver=driver,
            kind=kind,
            address=address,
            chain_id=chain_id,
            needed_gas_est=needed_gas_est,
            needed_token_est=needed_token_est,
            network=network,
        )

        driver_status_property.additional_properties = d
        return driver_status_property

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
