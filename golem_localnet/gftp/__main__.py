"""`python -m golem_localnet.gftp server` (also installed as the `golem-gftp` command)."""

import sys

from golem_localnet.gftp.cli import main

__all__ = []

sys.exit(main())
