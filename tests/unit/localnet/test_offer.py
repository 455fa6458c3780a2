"""The offer a provider publishes: a VM provider's properties, priced as golem_core reads them."""

from __future__ import annotations

from decimal import Decimal

from golem_core.market.properties import linear_pricing
from golem_core.payment.pricing import LinearPricing
from golem_localnet.provider.offer import (
    Hardware,
    OfferSpec,
    Prices,
    offer_constraint,
    offer_properties,
)

NODE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
SPEC = OfferSpec(
    node_id=NODE,
    name="provider-0",
    subnet="local",
    hardware=Hardware(cpu_threads=4, cpu_cores=2, mem_gib=8.0, storage_gib=40.0),
    prices=Prices(cpu_sec=Decimal("0.3"), duration_sec=Decimal("0.1"), start=Decimal("2")),
)


def test_offer_looks_like_a_vm_provider() -> None:
    props = offer_properties(SPEC)
    assert props["golem.runtime.name"] == "vm"
    assert props["golem.inf.cpu.threads"] == 4
    assert props["golem.inf.cpu.cores"] == 2
    assert props["golem.inf.mem.gib"] == 8
    assert props["golem.inf.storage.gib"] == 40
    assert props["golem.node.id.name"] == "provider-0"
    assert props["golem.node.debug.subnet"] == "local"
    assert props["golem.srv.caps.multi-activity"] is True
    assert props["golem.com.payment.platform.erc20-holesky-tglm.address"] == NODE
    assert props["golem.com.scheme"] == "payu"


def test_coefficients_follow_the_usage_vector_then_the_start_price() -> None:
    props = offer_properties(SPEC)
    assert props["golem.com.pricing.model"] == "linear"
    assert props["golem.com.usage.vector"] == ["golem.usage.cpu_sec", "golem.usage.duration_sec"]
    assert props["golem.com.pricing.model.linear.coeffs"] == [0.3, 0.1, 2]
    # both of golem_core's readers see the prices we meant, exactly
    pricing = LinearPricing.from_properties(props)
    assert pricing == SPEC.pricing
    assert pricing.cost([10, 100]) == Decimal("15")  # 2 + 0.3 * 10 + 0.1 * 100
    assert linear_pricing(props).coeffs == (Decimal("0.3"), Decimal("0.1"), Decimal("2"))


def test_payment_terms_are_offered_as_negotiable() -> None:
    props = offer_properties(SPEC)
    assert props["golem.com.scheme.payu.debit-note.interval-sec?"] == 120
    assert props["golem.com.scheme.payu.payment-timeout-sec?"] == 120
    assert props["golem.com.payment.debit-notes.accept-timeout?"] == 120  # yagna's defaults


def test_constraint_asks_for_a_demand_that_can_pay_us_in_our_subnet() -> None:
    assert str(offer_constraint(SPEC)) == (
        "(&(golem.node.debug.subnet=local)"
        "(golem.com.payment.platform.erc20-holesky-tglm.address=*))"
    )
    two = OfferSpec(node_id=NODE, name="p", subnet="s", platforms=("a-b-c", "d-e-f"))
    assert str(offer_constraint(two)) == (
        "(&(golem.node.debug.subnet=s)(|(golem.com.payment.platform.a-b-c.address=*)"
        "(golem.com.payment.platform.d-e-f.address=*)))"
    )
