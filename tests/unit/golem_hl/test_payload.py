"""Payload fields become demand properties and constraints; DemandBuilder collects them."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pytest

from golem_core.exceptions import GolemError
from golem_hl.exceptions import ConstraintException
from golem_hl.payload import (
    DemandBuilder,
    Package,
    Payload,
    constraint,
    join_constraints,
    prop,
)


@dataclass
class MyPayload(Payload):
    myprop: str = prop("golem.srv.app.myprop", default="myvalue")
    runtime: str = constraint("golem.runtime.name", default="my-runtime")
    min_mem_gib: float = constraint("golem.inf.mem.gib", operator=">=", default=16)
    min_storage_gib: float = constraint("golem.inf.storage.gib", operator=">=", default=1024)


async def test_dataclass_payload_decorates_a_demand_like_the_yapapi_example() -> None:
    builder = DemandBuilder()
    await builder.decorate(MyPayload(myprop="othervalue", min_mem_gib=32))

    assert builder.properties == {"golem.srv.app.myprop": "othervalue"}
    assert builder.constraint_list == [
        "(&(golem.runtime.name=my-runtime)\n\t(golem.inf.mem.gib>=32)\n\t(golem.inf.storage.gib>=1024))"
    ]
    assert builder.constraints == builder.constraint_list[0]


class Color(enum.Enum):
    RED = "red"


NEW_YEAR = datetime(2024, 1, 1, tzinfo=timezone.utc)


# ruff cannot tell that prop()/constraint() return dataclass fields, as field() does
@dataclass
class Everything(Payload):
    name: str | None = prop("x.name", default=None)
    when: datetime = prop("x.when", default=NEW_YEAR)  # noqa: RUF009
    color: Color = prop("x.color", default="red")  # noqa: RUF009
    caps: list[str] = constraint("x.caps", default_factory=list)  # noqa: RUF009
    flag: bool = constraint("x.flag", default=True)
    limit: int = constraint("x.limit", "<=", 100)  # positional default, as yapapi allows


def test_property_values_are_converted_and_none_is_left_out() -> None:
    assert Everything().demand_properties() == {"x.when": 1704067200000, "x.color": "red"}
    assert Everything(name="n").demand_properties()["x.name"] == "n"
    assert Everything(color=Color.RED).demand_properties()["x.color"] == "red"


def test_list_constraint_requires_every_element_and_empty_list_adds_nothing() -> None:
    assert Everything().demand_constraints() == ["(x.flag=true)", "(x.limit<=100)"]
    assert Everything(caps=["vpn", "inet"], flag=False).demand_constraints() == [
        "(&(x.caps=vpn)\n\t(x.caps=inet))",
        "(x.flag=false)",
        "(x.limit<=100)",
    ]


async def test_payload_without_constraints_adds_no_constraint() -> None:
    @dataclass
    class OnlyProps(Payload):
        a: int = prop("a", default=1)
        plain: int = field(default=5)  # not a prop: ignored

    builder = DemandBuilder()
    await OnlyProps().decorate_demand(builder)
    assert builder.properties == {"a": 1}
    assert builder.constraint_list == []
    assert builder.constraints == "()"  # the market's "always true"


def test_join_constraints_rules() -> None:
    assert join_constraints([]) == "(&)"
    assert join_constraints(["(a=1)", ""]) == "(a=1)"
    assert join_constraints(["(a=1)", "(b=2)"], "|") == "(|(a=1)\n\t(b=2))"
    assert join_constraints(["(a=1)"], "!") == "(!(a=1))"
    with pytest.raises(ConstraintException) as caught:
        join_constraints(["(a=1)", "(b=2)"], "!")
    assert isinstance(caught.value, GolemError)


def test_builder_copy_is_independent() -> None:
    original = DemandBuilder({"k": {"nested": 1}}, ["(a=1)"])
    answer = original.copy()
    answer.properties["k"]["nested"] = 2
    answer.properties["new"] = True
    answer.ensure("(b=2)")
    answer.ensure("")

    assert original.properties == {"k": {"nested": 1}}
    assert original.constraint_list == ["(a=1)"]
    assert answer.constraints == "(&(a=1)\n\t(b=2))"
    assert repr(original) == "{'properties': {'k': {'nested': 1}}, 'constraints': ['(a=1)']}"


async def test_package_needs_resolve_url() -> None:
    with pytest.raises(TypeError):
        Package()  # type: ignore[abstract]

    @dataclass
    class Fixed(Package):
        url: str = prop("golem.srv.comp.task_package", default="hash:sha3:ab:http://x/i.gvmi")

        async def resolve_url(self) -> str:
            return self.url

    fixed = Fixed()
    assert await fixed.resolve_url() == "hash:sha3:ab:http://x/i.gvmi"
    assert fixed.demand_properties() == {"golem.srv.comp.task_package": fixed.url}
