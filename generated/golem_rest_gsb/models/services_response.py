from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.services_listen import ServicesListen


T = TypeVar("T", bound="ServicesResponse")


@_attrs_define
class ServicesResponse:
    """The binding that was made.

    Attributes:
        listen (ServicesListen): An address prefix and the message names served below it.
        services_id (str): Names the binding in the WebSocket and release calls.
    """

    listen: ServicesListen
    services_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        listen = self.listen.to_dict()

        services_id = self.services_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "listen": listen,
                "servicesId": services_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.services_listen import ServicesListen  # noqa: PLC0415

        d = dict(src_dict)
        listen = ServicesListen.from_dict(d.pop("listen"))

        services_id = d.pop("servicesId")

        services_response = cls(
            listen=listen,
            services_id=services_id,
        )

        services_response.additional_properties = d
        return services_response

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
