"""golem_core snapshots as the records events carry, and our demand as a MarketSpec. No I/O."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from golem_core.market.data import AgreementData, ProposalData, ProposalState
from golem_core.market.properties import MarketSpec, PropertyValue, normalize_value
from golem_hl.payload import DemandBuilder
from golem_hl.records import AgreementInfo, ProposalInfo

__all__ = ["agreement_info", "market_properties", "market_spec", "proposal_info"]


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


def market_properties(properties: Mapping[str, Any]) -> dict[str, PropertyValue]:
    """Property values as the market's JSON carries them (Decimals become numbers)."""
    return {key: normalize_value(value) for key, value in properties.items() if value is not None}


def market_spec(demand: DemandBuilder) -> MarketSpec:
    return MarketSpec(market_properties(demand.properties), demand.constraints)
