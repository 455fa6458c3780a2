from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.activity_state_name import ActivityStateName
from ..types import UNSET, Unset

T = TypeVar("T", bound="ActivityState")


@_attrs_define
class ActivityState:
    """Where an activity is in its lifecycle.

    Attributes:
        state (list[ActivityStateName | None]): Two elements: the current state, then the state a transition is under
            way to, or null when none is.
        error_message (str | Unset): The error behind the change, when one caused it.
        reason (str | Unset): Why the activity changed state (set when it ended).
    """

    state: list[ActivityStateName | None]
    error_message: str | Unset = UNSET
    reason: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        state = []
        for state_item_data in self.state:
            state_item: None | str
            if isinstance(state_item_data, ActivityStateName):
                state_item = state_item_data.value
            else:
                state_item = state_item_data
            state.append(state_item)

        error_message = self.error_message

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "state": state,
            }
        )
        if error_message is not UNSET:
            field_dict["errorMessage"] = error_message
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = []
        _state = d.pop("state")
        for state_item_data in _state:

            def _parse_state_item(data: object) -> ActivityStateName | None:
                if data is None:
                    return data
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    componentsschemas_activity_state_name_type_1 = ActivityStateName(
                        data
                    )

                    return componentsschemas_activity_state_name_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(ActivityStateName | None, data)

            state_item = _parse_state_item(state_item_data)

            state.append(state_item)

        error_message = d.pop("errorMessage", UNSET)

        reason = d.pop("reason", UNSET)

        activity_state = cls(
            state=state,
            error_message=error_message,
            reason=reason,
        )

        activity_state.additional_properties = d
        return activity_state

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
