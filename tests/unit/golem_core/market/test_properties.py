"""Building a demand's properties and reading an offer's pricing, with plain values."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import attrs
import pytest

from golem_core.exceptions import RemoteProtocolError
from golem_core.market.constraints import Constraint, ge, present
from golem_core.market.properties import (
    DemandBuilder,
    LinearPricing,
    PropertyValue,
    expiration_ms,
    linear_pricing,
    normalize_value,
    payment_address,
    seconds_property,
    stored_properties,
)

PLATFORM = "erc20-holesky-tglm"
ADDRESS = "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


@attrs.frozen
class TinyPayload:
    """What golem_hl's VM payload looks like to the builder."""

    def properties(self) -> dict[str, PropertyValue]:
        return {"golem.srv.comp.task_package": "hash:sha3:abc:http://127.0.0.1/img"}

    def constraints(self) -> Constraint:
        return ge("golem.inf.mem.gib", 0.5)


def test_a_full_demand() -> None:
    expires = datetime(2030, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc)
    spec = (
        DemandBuilder()
        .payload(TinyPayload())
        .payment(PLATFORM, ADDRESS)
        .expiration(expires)
        .subnet("public")
        .debit_note_accept_timeout(timedelta(minutes=4))
        .mid_agreement_payments(timedelta(minutes=2), timedelta(hours=1))
        .set("golem.srv.caps.multi-activity", True)
        .build()
    )
    assert spec.properties == {
        "golem.srv.comp.task_package": "hash:sha3:abc:http://127.0.0.1/img",
        "golem.com.payment.chosen-platform": PLATFORM,
        f"golem.com.payment.platform.{PLATFORM}.address": ADDRESS.lower(),
        "golem.srv.comp.expiration": 1893553445678,
        "golem.node.debug.subnet": "public",
        "golem.com.payment.debit-notes.accept-timeout?": 240,
        "golem.com.scheme.payu.debit-note.interval-sec?": 120,
        "golem.com.scheme.payu.payment-timeout-sec?": 3600,
        "golem.srv.caps.multi-activity": True,
    }
    assert spec.constraints == "(&(golem.inf.mem.gib>=0.5)(golem.node.debug.subnet=public))"


def test_an_empty_demand_matches_everything() -> None:
    spec = DemandBuilder().build()
    assert (dict(spec.properties), spec.constraints) == ({}, "()")


def test_one_constraint_stands_alone() -> None:
    assert DemandBuilder().require(present("a")).build().constraints == "(a=*)"


def test_the_built_spec_does_not_change_with_the_builder() -> None:
    builder = DemandBuilder().set("a", 1)
    spec = builder.build()
    builder.set("a", 2).set("b", 3)
    assert spec.properties == {"a": 1}


def test_expiration_is_milliseconds_since_the_epoch_in_any_zone() -> None:
    cest = timezone(timedelta(hours=2))
    assert expiration_ms(datetime(1970, 1, 1, 2, 0, 1, tzinfo=cest)) == 1000
    with pytest.raises(ValueError, match="aware"):
        expiration_ms(datetime(2030, 1, 1))


def test_durations_are_whole_seconds_rounded_up() -> None:
    assert seconds_property(timedelta(seconds=1.2)) == 2
    assert seconds_property(timedelta(minutes=2)) == 120
    with pytest.raises(ValueError):
        seconds_property(timedelta(0))


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (Decimal("3"), 3),
        (Decimal("0.25"), 0.25),
        ((1, Decimal("0.5")), [1, 0.5]),
        (True, True),
        ("x", "x"),
    ],
)
def test_values_are_normalized_for_json(value: object, wire: object) -> None:
    normalized = normalize_value(value)
    assert normalized == wire and type(normalized) is type(wire)


@pytest.mark.parametrize("value", [{"nested": 1}, None, datetime.now(timezone.utc)])
def test_values_json_cannot_carry_are_refused(value: object) -> None:
    with pytest.raises(TypeError):
        normalize_value(value)


@pytest.mark.parametrize("value", [float("nan"), Decimal("Infinity")])
def test_non_finite_numbers_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        normalize_value(value)


def test_flat_properties_are_stored_as_they_are() -> None:
    spec = DemandBuilder().subnet("t").payment(PLATFORM, ADDRESS).set("golem.x", 0.5).build()
    assert stored_properties(spec.properties) == spec.properties


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        # objects become dotted names; `@tag` is the value of its object's own name
        (
            {"golem": {"com": {"pricing": {"model": {"@tag": "linear", "linear": {"k": [1]}}}}}},
            {"golem.com.pricing.model": "linear", "golem.com.pricing.model.linear.k": [1]},
        ),
        ({"a.b": {"c": 1}, "d": {}}, {"a.b.c": 1, "d": {}}),
        ({}, {"": {}}),  # the daemon keeps even an empty object (under the empty name)
        # JSON gives lists back, and a float for an integer past 64 bits; lists stay unflattened
        ({"v": ("x", ("y",)), "w": [{"p": {"q": 1}}]}, {"v": ["x", ["y"]], "w": [{"p": {"q": 1}}]}),
        (
            {"top": 2**64 - 1, "big": 2**64, "low": -(2**63), "lower": -(2**63) - 1},
            {"top": 2**64 - 1, "big": 2.0**64, "low": -(2**63), "lower": -(2.0**63) - 1},
        ),
    ],
)
def test_properties_are_stored_as_the_daemon_keeps_them(
    sent: dict[str, object], stored: dict[str, object]
) -> None:
    kept = stored_properties(sent)
    assert kept == stored
    assert [type(v) for v in kept.values()] == [type(v) for v in stored.values()]


def test_bad_property_names_are_refused() -> None:
    with pytest.raises(ValueError):
        DemandBuilder().set("has space", 1)
    with pytest.raises(TypeError):
        DemandBuilder().require("(a=1)")  # type: ignore[arg-type]


OFFER = {
    "golem.com.pricing.model": "linear",
    "golem.com.pricing.model.linear.coeffs": [0.1, 0.0002, 0.5],
    "golem.com.usage.vector": ["golem.usage.duration_sec", "golem.usage.cpu_sec"],
    f"golem.com.payment.platform.{PLATFORM}.address": "0xabc",
}


def test_linear_pricing_is_read_as_exact_decimals() -> None:
    pricing = linear_pricing(OFFER)
    assert pricing == LinearPricing(
        usage_vector=("golem.usage.duration_sec", "golem.usage.cpu_sec"),
        coeffs=(Decimal("0.1"), Decimal("0.0002"), Decimal("0.5")),
    )
    assert pricing.fixed_price == Decimal("0.5")
    assert pricing.price_of("golem.usage.cpu_sec") == Decimal("0.0002")
    assert pricing.price_of("golem.usage.gib") is None
    usage = {"golem.usage.duration_sec": Decimal(10), "golem.usage.cpu_sec": Decimal(5)}
    assert pricing.cost(usage) == Decimal("1.5010")
    assert pricing.cost({}) == Decimal("0.5")


def test_a_missing_model_means_linear() -> None:
    offer = {k: v for k, v in OFFER.items() if k != "golem.com.pricing.model"}
    assert linear_pricing(offer).fixed_price == Decimal("0.5")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"golem.com.pricing.model": "fixed"}, "unsupported pricing model"),
        ({"golem.com.pricing.model.linear.coeffs": None}, "non-empty list"),
        ({"golem.com.pricing.model.linear.coeffs": []}, "non-empty list"),
        ({"golem.com.pricing.model.linear.coeffs": [0.1, 0.2]}, "one coefficient per"),
        ({"golem.com.pricing.model.linear.coeffs": [0.1, "x", 0.5]}, "expected a number"),
        ({"golem.com.pricing.model.linear.coeffs": [0.1, True, 0.5]}, "expected a number"),
        ({"golem.com.pricing.model.linear.coeffs": [0.1, -1, 0.5]}, "negative"),
        ({"golem.com.pricing.model.linear.coeffs": [0.1, "NaN", 0.5]}, "finite"),
        ({"golem.com.usage.vector": "golem.usage.duration_sec"}, "list of names"),
        ({"golem.com.usage.vector": [1, 2]}, "list of names"),
    ],
)
def test_malformed_pricing_is_the_peers_fault(change: dict[str, object], message: str) -> None:
    with pytest.raises(RemoteProtocolError, match=message):
        linear_pricing({**OFFER, **change})


def test_payment_address_for_a_platform() -> None:
    assert payment_address(OFFER, PLATFORM) == "0xabc"
    assert payment_address(OFFER, "erc20-polygon-glm") is None
    assert payment_address({f"golem.com.payment.platform.{PLATFORM}.address": ""}, PLATFORM) is None
