from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gsb_response_error import GsbResponseError


T = TypeVar("T", bound="GsbResponse")


@_attrs_define
class GsbResponse:
    """A reply sent on the WebSocket, as a FlexBuffers map, with exactly one of `payload` and `error`.

    Attributes:
        id (str): The `id` of the call being answered.
        error (GsbResponseError | Unset): The error value in the callee's error form, e.g. `{"InternalError": "..."}`;
            checked before `payload`.
        payload (Any | Unset): The result value; may be null.
    """

    id: str
    error: GsbResponseError | Unset = UNSET
    payload: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        payload = self.payload

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if payload is not UNSET:
            field_dict["payload"] = payload

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gsb_response_error import GsbResponseError  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        _error = d.pop("error", UNSET)
        error: GsbResponseError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = GsbResponseError.from_dict(_error)

        payload = d.pop("payload", UNSET)

        gsb_response = cls(
            id=id,
            error=error,
            payload=payload,
        )

        gsb_response.additional_properties = d
        return gsb_response

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
