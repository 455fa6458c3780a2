"""A constraint string is checked the way the daemon's resolver reads it, before it is sent."""

from __future__ import annotations

import pytest

from golem_core.market import (
    ConstraintSyntaxError,
    all_of,
    any_of,
    check_constraint_syntax,
    eq,
    ge,
    le,
    matches,
    not_,
    present,
)


@pytest.mark.parametrize(
    "text",
    [
        "()",
        "(golem.inf.mem.gib>=0.5)",
        "(golem.runtime.name=vm)",
        "(golem.srv.caps.multi-activity=true)",
        "(golem.node.debug.subnet=my subnet with spaces)",
        "(golem.inf.mem.gib=*)",
        "(&)",
        "(|)",
        "(!(a=1))",
        "(&(a<=1)(b<2)(c>3)(d>=4)(e=))",
        "  (&\n\t(golem.inf.mem.gib>=0.5)\n\t(|(a=1) (b=2)) )  ",
    ],
)
def test_what_the_daemon_parses_passes(text: str) -> None:
    assert check_constraint_syntax(text) == text


def test_every_constraint_golem_core_builds_passes() -> None:
    built = all_of(
        ge("golem.inf.mem.gib", 0.5),
        le("golem.inf.storage.gib", 10),
        any_of(eq("golem.runtime.name", "vm"), matches("golem.node.id.name", "prov*")),
        not_(present("golem.x")),
        eq("golem.com.payment.platform.erc20-holesky-tglm.address", "0xabc"),
    )
    check_constraint_syntax(str(built))


@pytest.mark.parametrize(
    ("text", "position", "expected"),
    [
        ("golem.inf.mem.gib>=1", 0, "'(' opening a filter"),
        ("(golem.inf.mem.gib>=1", 21, "the ')' closing the comparison"),
        ("(&(a=1)(b=2)", 12, "'(' or the ')' closing the '&' group"),
        ("(golem.inf.mem.gib~1)", 18, "one of = < <= > >="),
        ("(golem.inf.mem.gib)", 18, "one of = < <= > >="),
        ("(a=>1)", 3, "a value, not another operator"),
        ("(=1)", 1, "a property name or & | !"),
        ("(!(a=1)(b=2))", 7, "the ')' closing the '!' (it takes one filter)"),
        ("(!)", 2, "'(' opening a filter"),
        ("(a=1)(b=2)", 5, "the end after the closing ')'"),
        ("(a=1))", 5, "the end after the closing ')'"),
        ("", 0, "'(' opening a filter"),
    ],
)
def test_the_first_place_that_does_not_parse_is_named(
    text: str, position: int, expected: str
) -> None:
    with pytest.raises(ConstraintSyntaxError) as refused:
        check_constraint_syntax(text)
    assert (refused.value.position, refused.value.expected) == (position, expected)
    assert repr(text) in str(refused.value)
    assert isinstance(refused.value, ValueError)
