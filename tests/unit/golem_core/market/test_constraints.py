"""Constraint text as yagna's resolver parses it: operators, escaping, combinations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from golem_core.market.constraints import (
    AllOf,
    Compare,
    all_of,
    any_of,
    eq,
    ge,
    gt,
    le,
    lt,
    matches,
    ne,
    not_,
    present,
)


def test_the_example_from_the_docs() -> None:
    constraint = all_of(ge("golem.inf.mem.gib", 1), eq("golem.runtime.name", "vm"))
    assert str(constraint) == "(&(golem.inf.mem.gib>=1)(golem.runtime.name=vm))"


@pytest.mark.parametrize(
    ("constraint", "text"),
    [
        (eq("a.b", "x"), "(a.b=x)"),
        (lt("a.b", 2), "(a.b<2)"),
        (le("a.b", 2), "(a.b<=2)"),
        (gt("a.b", 2), "(a.b>2)"),
        (ge("a.b", 2), "(a.b>=2)"),
        (ne("a.b", "x"), "(!(a.b=x))"),
        (present("a.b"), "(a.b=*)"),
        (not_(present("a.b")), "(!(a.b=*))"),
        (any_of(eq("a", 1), eq("b", 2)), "(|(a=1)(b=2))"),
    ],
)
def test_each_operator_has_its_wire_form(constraint: object, text: str) -> None:
    assert str(constraint) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "true"),
        (False, "false"),
        (3, "3"),
        (0.25, "0.25"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal("2.50"), "2.50"),
        ("public-beta", "public-beta"),
        ("a.b+c?[d]", "a.b+c?[d]"),  # a plain value is compared literally: no escaping
    ],
)
def test_values_are_written_as_the_daemon_parses_them(value: object, text: str) -> None:
    assert str(eq("p", value)) == f"(p={text})"  # type: ignore[arg-type]


def test_a_bool_is_not_written_as_a_number() -> None:
    assert str(ge("p", True)) == "(p>=true)"


@pytest.mark.parametrize("value", ["a)b", "(a", "x*", float("nan"), float("inf"), Decimal("NaN")])
def test_values_the_syntax_cannot_carry_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        eq("p", value)  # type: ignore[arg-type]


def test_unsupported_value_types_are_refused() -> None:
    with pytest.raises(TypeError):
        eq("p", [1, 2])  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["", "a b", "a=b", "a(b", "a[b]", "a$d", "a*", "a>b", "a~b"])
def test_names_the_syntax_cannot_carry_are_refused(name: str) -> None:
    with pytest.raises(ValueError):
        eq(name, 1)
    with pytest.raises(ValueError):
        present(name)


def test_optional_property_names_are_fine() -> None:
    assert str(present("golem.com.payment.debit-notes.accept-timeout?")) == (
        "(golem.com.payment.debit-notes.accept-timeout?=*)"
    )


def test_a_pattern_escapes_its_literal_parts_for_the_daemons_regex() -> None:
    # the daemon turns `*` into `.*` and compiles the rest as a regex
    assert str(matches("n", "ab.c*")) == r"(n=ab\.c*)"
    assert str(matches("n", "a+b?*|x[1]{2}^$\\*")) == r"(n=a\+b\?*\|x\[1\]\{2\}\^\$\\*)"
    assert str(matches("n", "public-*-beta")) == "(n=public-*-beta)"


def test_a_pattern_without_wildcard_is_a_plain_equality() -> None:
    assert matches("n", "a.b") == eq("n", "a.b")


@pytest.mark.parametrize("pattern", ["*suffix", "*", "a(b*", "a*)"])
def test_patterns_the_daemon_would_misread_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError):
        matches("n", pattern)


def test_all_of_flattens_and_simplifies() -> None:
    inner = all_of(eq("a", 1), eq("b", 2))
    assert str(all_of(inner, eq("c", 3))) == "(&(a=1)(b=2)(c=3))"
    assert all_of(eq("a", 1)) == eq("a", 1)
    assert str(all_of()) == "()"
    assert str(AllOf(())) == "()"


def test_any_of_needs_an_item_and_flattens() -> None:
    with pytest.raises(ValueError):
        any_of()
    assert str(any_of(any_of(eq("a", 1), eq("b", 2)), eq("c", 3))) == "(|(a=1)(b=2)(c=3))"


def test_strings_cannot_be_mixed_into_expressions() -> None:
    with pytest.raises(TypeError):
        all_of(eq("a", 1), "(b=2)")  # type: ignore[arg-type]


def test_compare_validates_its_operator() -> None:
    with pytest.raises(ValueError):
        Compare("a", "~", "b")
