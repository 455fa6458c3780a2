"""yapapi's storage layer (`yapapi.storage`): the download limit apps pass to scripts.

yapapi moves files through a `gftp` or WebDAV storage provider; golem_hl (through golem_core)
serves files to exe-units over yagna's GSB API instead, so the provider classes have no
counterpart (see bench/conformance_allowlist.txt).
"""

from typing import Final

__all__ = ["DOWNLOAD_BYTES_LIMIT_DEFAULT"]

# the most `download_bytes`/`download_json` read unless told otherwise, as in yapapi
DOWNLOAD_BYTES_LIMIT_DEFAULT: Final = 1 * 1024 * 1024
