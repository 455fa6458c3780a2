"""`python -m golem_localnet up|status|down|serve` (see golem_localnet.cli)."""

import sys

from golem_localnet.cli import main

__all__ = []

sys.exit(main())
