"""A provider agent in Python: offers, negotiation, activities served by our exe-unit, billing."""

from golem_localnet.provider.agent import AgentConfig, ProviderAgent
from golem_localnet.provider.faults import ProviderFaults
from golem_localnet.provider.history import AgentEvent, AgentEventKind, History
from golem_localnet.provider.offer import Hardware, OfferSpec, PaymentRanges, Prices, SecondsRange

__all__ = [
    "AgentConfig",
    "AgentEvent",
    "AgentEventKind",
    "Hardware",
    "History",
    "OfferSpec",
    "PaymentRanges",
    "Prices",
    "ProviderAgent",
    "ProviderFaults",
    "SecondsRange",
]
