from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_activity_event_details import CreateActivityEventDetails
    from ..models.destroy_activity_event_details import DestroyActivityEventDetails


T = TypeVar("T", bound="ProviderEventType")


@_attrs_define
class ProviderEventType:
    """What happened, as an object with exactly one key naming the event kind, e.g. `{"CreateActivity": {}}` or
    `{"DestroyActivity": {}}`.

        Attributes:
            create_activity (CreateActivityEventDetails | Unset): A requestor asked for a new activity; the exe-unit should
                be started.
            destroy_activity (DestroyActivityEventDetails | Unset): The activity is to be stopped; no details.
    """

    create_activity: CreateActivityEventDetails | Unset = UNSET
    destroy_activity: DestroyActivityEventDetails | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        create_activity: dict[str, Any] | Unset = UNSET
        if not isinstance(self.create_activity, Unset):
            create_activity = self.create_activity.to_dict()

        destroy_activity: dict[str, Any] | Unset = UNSET
        if not isinstance(self.destroy_activity, Unset):
            destroy_activity = self.destroy_activity.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if create_activity is not UNSET:
            field_dict["CreateActivity"] = create_activity
        if destroy_activity is not UNSET:
            field_dict["DestroyActivity"] = destroy_activity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_activity_event_details import CreateActivityEventDetails  # noqa: PLC0415
        from ..models.destroy_activity_event_details import DestroyActivityEventDetails  # noqa: PLC0415

        d = dict(src_dict)
        _create_activity = d.pop("CreateActivity", UNSET)
        create_activity: CreateActivityEventDetails | Unset
        if isinstance(_create_activity, Unset):
            create_activity = UNSET
        else:
            create_activity = CreateActivityEventDetails.from_dict(_create_activity)

        _destroy_activity = d.pop("DestroyActivity", UNSET)
        destroy_activity: DestroyActivityEventDetails | Unset
        if isinstance(_destroy_activity, Unset):
            destroy_activity = UNSET
        else:
            destroy_activity = DestroyActivityEventDetails.from_dict(_destroy_activity)

        provider_event_type = cls(
            create_activity=create_activity,
            destroy_activity=destroy_activity,
        )

        provider_event_type.additional_properties = d
        return provider_event_type

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
