"""yapapi's module path for `WrappingMarketStrategy` (defined in `golem_hl.strategy.base`)."""

from golem_hl.strategy.base import WrappingMarketStrategy

__all__ = ["WrappingMarketStrategy"]
