from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.sgx_credentials import SgxCredentials


T = TypeVar("T", bound="Credentials")


@_attrs_define
class Credentials:
    """Proof material from a secure exe-unit; absent for ordinary ones.

    Attributes:
        sgx (SgxCredentials): What an SGX enclave offers so the requestor can check it.
    """

    sgx: SgxCredentials
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sgx = self.sgx.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sgx": sgx,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sgx_credentials import SgxCredentials  # noqa: PLC0415

        d = dict(src_dict)
        sgx = SgxCredentials.from_dict(d.pop("sgx"))

        credentials = cls(
            sgx=sgx,
        )

        credentials.additional_properties = d
        return credentials

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
