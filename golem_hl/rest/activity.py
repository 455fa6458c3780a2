"""yapapi's low-level activity façade is not carried over: golem_core's `Activity` and its
exescript batches (`golem_core.activity`) do this job with typed results. The path exists so
imports succeed; its names are allow-listed in bench/conformance_allowlist.txt.
"""

__all__: list[str] = []
