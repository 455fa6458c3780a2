from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SgxCredentials")


@_attrs_define
class SgxCredentials:
    """What an SGX enclave offers so the requestor can check it.

    Attributes:
        enclave_hash (str): Measurement of the enclave, hex.
        enclave_pub_key (str): The enclave's public key, hex.
        ias_report (str): The attestation service report.
        ias_sig (str): The attestation service signature, hex.
        payload_hash (str): Hash of the loaded payload, hex.
        requestor_pub_key (str): The requestor key the enclave was given, hex.
    """

    enclave_hash: str
    enclave_pub_key: str
    ias_report: str
    ias_sig: str
    payload_hash: str
    requestor_pub_key: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enclave_hash = self.enclave_hash

        enclave_pub_key = self.enclave_pub_key

        ias_report = self.ias_report

        ias_sig = self.ias_sig

        payload_hash = self.payload_hash

        requestor_pub_key = self.requestor_pub_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enclaveHash": enclave_hash,
                "enclavePubKey": enclave_pub_key,
                "iasReport": ias_report,
                "iasSig": ias_sig,
                "payloadHash": payload_hash,
                "requestorPubKey": requestor_pub_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enclave_hash = d.pop("enclaveHash")

        enclave_pub_key = d.pop("enclavePubKey")

        ias_report = d.pop("iasReport")

        ias_sig = d.pop("iasSig")

        payload_hash = d.pop("payloadHash")

        requestor_pub_key = d.pop("requestorPubKey")

        sgx_credentials = cls(
            enclave_hash=enclave_hash,
            enclave_pub_key=enclave_pub_key,
            ias_report=ias_report,
            ias_sig=ias_sig,
            payload_hash=payload_hash,
            requestor_pub_key=requestor_pub_key,
        )

        sgx_credentials.additional_properties = d
        return sgx_credentials

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
