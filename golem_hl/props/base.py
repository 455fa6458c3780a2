"""Property models: dataclasses whose fields map to market property keys (yapapi's `props.base`).

A field made with `prop(key)` is a property the demand states (or an offer
carries); `constraint(key, operator)` is a condition on the other side's
properties. `Model.from_properties` reads a flat property dict (an offer's)
into a model, taking only the keys the model declares. Constraint expressions
use the market's LDAP-like filter syntax: `(key=value)`, grouped as `(&a b)`,
`(|a b)`, `(!a)`.
"""

from __future__ import annotations

import abc
import dataclasses
import enum
import json
import types
import typing
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Final, Literal, TypeVar

from golem_hl.exceptions import ConstraintException, InvalidPropertiesError

__all__ = [
    "CONSTRAINT_VAL_ANY",
    "ME",
    "PROP_KEY",
    "PROP_MODEL_FIELD_TYPE",
    "PROP_OPERATOR",
    "ConstraintException",
    "ConstraintGroupOperator",
    "ConstraintOperator",
    "InvalidPropertiesError",
    "Model",
    "ModelFieldType",
    "Props",
    "as_list",
    "constraint",
    "constraint_model_serialize",
    "constraint_to_str",
    "join_str_constraints",
    "model_properties",
    "prop",
    "property_value",
]

Props = dict[str, str]

# dataclass field metadata keys, as yapapi's models (and hand-made fields) carry them
PROP_KEY: Final = "key"
PROP_OPERATOR: Final = "operator"
PROP_MODEL_FIELD_TYPE: Final = "model_field_type"
CONSTRAINT_VAL_ANY: Final = "*"

# ">" and "<" are our addition: the market's filter syntax has them too
ConstraintOperator = Literal["=", ">=", "<=", ">", "<"]
ConstraintGroupOperator = Literal["&", "|", "!"]

ME = TypeVar("ME", bound="Model")


class ModelFieldType(enum.Enum):
    constraint = "constraint"
    property = "property"


def prop(
    key: str, default: Any = dataclasses.MISSING, *, default_factory: Any = dataclasses.MISSING
) -> Any:
    """A model field that is the property `key`; a None value is left out of a demand."""
    return dataclasses.field(
        default=default,
        default_factory=default_factory,
        metadata={PROP_KEY: key, PROP_MODEL_FIELD_TYPE: ModelFieldType.property},
    )


def constraint(
    key: str,
    operator: ConstraintOperator = "=",
    default: Any = dataclasses.MISSING,
    default_factory: Any = dataclasses.MISSING,
) -> Any:
    """A model field that is the constraint `(key<operator><value>)`.

    A list value requires every element (`(&(key=a)(key=b))`); an empty list adds nothing.
    """
    return dataclasses.field(
        default=default,
        default_factory=default_factory,
        metadata={
            PROP_KEY: key,
            PROP_OPERATOR: operator,
            PROP_MODEL_FIELD_TYPE: ModelFieldType.constraint,
        },
    )


def as_list(data: str | Iterable[str]) -> list[str]:
    """A property that may come as a list or as a JSON-encoded string of one, as a list."""
    if not isinstance(data, str):
        return list(data)
    item = json.loads(data)
    return [str(v) for v in item] if isinstance(item, list) else [str(item)]


def join_str_constraints(
    constraints: Iterable[str], operator: ConstraintGroupOperator = "&"
) -> str:
    """Group constraint expressions; empty ones are dropped, a single one is kept bare.

    `!` takes exactly one member. An empty `&`/`|` group is `(&)`/`(|)`.
    """
    members = [c for c in constraints if c]
    if operator == "!":
        if len(members) != 1:
            raise ConstraintException(f"'!' needs exactly one member, got {len(members)}")
        return f"(!{members[0]})"
    if not members:
        return f"({operator})"
    if len(members) == 1:
        return members[0]
    return "({}{})".format(operator, "\n\t".join(members))


def property_value(value: Any) -> Any:
    """A field value as the market's JSON wants it: dates in epoch ms, enums by value."""
    if isinstance(value, datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, enum.Enum):
        return property_value(value.value)
    if isinstance(value, Decimal):
        # JSON has no decimals; these are thresholds and sizes, never amounts we pay
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, tuple):
        return [property_value(v) for v in value]
    return value


def model_properties(m: Any) -> dict[str, Any]:
    """The property fields of the dataclass `m` by key; None values are left out."""
    if not dataclasses.is_dataclass(m):
        return {}
    found: dict[str, Any] = {}
    for f in dataclasses.fields(m):
        value = getattr(m, f.name)
        if _kind(f) is ModelFieldType.property and value is not None:
            found[f.metadata[PROP_KEY]] = property_value(value)
    return found


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _value_text(value.value)
    if isinstance(value, datetime):
        return str(int(value.timestamp() * 1000))
    return str(value)


def constraint_expression(key: str, operator: str, value: Any) -> str:
    """One constraint, or an `&` group for a list value ("" for an empty list)."""
    if isinstance(value, (list, tuple)):
        parts = [constraint_expression(key, operator, v) for v in value]
        return join_str_constraints(parts) if parts else ""
    return f"({key}{operator}{_value_text(value)})"


def constraint_to_str(value: Any, f: dataclasses.Field[Any]) -> str:
    """The constraint expression of field `f` holding `value`."""
    return constraint_expression(f.metadata[PROP_KEY], f.metadata[PROP_OPERATOR], value)


def _kind(f: dataclasses.Field[Any]) -> ModelFieldType | None:
    if PROP_KEY not in f.metadata:
        return None
    # a field with only a key (yapapi's own NodeInfo writes them so) is a property
    kind = f.metadata.get(PROP_MODEL_FIELD_TYPE, ModelFieldType.property)
    return kind if isinstance(kind, ModelFieldType) else ModelFieldType(kind)


def constraint_model_serialize(m: Any) -> list[str]:
    """Each constraint field of the dataclass `m` as one expression, in field order."""
    if not dataclasses.is_dataclass(m):
        return []
    return [
        constraint_to_str(getattr(m, f.name), f)
        for f in dataclasses.fields(m)
        if _kind(f) is ModelFieldType.constraint
    ]


def _unwrap_optional(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def _read_value(annotation: Any, value: Any) -> Any:
    """An offer's JSON value as the field's type wants it: ms timestamps, enum members."""
    for candidate in _unwrap_optional(annotation):
        if candidate is datetime and isinstance(value, (int, float, str)):
            return datetime.fromtimestamp(int(float(value)) / 1000, timezone.utc)
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return candidate(value)
    return value


class _Keys:
    """Field name -> property key, as attributes (`NodeInfo.property_keys().name`)."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.__dict__ = dict(pairs)

    def __getattr__(self, name: str) -> str:
        # only reached for names that are not fields: typed so that field access checks
        raise AttributeError(name)

    def names(self) -> typing.KeysView[str]:
        return self.__dict__.keys()


class Model(abc.ABC):  # noqa: B024 -- abstract by intent: only dataclass subclasses are used
    """Base of property models: `@dataclass` subclasses with `prop`/`constraint` fields."""

    def __init__(self, **kwargs: Any) -> None:  # noqa: B027 -- dataclass subclasses replace it
        pass

    @classmethod  # noqa: B027 -- an optional hook
    def _custom_mapping(cls, props: Mapping[str, Any], data: dict[str, Any]) -> None:
        """Check or adjust `data` read from `props` before the model is built (a hook)."""

    @classmethod
    def property_fields(cls) -> list[dataclasses.Field[Any]]:
        found = dataclasses.fields(cls)  # type: ignore[arg-type]
        return [f for f in found if _kind(f) is ModelFieldType.property]

    @classmethod
    def constraint_fields(cls) -> list[dataclasses.Field[Any]]:
        found = dataclasses.fields(cls)  # type: ignore[arg-type]
        return [f for f in found if _kind(f) is ModelFieldType.constraint]

    @classmethod
    def from_properties(cls: type[ME], props: Mapping[str, Any]) -> ME:
        """The model read from flat properties; keys it does not declare are ignored.

        Raises InvalidPropertiesError naming what is wrong (a missing key, a bad value).
        """
        hints = typing.get_type_hints(cls)
        by_key = {f.metadata[PROP_KEY]: f for f in cls.property_fields()}
        try:
            data = {
                by_key[key].name: _read_value(hints.get(by_key[key].name, Any), value)
                for key, value in props.items()
                if key in by_key
            }
            cls._custom_mapping(props, data)
            return cls(**data)
        except InvalidPropertiesError:
            raise
        except Exception as exc:
            raise InvalidPropertiesError(_diagnosis(exc)) from exc

    @classmethod
    def property_keys(cls) -> _Keys:
        return _Keys((f.name, f.metadata[PROP_KEY]) for f in cls.property_fields())


def _diagnosis(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"Missing key: {exc}"
    if isinstance(exc, json.JSONDecodeError):
        return f"Error when decoding '{exc.doc}': {exc}"
    return str(exc)
