"""yapapi's retry helpers for its aiohttp clients are not carried over: golem_core gives every
call a deadline and raises typed errors (golem_core.exceptions), retrying where the protocol
allows. The path exists so imports succeed; its names are allow-listed.
"""

__all__: list[str] = []
