"""yapapi's low-level payment façade is not carried over: golem_core's allocations, debit
notes and invoices (`golem_core.payment`, Decimal amounts) do this job. The path exists so
imports succeed; its names are allow-listed in bench/conformance_allowlist.txt.
"""

__all__: list[str] = []
