"""yapapi's module path for `ProviderFilter` (defined in `golem_hl.strategy.provider_filter`)."""

from golem_hl.strategy.provider_filter import IsAllowedType, ProviderFilter

__all__ = ["IsAllowedType", "ProviderFilter"]
