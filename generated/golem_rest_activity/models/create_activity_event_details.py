from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateActivityEventDetails")


@_attrs_define
class CreateActivityEventDetails:
    """A requestor asked for a new activity; the exe-unit should be started.

    Attributes:
        requestor_pub_key (str | Unset): The requestor's public key, when it sent one.
    """

    requestor_pub_key: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        requestor_pub_key = self.requestor_pub_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if requestor_pub_key is not UNSET:
            field_dict["requestorPubKey"] = requestor_pub_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        requestor_pub_key = d.pop("requestorPubKey", UNSET)

        create_activity_event_details = cls(
            requestor_pub_key=requestor_pub_key,
        )

        create_activity_event_details.additional_properties = d
        return create_activity_event_details

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
