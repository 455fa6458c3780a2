"""Fault options and the agreement's usage vector."""

from __future__ import annotations

import pytest

from golem_localnet.exeunit.config import Fault, FaultKind, Faults, parse_fault, usage_vector
from golem_localnet.exeunit.counters import CPU, DEFAULT_USAGE_VECTOR, DURATION


def test_faults() -> None:
    assert parse_fault("hang-command") == Fault(FaultKind.HANG_COMMAND)
    assert parse_fault("die-during-batch") == Fault(FaultKind.DIE_DURING_BATCH, 0.0)
    assert parse_fault("die-during-batch=3") == Fault(FaultKind.DIE_DURING_BATCH, 3.0)
    assert parse_fault("stop-usage-after=1.5") == Fault(FaultKind.STOP_USAGE_AFTER, 1.5)
    faults = Faults.parse(["exit-nonzero", "slow-init=2"])
    assert FaultKind.EXIT_NONZERO in faults and FaultKind.HANG_COMMAND not in faults
    assert faults.get(FaultKind.SLOW_INIT) == Fault(FaultKind.SLOW_INIT, 2.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("explode", "unknown fault"),
        ("hang-command=1", "takes no value"),
        ("slow-init", "needs a value"),
        ("slow-init=x", "not a number"),
        ("slow-init=-1", "must not be negative"),
    ],
)
def test_bad_faults(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_fault(text)


def test_usage_vector_from_flat_or_nested_offer_properties() -> None:
    vector = ["golem.usage.cpu_sec", "golem.usage.duration_sec", "golem.usage.gib"]
    flat = {"offer": {"properties": {"golem.com.usage.vector": vector}}}
    nested = {"offer": {"properties": {"golem": {"com": {"usage": {"vector": vector}}}}}}
    assert usage_vector(flat) == tuple(vector)
    assert usage_vector(nested) == tuple(vector)
    assert usage_vector(None) == DEFAULT_USAGE_VECTOR == (DURATION, CPU)
    assert usage_vector({"offer": {"properties": {}}}) == DEFAULT_USAGE_VECTOR
