"""yapapi's agreement pool is engine-internal; golem_hl's engine keeps agreements in
`golem_hl._engine.agreements` (leases over golem_core agreements). This module exists so that
imports of the path succeed; its yapapi names are allow-listed in bench/conformance_allowlist.txt.
"""

__all__: list[str] = []
