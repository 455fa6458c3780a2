"""How many instances run_service / spawn_instances start, with which params and addresses."""

from __future__ import annotations

import pytest

from golem_hl.services._plan import InstanceSpec, plan_instances


def test_one_instance_by_default() -> None:
    assert plan_instances(None, None, None, has_network=False) == [InstanceSpec({})]


def test_num_instances_alone() -> None:
    assert plan_instances(3, None, None, has_network=False) == [InstanceSpec({})] * 3


def test_instance_params_alone_give_the_count() -> None:
    params = ({"name": n} for n in "ab")  # any iterable, consumed once
    assert plan_instances(None, params, None, has_network=False) == [
        InstanceSpec({"name": "a"}),
        InstanceSpec({"name": "b"}),
    ]


def test_num_instances_wins_over_more_params() -> None:
    specs = plan_instances(1, [{"x": 1}, {"x": 2}], None, has_network=False)
    assert specs == [InstanceSpec({"x": 1})]


def test_too_few_params_for_num_instances_is_an_error() -> None:
    with pytest.raises(ValueError, match="3 instances need as many instance_params, got 2"):
        plan_instances(3, [{}, {}], None, has_network=False)


@pytest.mark.parametrize("count", [0, -1])
def test_fewer_than_one_instance_means_none(count: int) -> None:
    assert plan_instances(count, [{"x": 1}], None, has_network=False) == []


def test_addresses_go_in_order_and_the_rest_are_chosen_later() -> None:
    specs = plan_instances(3, None, ["10.0.0.7", "10.0.0.9"], has_network=True)
    assert [s.address for s in specs] == ["10.0.0.7", "10.0.0.9", None]
    assert [s.address for s in plan_instances(1, None, ["10.0.0.7", "x"], has_network=True)] == [
        "10.0.0.7"
    ]


def test_addresses_without_a_network_are_refused() -> None:
    with pytest.raises(ValueError, match="need a network"):
        plan_instances(1, None, ["10.0.0.7"], has_network=False)
    # an empty list asks for nothing
    assert plan_instances(1, None, [], has_network=False) == [InstanceSpec({})]


def test_params_are_copied() -> None:
    params = {"x": 1}
    (spec,) = plan_instances(None, [params], None, has_network=False)
    params["x"] = 2
    assert spec.params == {"x": 1}
