from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deposit_validation import DepositValidation


T = TypeVar("T", bound="DepositUpdate")


@_attrs_define
class DepositUpdate:
    """New validation arguments for an allocation's deposit.

    Attributes:
        validate (DepositValidation | None | Unset):
    """

    validate: DepositValidation | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.deposit_validation import DepositValidation  # noqa: PLC0415

        validate: dict[str, Any] | None | Unset
        if isinstance(self.validate, Unset):
            validate = UNSET
        elif isinstance(self.validate, DepositValidation):
            validate = self.validate.to_dict()
        else:
            validate = self.validate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if validate is not UNSET:
            field_dict["validate"] = validate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deposit_validation import DepositValidation  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_validate(data: object) -> DepositValidation | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                validate_type_1 = DepositValidation.from_dict(data)

                return validate_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DepositValidation | None | Unset, data)

        validate = _parse_validate(d.pop("validate", UNSET))

        deposit_update = cls(
            validate=validate,
        )

        deposit_update.additional_properties = d
        return deposit_update

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
