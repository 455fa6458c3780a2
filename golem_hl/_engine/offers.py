"""Confirmed proposals waiting to become agreements, and why offers were turned down. No I/O.

The market keeps the provider's latest confirmed (Draft) proposal per provider
with its score; when a worker needs a provider, the best one not excluded
(busy, or failed earlier in the job) is taken. Every rejection has a reason,
counted, so that a job that confirms nothing can say why
(`NoProposalsConfirmed.rejection_reasons`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import Generic, TypeVar

import attrs

__all__ = ["OfferBuffer", "RejectionTally", "ScoredProposal"]

P = TypeVar("P")


@attrs.frozen
class ScoredProposal(Generic[P]):
    provider_id: str
    proposal: P
    score: float
    # arrival order, so equal scores go first come, first served
    sequence: int = 0


class OfferBuffer(Generic[P]):
    def __init__(self) -> None:
        self._by_provider: dict[str, ScoredProposal[P]] = {}
        self._arrivals = 0

    def __len__(self) -> int:
        return len(self._by_provider)

    def add(self, provider_id: str, proposal: P, score: float) -> ScoredProposal[P]:
        """Keep this proposal as the provider's current one (a newer one replaces it)."""
        self._arrivals += 1
        entry = ScoredProposal(provider_id, proposal, score, self._arrivals)
        self._by_provider[provider_id] = entry
        return entry

    def discard(self, provider_id: str) -> None:
        self._by_provider.pop(provider_id, None)

    def providers(self) -> frozenset[str]:
        return frozenset(self._by_provider)

    def best(self, exclude: Collection[str] = ()) -> ScoredProposal[P] | None:
        candidates = [e for p, e in self._by_provider.items() if p not in exclude]
        if not candidates:
            return None
        return max(candidates, key=lambda e: (e.score, -e.sequence))

    def pop_best(self, exclude: Collection[str] = ()) -> ScoredProposal[P] | None:
        """The highest-scored proposal of a provider not in `exclude`, removed from the buffer."""
        entry = self.best(exclude)
        if entry is not None:
            del self._by_provider[entry.provider_id]
        return entry


class RejectionTally:
    """How many offers were turned down for each reason (ours or the provider's)."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def add(self, reason: str) -> None:
        self._counts[reason] += 1

    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def __bool__(self) -> bool:
        return bool(self._counts)
