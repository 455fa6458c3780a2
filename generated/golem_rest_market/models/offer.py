from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

if TYPE_CHECKING:
    from ..models.properties import Properties


T = TypeVar("T", bound="Offer")


@_attrs_define
class Offer:
    """An offer as the market stores it.

    Attributes:
        constraints (str): LDAP-style filter the other side's properties must satisfy, e.g.
            `(&(golem.inf.cpu.cores>=2)(golem.runtime.name=vm))`.
        properties (Properties): Flat map from full property names (e.g. `golem.inf.cpu.cores`) to JSON values, as the
            Golem property standards define them.
        offer_id (str):
        provider_id (str): Node id of the provider that published it.
        timestamp (datetime.datetime):
    """

    constraints: str
    properties: Properties
    offer_id: str
    provider_id: str
    timestamp: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        constraints = self.constraints

        properties = self.properties.to_dict()

        offer_id = self.offer_id

        provider_id = self.provider_id

        timestamp = self.timestamp.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "constraints": constraints,
                "properties": properties,
                "offerId": offer_id,
                "providerId": provider_id,
                "timestamp": timestamp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.properties import Properties  # noqa: PLC0415

        d = dict(src_dict)
        constraints = d.pop("constraints")

        properties = Properties.from_dict(d.pop("properties"))

        offer_id = d.pop("offerId")

        provider_id = d.pop("providerId")

        timestamp = isoparse(d.pop("timestamp"))

        offer = cls(
            constraints=constraints,
            properties=properties,
            offer_id=offer_id,
            provider_id=provider_id,
            timestamp=timestamp,
        )

        offer.additional_properties = d
        return offer

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
