"""yapapi's invoice manager is engine-internal; golem_hl's engine checks and accepts debit notes
and invoices through golem_core's PaymentManager (`golem_hl._engine.payments`). This module
exists so that imports of the path succeed; its yapapi names are allow-listed in
bench/conformance_allowlist.txt.
"""

__all__: list[str] = []
