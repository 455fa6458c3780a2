"""golem_hl: the high-level task and service API, with yapapi's names and meanings."""

__all__: list[str] = []
