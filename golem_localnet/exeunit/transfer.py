"""The Transfer command: copy between `gftp://`, `http(s)://` and `container:` locations.

URL rules of the real exe-unit (ya-transfer): a location without a scheme is a
container path; `container:/golem/...` must fall inside one of the activity's
volumes; `hash:<alg>:<hex>:<url>` makes the source's content be checked
(alg `sha3`, its variant chosen by the digest length). Schemes it does not know,
`file:` among them, are refused. Archive formats (`format`) are not supported
here. Error texts follow the real ones ("Local service error: Transfer error: ...").
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import attrs

from golem_core.gsb.calls import GsbError
from golem_core.gsb.router import GsbConnection
from golem_core.ids import NodeId
from golem_core.transfer._publication import MAX_CHUNK
from golem_localnet.exeunit.paths import ActivityDirs, PathError
from golem_localnet.exeunit.script import Transfer
from golem_localnet.gftp.bus import GftpError, gftp_address
from golem_localnet.gftp.transfers import download, upload

SCHEMES = ("container", "gftp", "http", "https")
# gftp chunks in flight each way, like the real exe-unit
GFTP_CONCURRENCY = 8
# Chunk sizes: each chunk is one call through both daemons, so the fewer the faster.
# Downloads ask 1 MiB at once, which a publisher on the daemon's GSB router answers
# (golem_core's and the gftp command's): one call per MB, not 16. A publisher behind
# yagna's GSB API can answer at most 64 KiB per WebSocket frame (actix's default limit,
# its envelope included) and refuses more; the file is then fetched again in the
# chunks golem_core's GSB API publisher answers. Uploads are not limited that way (the
# daemon's frames to golem_core take 16 MiB) and go as 1 MiB calls too.
GFTP_DOWNLOAD_CHUNK = 1024 * 1024
GFTP_FALLBACK_CHUNK = MAX_CHUNK
GFTP_UPLOAD_CHUNK = 1024 * 1024
# The first download chunk is asked alone: an answer shorter than asked is the whole file
# (gftp answers min(size, what is left)), so a file under 1 MiB is one call through both
# daemons, without GetMetadata; a longer one asks its size next.
GFTP_FIRST_ALONE = True
_SHA3 = {224: hashlib.sha3_224, 256: hashlib.sha3_256, 384: hashlib.sha3_384, 512: hashlib.sha3_512}


class TransferError(Exception):
    """A failed transfer; str() is the command's error message."""

    def __init__(self, text: str) -> None:
        super().__init__(f"Local service error: Transfer error: {text}")


@attrs.frozen
class Location:
    scheme: str
    host: str  # gftp: the publisher's node id; http: host[:port]; container: ""
    path: str  # gftp: the file name; container: the absolute container path
    url: str  # as given, without a hash prefix
    hash: tuple[str, str] | None = None  # (alg, lowercase hex)


def parse_location(text: str) -> Location:
    """Split a transfer URL; raises TransferError like ya-transfer's URL checks."""
    text = text.strip()
    if not text:
        raise TransferError("Invalid url: Empty URL")
    hash_: tuple[str, str] | None = None
    if text.lower().startswith("hash:"):
        parts = text[5:].removeprefix("//").split(":", 2)
        if len(parts) != 3 or not parts[0] or not parts[2]:
            raise TransferError(f"Invalid url: {text}")
        alg, value, text = parts
        value = value.lower().removeprefix("0x")
        if not value or any(c not in "0123456789abcdef" for c in value):
            raise TransferError(f"Invalid url: {text}")
        hash_ = (alg.lower(), value)
    split = urlsplit(text)
    scheme = split.scheme.lower() if split.scheme else "container"
    if scheme not in SCHEMES:
        raise TransferError(f"Unsupported scheme: {scheme}")
    if scheme == "container":
        path = unquote(split.path if split.scheme else text)
        return Location("container", "", path, text, hash_)
    if not split.netloc:
        raise TransferError(f"Invalid url: {text}")
    if scheme == "gftp":
        name = unquote(split.path).lstrip("/")
        if not split.hostname or not name:
            raise TransferError("Invalid url: Invalid gftp URL")
        return Location(scheme, split.hostname.lower(), name, text, hash_)
    return Location(scheme, split.netloc, split.path, text, hash_)


def check_hash(path: Path, expected: tuple[str, str]) -> None:
    alg, value = expected
    bits = len(value) * 4
    if alg != "sha3" or bits not in _SHA3:
        raise TransferError(f"Unsupported digest: {alg}")
    digest = _SHA3[bits]()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    if digest.hexdigest() != value:
        raise TransferError(
            "Incorrect hash provided or downloaded image is corrupted: calculated hash "
            f"{digest.hexdigest()} differs from the expected one {value}"
        )


class Transfers:
    """Carries out Transfer commands for one activity."""

    def __init__(
        self, bus: GsbConnection, dirs: ActivityDirs, *, net_prefix: str, timeout: float
    ) -> None:
        self._bus = bus
        self._dirs = dirs
        self._net_prefix = net_prefix
        self._timeout = timeout

    async def run(self, command: Transfer) -> None:
        if command.format is not None:
            raise TransferError(f"Invalid output format: {command.format} (archives unsupported)")
        source = parse_location(command.from_)
        target = parse_location(command.to)
        try:
            await self._copy(source, target)
        except TransferError:
            raise
        except PathError as exc:
            raise TransferError(f"IO error: {exc}") from exc
        except GftpError as exc:
            raise TransferError(f"gftp error: {exc}") from exc
        except GsbError as exc:
            raise TransferError(f"GSB error: {exc}") from exc
        except OSError as exc:
            raise TransferError(f"IO error: {exc}") from exc

    async def _copy(self, source: Location, target: Location) -> None:
        target_path = self._dirs.resolve(target.path) if target.scheme == "container" else None
        if source.scheme == "container":
            local = self._dirs.resolve(source.path)
            if not local.is_file():
                raise TransferError(f"IO error: No such file: {source.path}")
            await self._deliver(local, source, target, target_path)
            return
        if target_path is not None:
            await self._fetch(source, target_path)
            await self._deliver(target_path, source, target, target_path)
            return
        with tempfile.TemporaryDirectory(prefix="golem-transfer-") as tmp:
            staged = Path(tmp) / "data"
            await self._fetch(source, staged)
            await self._deliver(staged, source, target, None)

    async def _deliver(
        self, local: Path, source: Location, target: Location, target_path: Path | None
    ) -> None:
        if source.hash is not None:
            check_hash(local, source.hash)
        if target_path is not None:
            if local != target_path:
                target_path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(local, target_path)
        elif target.scheme == "gftp":
            address = self._gftp_address(target)
            await upload(
                self._bus,
                local,
                address,
                chunk_size=GFTP_UPLOAD_CHUNK,
                concurrency=GFTP_CONCURRENCY,
                timeout=self._timeout,
            )
        else:
            await self._http_put(local, target.url)

    async def _fetch(self, source: Location, path: Path) -> None:
        fetchers: dict[str, Callable[[Location, Path], Awaitable[None]]] = {
            "gftp": self._gftp_get,
            "http": self._http_get,
            "https": self._http_get,
        }
        await fetchers[source.scheme](source, path)

    def _gftp_address(self, location: Location) -> str:
        return gftp_address(self._net_prefix, NodeId(location.host), location.path)

    async def _gftp_get(self, source: Location, path: Path) -> None:
        address = self._gftp_address(source)
        await download(
            self._bus,
            address,
            path,
            chunk_size=GFTP_DOWNLOAD_CHUNK,
            concurrency=GFTP_CONCURRENCY,
            timeout=self._timeout,
            first_alone=GFTP_FIRST_ALONE,
            fallback_chunk=GFTP_FALLBACK_CHUNK,
        )

    # httpx is imported by the HTTP transfers alone: most activities never make one, and
    # loading it is a tenth of an exe-unit's start-up (one exe-unit starts per activity)

    async def _http_get(self, source: Location, path: Path) -> None:
        import httpx

        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            async with (
                httpx.AsyncClient(timeout=self._timeout) as client,
                client.stream("GET", source.url) as response,
            ):
                response.raise_for_status()
                f = await asyncio.to_thread(open, path, "wb")
                try:
                    async for block in response.aiter_bytes():
                        await asyncio.to_thread(f.write, block)
                finally:
                    f.close()
        except httpx.HTTPError as exc:
            raise TransferError(f"HTTP error: {exc}") from exc

    async def _http_put(self, local: Path, url: str) -> None:
        import httpx

        try:
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                content = await asyncio.to_thread(local.read_bytes)
                response = await client.put(url, content=content)
                response.raise_for_status()
        except httpx.HTTPError as exc:
            raise TransferError(f"HTTP error: {exc}") from exc
