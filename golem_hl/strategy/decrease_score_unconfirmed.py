"""yapapi's module path for `DecreaseScoreForUnconfirmedAgreement`."""

from golem_hl.strategy.decrease_score import DecreaseScoreForUnconfirmedAgreement

__all__ = ["DecreaseScoreForUnconfirmedAgreement"]
