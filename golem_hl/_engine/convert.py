"""golem_core snapshots as the records events carry, and our demand as a MarketSpec. No I/O."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from golem_core.market.data import AgreementData, ProposalData, ProposalState
from golem_core.market.properties import MarketSpec, PropertyValue, normalize_value
from golem_core.market.proposal import Proposal
from golem_hl.payload import DemandBuilder
from golem_hl.records import AgreementInfo, ProposalInfo

__all__ = [
    "agreement_info",
    "market_properties",
    "market_spec",
    "proposal_info",
    "proposed_agreement_info",
]


def proposal_info(data: ProposalData) -> ProposalInfo:
    return ProposalInfo(
        id=data.proposal_id,
        issuer=data.issuer_id,
        props=data.properties,
        is_draft=data.state is ProposalState.DRAFT,
    )


def agreement_info(data: AgreementData) -> AgreementInfo:
    return AgreementInfo.create(
        data.agreement_id,
        data.provider_id,
        data.offer.properties,
        data.demand.properties,
    )


def proposed_agreement_info(agreement_id: str, draft: Proposal) -> AgreementInfo | None:
    """The info of an agreement made from `draft`, as `agreement_info` of the daemon's record.

    The daemon makes the agreement of the two proposals we hold: the provider's
    Draft (its offer) and ours the Draft answers (its demand). None when we do
    not know ours (the demand did not send it): then only the daemon can tell.
    """
    if draft.answers is None:
        return None
    return AgreementInfo.create(
        agreement_id, draft.issuer_id, draft.properties, draft.answers.properties
    )


def market_properties(properties: Mapping[str, Any]) -> dict[str, PropertyValue]:
    """Property values as the market's JSON carries them (Decimals become numbers)."""
    return {key: normalize_value(value) for key, value in properties.items() if value is not None}


def market_spec(demand: DemandBuilder) -> MarketSpec:
    return MarketSpec(market_properties(demand.properties), demand.constraints)
