"""`python -m golem_core.cli` (also installed as the `golem-requestor` command)."""

import sys

from golem_core.cli.app import main

if __name__ == "__main__":
    sys.exit(main())
