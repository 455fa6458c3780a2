"""`python -m golem_core.cli` (also installed as the `golem-requestor` command)."""

import sys

from golem_core.cli.app import main

sys.exit(main())
