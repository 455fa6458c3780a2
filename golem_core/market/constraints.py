"""Constraint expressions in yagna's filter syntax, built from typed helpers.

    (&(golem.inf.mem.gib>=1)(golem.runtime.name=vm))

How yagna 0.17.6 reads a constraint (its market resolver), and what that means
for building one:

* A comparison is `(name OP value)` with OP one of `= < <= > >=`; `(name=*)`
  tests presence; `(&...)`, `(|...)` and `(!x)` combine; `()` is always true.
* The value runs up to the first `)`. There is no escape sequence, so a value
  can never contain `(` or `)`: we refuse such values rather than send a
  constraint that silently never matches (the daemon accepts any string at
  subscribe time and only fails to match later).
* For string properties, a `*` in an `=` value makes it a pattern: the daemon
  turns `*` into `.*` and compiles the rest *as a regular expression*. So a
  plain value is compared literally (no escaping needed, and `*` cannot be
  written at all), while in a pattern the literal parts must be regex-escaped.
  A pattern cannot start with `*` either: `(name=*...` is read as presence.
* Numbers are parsed as f64 and booleans as `true`/`false`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Decimal

import attrs

__all__ = [
    "AllOf",
    "AnyOf",
    "Compare",
    "Constraint",
    "ConstraintValue",
    "Not",
    "Present",
    "all_of",
    "any_of",
    "eq",
    "ge",
    "gt",
    "le",
    "lt",
    "matches",
    "ne",
    "not_",
    "present",
    "validate_name",
]

ConstraintValue = str | int | float | Decimal | bool

_NAME = re.compile(r"^[A-Za-z0-9_.\-?]+$")
_OPERATORS = ("=", "<", "<=", ">", ">=")
# Characters that mean something to the daemon's regex engine in a pattern's literal
# parts. `(`/`)` never get this far and `*` is the wildcard itself.
_REGEX_SPECIAL = set("\\.+?|[]{}^$")


def validate_name(name: str) -> str:
    """A property name usable in a constraint: dotted words, `-`, `_` and `?` only."""
    if not _NAME.match(name):
        raise ValueError(f"not a property name yagna can filter on: {name!r}")
    return name


def _literal(value: ConstraintValue) -> str:
    """The text of a value as the daemon parses it (numbers as f64, `true`/`false`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"constraint values must be finite, got {value!r}")
        return repr(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"constraint values must be finite, got {value!r}")
        return format(value, "f")
    if isinstance(value, str):
        if "(" in value or ")" in value:
            raise ValueError(f"yagna constraints cannot carry '(' or ')' in a value: {value!r}")
        if "*" in value:
            raise ValueError(
                f"'*' is a wildcard in yagna constraints and cannot be matched literally: "
                f"{value!r} (use matches() for patterns)"
            )
        return value
    raise TypeError(f"unsupported constraint value type {type(value).__name__}")


def _regex_escape(text: str) -> str:
    return "".join("\\" + char if char in _REGEX_SPECIAL else char for char in text)


class Constraint:
    """One node of a constraint expression; `str()` gives the wire text."""

    def __str__(self) -> str:
        raise NotImplementedError


@attrs.frozen(str=False)
class Compare(Constraint):
    name: str = attrs.field(converter=validate_name)
    operator: str = attrs.field(validator=attrs.validators.in_(_OPERATORS))
    # already in wire form: build through eq/ge/... or matches()
    text: str

    def __str__(self) -> str:
        return f"({self.name}{self.operator}{self.text})"


@attrs.frozen(str=False)
class Present(Constraint):
    name: str = attrs.field(converter=validate_name)

    def __str__(self) -> str:
        return f"({self.name}=*)"


@attrs.frozen(str=False)
class AllOf(Constraint):
    items: tuple[Constraint, ...]

    def __str__(self) -> str:
        if not self.items:
            return "()"
        return "(&" + "".join(str(item) for item in self.items) + ")"


@attrs.frozen(str=False)
class AnyOf(Constraint):
    items: tuple[Constraint, ...]

    def __str__(self) -> str:
        return "(|" + "".join(str(item) for item in self.items) + ")"


@attrs.frozen(str=False)
class Not(Constraint):
    item: Constraint

    def __str__(self) -> str:
        return f"(!{self.item})"


def eq(name: str, value: ConstraintValue) -> Compare:
    """`name` equals `value` exactly (for list properties: `value` is one of the items)."""
    return Compare(name, "=", _literal(value))


def ne(name: str, value: ConstraintValue) -> Not:
    # yagna 0.17.6 has no `<>` operator
    return Not(eq(name, value))


def lt(name: str, value: ConstraintValue) -> Compare:
    return Compare(name, "<", _literal(value))


def le(name: str, value: ConstraintValue) -> Compare:
    return Compare(name, "<=", _literal(value))


def gt(name: str, value: ConstraintValue) -> Compare:
    return Compare(name, ">", _literal(value))


def ge(name: str, value: ConstraintValue) -> Compare:
    return Compare(name, ">=", _literal(value))


def present(name: str) -> Present:
    return Present(name)


def matches(name: str, pattern: str) -> Compare:
    """A string property matching a glob-like `pattern` where `*` is any text.

    Everything but `*` is matched literally: it is regex-escaped, because the
    daemon compiles patterns as regular expressions.
    """
    if "(" in pattern or ")" in pattern:
        raise ValueError(f"yagna constraints cannot carry '(' or ')' in a value: {pattern!r}")
    if pattern.startswith("*"):
        raise ValueError(
            f"yagna reads a value starting with '*' as a presence test: {pattern!r} "
            "(use present() for that)"
        )
    if "*" not in pattern:
        return eq(name, pattern)
    return Compare(name, "=", "*".join(_regex_escape(part) for part in pattern.split("*")))


def _flatten(
    kind: type[AllOf] | type[AnyOf], items: Iterable[Constraint | str]
) -> list[Constraint]:
    flat: list[Constraint] = []
    for item in items:
        if isinstance(item, str):
            raise TypeError(
                "combine Constraint objects, not strings (build them with eq(), ge()...)"
            )
        if isinstance(item, kind):
            flat.extend(item.items)
        else:
            flat.append(item)
    return flat


def all_of(*items: Constraint) -> Constraint:
    """Every item holds; nested `all_of`s are flattened and a single item stands alone."""
    flat = _flatten(AllOf, items)
    return flat[0] if len(flat) == 1 else AllOf(tuple(flat))


def any_of(*items: Constraint) -> Constraint:
    flat = _flatten(AnyOf, items)
    if not flat:
        raise ValueError("any_of() needs at least one constraint")
    return flat[0] if len(flat) == 1 else AnyOf(tuple(flat))


def not_(item: Constraint) -> Not:
    return Not(item)
