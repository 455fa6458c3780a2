"""`python -m golem_localnet.gftp server` (also installed as the `gftp` command)."""

import sys

from golem_localnet.gftp.cli import main

__all__ = []

sys.exit(main())
