"""yapapi's property models and helpers under golem_hl: reading offers, building demands."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime, timezone

import pytest

from golem_hl.event_dispatcher import AsyncEventDispatcher
from golem_hl.events import Event
from golem_hl.exceptions import ConstraintException, InvalidPropertiesError
from golem_hl.props import Activity, NodeInfo
from golem_hl.props.base import Model, constraint, prop
from golem_hl.props.builder import AutodecoratingModel, DemandBuilder
from golem_hl.props.com import ComLinear, PriceModel
from golem_hl.props.inf import InfBase
from golem_hl.utils import explode_dict, strtobool

OFFER = {
    "golem.node.id.name": "provider-1",
    "golem.runtime.name": "vm",
    "golem.inf.mem.gib": 4.0,
    "golem.com.scheme": "payu",
    "golem.com.pricing.model": "linear",
    "golem.com.pricing.model.linear.coeffs": [0.1, 0.2, 0.5],
    "golem.com.usage.vector": ["golem.usage.duration_sec", "golem.usage.cpu_sec"],
    "golem.srv.comp.expiration": 1767225600000,
}


def test_models_read_only_their_own_keys_from_an_offer() -> None:
    assert NodeInfo.from_properties(OFFER) == NodeInfo(name="provider-1")
    assert InfBase.from_properties(OFFER).mem == 4.0
    expiration = Activity.from_properties(OFFER).expiration
    assert expiration == datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert NodeInfo.property_keys().subnet_tag == "golem.node.debug.subnet"


def test_a_missing_required_key_is_named_in_the_error() -> None:
    with pytest.raises(InvalidPropertiesError, match="mem"):
        InfBase.from_properties({"golem.runtime.name": "vm"})


def test_linear_prices_read_as_floats_and_cost_computed_with_the_fixed_price() -> None:
    com = ComLinear.from_properties(OFFER)
    assert com.price_model is PriceModel.LINEAR
    assert com.fixed_price == 0.5
    assert com.price_for == {"golem.usage.duration_sec": 0.1, "golem.usage.cpu_sec": 0.2}
    assert com.calculate_cost([10, 5]) == pytest.approx(2.5)
    with pytest.raises(InvalidPropertiesError, match="coefficients"):
        ComLinear.from_properties({**OFFER, "golem.com.pricing.model.linear.coeffs": [0.1]})


def test_a_plain_model_adds_its_properties_and_none_values_are_left_out() -> None:
    @dataclasses.dataclass
    class Foo(Model):
        bar: int = prop("bar", default=100)
        baz: str | None = prop("baz", default=None)
        limit: int = constraint("lim", "<=", default=3)

    builder = DemandBuilder()
    builder.add(Foo(bar=42))
    assert builder.properties == {"bar": 42}
    assert builder.constraints == "()"


def test_helpers_explode_dotted_keys_and_read_truth_words() -> None:
    assert explode_dict(
        {
            "a.b": 1,
            "a.c": {"kept.as.is": 2},
            "a.c.more": [3],
            "list.0.x": 4,
            "list.1": "y",
            "g": 5,
        }
    ) == {
        "a": {"b": 1, "c": {"kept.as.is": 2, "more": [3]}},
        "list": [{"x": 4}, "y"],
        "g": 5,
    }
    assert (strtobool("Yes"), strtobool("off")) == (1, 0)
    with pytest.raises(ValueError, match="maybe"):
        strtobool("maybe")


def test_dispatcher_hands_each_consumer_only_its_event_classes_in_order() -> None:
    class Mine(Event):
        pass

    async def run() -> tuple[list[Event], list[Event]]:
        everything: list[Event] = []
        mine: list[Event] = []
        dispatcher = AsyncEventDispatcher()
        dispatcher.add_event_consumer(everything.append, {Event}, start_consumer=True)
        dispatcher.add_event_consumer(mine.append, {Mine}, start_consumer=False)
        dispatcher.start()
        events = [Event(), Mine(), Event()]
        for event in events:
            dispatcher.emit(event)
        await dispatcher.stop()
        return everything, mine

    everything, mine = asyncio.run(run())
    assert len(everything) == 3 and len(mine) == 1 and isinstance(mine[0], Mine)


def test_a_constraint_that_does_not_parse_is_refused_when_added() -> None:
    builder = DemandBuilder()
    builder.ensure("(golem.inf.mem.gib>=1)")
    with pytest.raises(ConstraintException, match=r"ends too early.*'\)' closing the comparison"):
        builder.ensure("(golem.inf.mem.gib>=2")
    with pytest.raises(ConstraintException, match="character 0"):
        builder.ensure("golem.runtime.name=vm")
    assert builder.constraints == "(golem.inf.mem.gib>=1)"  # the bad ones were not kept


@dataclasses.dataclass
class _Typo(AutodecoratingModel):
    # a constraint model field whose operator the daemon does not know
    cores: int = constraint("golem.inf.cpu.threads", operator="=>", default=2)  # type: ignore[arg-type]


async def test_a_model_constraint_that_does_not_parse_is_refused() -> None:
    demand = DemandBuilder()
    with pytest.raises(ConstraintException, match="a value, not another operator"):
        await demand.decorate(_Typo())
    assert demand.constraints == "()"
