"""yapapi's low-level VPN façade is not carried over: golem_core's networks (`golem_core.net`)
do this job; `golem_hl.network.Network` is the high-level one. The path exists so imports
succeed; its names are allow-listed in bench/conformance_allowlist.txt.
"""

__all__: list[str] = []
