"""Market strategies that are not part of the core API (yapapi's `yapapi.contrib.strategy`)."""

from golem_hl.contrib.strategy.provider_filter import ProviderFilter

__all__ = ["ProviderFilter"]
