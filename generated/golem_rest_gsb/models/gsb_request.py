from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.gsb_request_payload import GsbRequestPayload


T = TypeVar("T", bound="GsbRequest")


@_attrs_define
class GsbRequest:
    """A call delivered on the WebSocket, as a FlexBuffers map.

    Attributes:
        component (str): The message name, the last segment of the called address.
        id (str): Fresh for each call; the reply must repeat it.
        payload (GsbRequestPayload): The message's fields as a map; empty for messages without fields.
    """

    component: str
    id: str
    payload: GsbRequestPayload
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        component = self.component

        id = self.id

        payload = self.payload.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "component": component,
                "id": id,
                "payload": payload,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gsb_request_payload import GsbRequestPayload  # noqa: PLC0415

        d = dict(src_dict)
        component = d.pop("component")

        id = d.pop("id")

        payload = GsbRequestPayload.from_dict(d.pop("payload"))

        gsb_request = cls(
            component=component,
            id=id,
            payload=payload,
        )

        gsb_request.additional_properties = d
        return gsb_request

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
