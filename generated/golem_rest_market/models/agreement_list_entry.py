from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.agreement_role import AgreementRole

T = TypeVar("T", bound="AgreementListEntry")


@_attrs_define
class AgreementListEntry:
    """Short form of an agreement in a listing.

    Attributes:
        approved_date (datetime.datetime | None): When it was approved; null if it never was.
        id (str): The agreement id.
        role (AgreementRole): Which side of the agreement the caller is on.
        timestamp (datetime.datetime): When the agreement was created.
    """

    approved_date: datetime.datetime | None
    id: str
    role: AgreementRole
    timestamp: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        approved_date: None | str
        if isinstance(self.approved_date, datetime.datetime):
            approved_date = self.approved_date.isoformat()
        else:
            approved_date = self.approved_date

        id = self.id

        role = self.role.value

        timestamp = self.timestamp.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approvedDate": approved_date,
                "id": id,
                "role": role,
                "timestamp": timestamp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_approved_date(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                approved_date_type_0 = isoparse(data)

                return approved_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        approved_date = _parse_approved_date(d.pop("approvedDate"))

        id = d.pop("id")

        role = AgreementRole(d.pop("role"))

        timestamp = isoparse(d.pop("timestamp"))

        agreement_list_entry = cls(
            approved_date=approved_date,
            id=id,
            role=role,
            timestamp=timestamp,
        )

        agreement_list_entry.additional_properties = d
        return agreement_list_entry

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
