"""Checking a constraint string before it is published.

yagna 0.17.6 stores a demand's constraints as given and parses them only when
matching offers, so a typo there costs a silent empty market, not an error.
This reads the same filter syntax as the daemon's resolver (see
`golem_core.market.constraints`) and names the first place it does not parse.
It is stricter in three ways, all mistakes the daemon would swallow: text
after the closing parenthesis, property names that are not dotted words, and
a value starting with an operator (`=>` reads as `=` with the value `>2`).
"""

from __future__ import annotations

import re

__all__ = ["ConstraintSyntaxError", "check_constraint_syntax"]

_NAME = re.compile(r"[A-Za-z0-9_.\-?]+")
# longest first: `<=` must not be read as `<` with a value starting with `=`
_OPERATORS = ("<=", ">=", "=", "<", ">")


class ConstraintSyntaxError(ValueError):
    """A constraint string the market cannot use; says where and what was expected."""

    def __init__(self, text: str, position: int, expected: str) -> None:
        self.text = text
        self.position = position
        self.expected = expected
        super().__init__(
            f"constraint does not parse at character {position}: expected {expected}, "
            f"found {text[position : position + 12]!r} in {text!r}"
            if position < len(text)
            else f"constraint ends too early: expected {expected} in {text!r}"
        )


def check_constraint_syntax(text: str) -> str:
    """`text` itself when it is one well-formed filter, else ConstraintSyntaxError."""
    reader = _Reader(text)
    reader.filter()
    reader.skip_space()
    if reader.position != len(text):
        raise ConstraintSyntaxError(text, reader.position, "the end after the closing ')'")
    return text


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0

    def skip_space(self) -> None:
        while self.position < len(self.text) and self.text[self.position].isspace():
            self.position += 1

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.position] if self.position < len(self.text) else ""

    def expect(self, char: str, what: str) -> None:
        if self.peek() != char:
            raise ConstraintSyntaxError(self.text, self.position, what)
        self.position += 1

    def filter(self) -> None:
        self.expect("(", "'(' opening a filter")
        head = self.peek()
        if head == ")":  # `()`: always true
            self.position += 1
        elif head in ("&", "|"):
            self.position += 1
            while self.peek() == "(":
                self.filter()
            self.expect(")", f"'(' or the ')' closing the '{head}' group")
        elif head == "!":
            self.position += 1
            self.filter()
            self.expect(")", "the ')' closing the '!' (it takes one filter)")
        else:
            self.comparison()

    def comparison(self) -> None:
        name = _NAME.match(self.text, self.position)
        if name is None:
            raise ConstraintSyntaxError(self.text, self.position, "a property name or & | !")
        self.position = name.end()
        for operator in _OPERATORS:
            if self.text.startswith(operator, self.position):
                self.position += len(operator)
                break
        else:
            raise ConstraintSyntaxError(self.text, self.position, "one of = < <= > >=")
        if self.text[self.position : self.position + 1] in ("=", "<", ">", "~"):
            raise ConstraintSyntaxError(self.text, self.position, "a value, not another operator")
        closing = self.text.find(")", self.position)
        if closing < 0:
            raise ConstraintSyntaxError(self.text, len(self.text), "the ')' closing the comparison")
        self.position = closing + 1
