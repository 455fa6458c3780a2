"""The provider reads which activity a requestor's daemon refused an invoice for."""

from __future__ import annotations

from golem_localnet.provider.payments import unknown_activity

# what yagna 0.17.6's requestor answered (seen in a chaos run)
REFUSAL = (
    "send_invoice: HTTP 500: RPC error: Service error: External service error: Activity "
    "service error: Service error: DAO error: Not found: agreement id for activity: "
    "d06eb0034010445d8726d84342846b86"
)


def test_the_refused_activity_is_named() -> None:
    assert unknown_activity(REFUSAL) == "d06eb0034010445d8726d84342846b86"


def test_other_refusals_name_none() -> None:
    assert unknown_activity("send_invoice: HTTP 500: Service bus error: unavailable") is None
