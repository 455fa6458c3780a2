"""Post-generation hook: make openapi-python-client's output run on Python 3.10.

The pinned generator emits `enum.StrEnum` and `typing.Self`, both new in 3.11,
and parses timestamps with `datetime.fromisoformat`, which before 3.11 rejects
the `Z` suffix and the nanoseconds yagna sends; dateutil's `isoparse` takes both.
This library supports 3.10. The rewrite is mechanical and idempotent, so
regenerating still gives no diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

REWRITES = (
    ("from enum import StrEnum\n", "from enum import Enum\n"),
    ("(StrEnum):", "(str, Enum):"),
    (
        "from typing import Any, Self\n",
        "from typing import Any\n\nfrom typing_extensions import Self\n",
    ),
    ("datetime.datetime.fromisoformat(", "isoparse("),
)
# added after `import datetime` wherever a timestamp is parsed
ISOPARSE_IMPORT = "from dateutil.parser import isoparse\n"


def rewrite(root: Path) -> int:
    changed = 0
    for path in root.rglob("*.py"):
        text = original = path.read_text(encoding="utf-8")
        for old, new in REWRITES:
            text = text.replace(old, new)
        if "isoparse(" in text and ISOPARSE_IMPORT not in text:
            text = text.replace("import datetime\n", "import datetime\n" + ISOPARSE_IMPORT, 1)
        if text != original:
            path.write_text(text, encoding="utf-8")
            changed += 1
    return changed


if __name__ == "__main__":
    rewrite(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
