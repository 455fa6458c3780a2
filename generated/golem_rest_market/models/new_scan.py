from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scan_type import ScanType
from ..types import UNSET, Unset

T = TypeVar("T", bound="NewScan")


@_attrs_define
class NewScan:
    """What to scan for.

    Attributes:
        type_ (ScanType): What a scan iterates over.
        constraints (str | Unset): Optional filter in the same syntax as demand constraints.
        timeout (int | Unset): Seconds an idle iterator is kept before the daemon drops it (30 when not given). Whole
            seconds only: fractions give 400.
    """

    type_: ScanType
    constraints: str | Unset = UNSET
    timeout: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        constraints = self.constraints

        timeout = self.timeout

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if constraints is not UNSET:
            field_dict["constraints"] = constraints
        if timeout is not UNSET:
            field_dict["timeout"] = timeout

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = ScanType(d.pop("type"))

        constraints = d.pop("constraints", UNSET)

        timeout = d.pop("timeout", UNSET)

        new_scan = cls(
            type_=type_,
            constraints=constraints,
            timeout=timeout,
        )

        new_scan.additional_properties = d
        return new_scan

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
