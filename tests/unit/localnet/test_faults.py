"""Fault options of a provider: its own, and the exe-unit's passed through."""

from __future__ import annotations

from decimal import Decimal

import pytest

from golem_localnet.provider.faults import ProviderFaults
from golem_localnet.provider.offer import OfferSpec, offer_properties


def test_no_fault_is_an_honest_provider() -> None:
    assert ProviderFaults.parse([]) == ProviderFaults()
    honest = ProviderFaults()
    assert not honest.refuse_negotiation and honest.send_invoices and not honest.exeunit


def test_provider_faults_with_defaults_and_values() -> None:
    faults = ProviderFaults.parse(
        [
            "refuse-negotiation",
            "terminate-after-approval",
            "terminate-during-activity",
            "overcharge=2.5",
            "no-invoice",
        ]
    )
    assert faults == ProviderFaults(
        refuse_negotiation=True,
        terminate_after_approval=True,
        terminate_during_activity_s=Decimal(1),
        overcharge_factor=Decimal("2.5"),
        send_invoices=False,
    )
    assert ProviderFaults.parse(["overcharge"]).overcharge_factor == 2
    assert ProviderFaults.parse(["terminate-during-activity=4"]).terminate_during_activity_s == 4


def test_exe_unit_faults_are_passed_through() -> None:
    faults = ProviderFaults.parse(["die-during-batch=2", "hang-command", "exit-nonzero"])
    assert faults.exeunit == ("die-during-batch=2", "hang-command", "exit-nonzero")
    assert faults.send_invoices


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("explode", "unknown fault 'explode'"),
        ("refuse-negotiation=1", "takes no value"),
        ("overcharge=lots", "not a number"),
        ("overcharge=-1", ">= 0"),
        ("hang-command=3", "takes no value"),
    ],
)
def test_bad_faults_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ProviderFaults.parse([text])


def test_a_provider_without_pricing_hides_its_price_list_only() -> None:
    full = offer_properties(OfferSpec(name="p", node_id="0x" + "1" * 40, subnet="s"))
    faults = ProviderFaults.parse(["no-pricing"])
    assert faults.no_pricing and not ProviderFaults().no_pricing
    shown = faults.offered(full)
    assert set(full) - set(shown) == {
        "golem.com.pricing.model.linear.coeffs",
        "golem.com.usage.vector",
    }
    assert shown["golem.com.pricing.model"] == "linear"
    assert ProviderFaults().offered(full) == full


def test_short_usage_is_a_provider_fault() -> None:
    assert ProviderFaults.parse(["short-usage"]).short_usage
    assert not ProviderFaults().short_usage
