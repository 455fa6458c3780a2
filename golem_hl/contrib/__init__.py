"""Reusable pieces built on golem_hl, at yapapi's `yapapi.contrib` paths (proxies to services)."""

__all__: list[str] = []
