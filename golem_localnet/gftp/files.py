"""The files a gftp process serves on its node: published files and upload targets.

A published file is bound at `/public/gftp/<SHA3-256 of its content>` and answers
`GetMetadata` and `GetChunk`; publishing the same content again gives the same
URL and keeps the one binding (yapapi counts its publications itself and calls
`close` when the last one is released). An upload target is bound at
`/public/gftp/<65 random letters and digits>` and takes `UploadChunk` (written
at its offset) and `UploadFinished` (the SHA3-256 is checked; a mismatch is
gftp's `IntegrityError`). Both stay bound until closed, or until the process ends.

What to answer is decided by golem_core.transfer's `Publication` and
`Reception`, the same rules our requestor's own transfers follow; this module
only binds them on the GSB router and reads and writes the files.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import string
from pathlib import Path

import attrs

from golem_core.flexbuffers import CodecError, Flex, FlexValue, err, ok
from golem_core.gsb.calls import GsbError, IncomingCall
from golem_core.ids import NodeId
from golem_core.transfer import GftpUrl, TransferError, parse_gftp_url
from golem_core.transfer._gftp import Refuse, internal_error, read_error
from golem_core.transfer._publication import Publication, SendChunk, SendMetadata
from golem_core.transfer._reception import Accept, Reception, Verify, Write
from golem_core.transfer._storage import FileSink, FileSource
from golem_localnet.gftp.bus import Bus, GftpError, local_prefix

__all__ = [
    "MAX_CHUNK",
    "UNLIMITED_UPLOAD",
    "UPLOAD_NAME_LENGTH",
    "PublishedFile",
    "ServedFiles",
    "UploadTarget",
    "component_of",
    "hash_source",
    "payload_of",
    "upload_name",
]

log = logging.getLogger(__name__)

UPLOAD_NAME_LENGTH = 65
_UPLOAD_NAME_ALPHABET = string.ascii_letters + string.digits
# yagna's gftp sets no limit on what an uploader may send
UNLIMITED_UPLOAD = (1 << 63) - 1
# The raw router carries frames of up to 64 MiB, unlike the GSB API's 64 KiB
# WebSocket frames, so a chunk may be far larger than the 40 KiB exe-units ask for.
MAX_CHUNK = 16 * 1024 * 1024
_HASH_BLOCK = 1024 * 1024


def upload_name() -> str:
    """A fresh upload target name, unguessable as yagna's gftp makes them."""
    return "".join(secrets.choice(_UPLOAD_NAME_ALPHABET) for _ in range(UPLOAD_NAME_LENGTH))


def component_of(call: IncomingCall) -> str:
    """The message name of a call to a prefix we hold: `<prefix>/GetChunk` -> `GetChunk`."""
    return call.address[len(call.prefix) :].strip("/")


def payload_of(call: IncomingCall) -> dict[str, FlexValue]:
    """The message fields; a unit message (GetMetadata) comes as Null."""
    body = call.body
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise CodecError(f"a gftp message must be a map, got {type(body).__name__}")
    return body


def hash_source(source: FileSource) -> str:
    """SHA3-256 of a file being published, read through the handle that will serve it."""
    digest = hashlib.sha3_256()
    for offset in range(0, source.size, _HASH_BLOCK):
        digest.update(source.read(offset, min(_HASH_BLOCK, source.size - offset)))
    return digest.hexdigest()


@attrs.define
class PublishedFile:
    name: str
    path: Path
    source: FileSource
    publication: Publication

    async def on_call(self, call: IncomingCall) -> Flex:
        try:
            decision = self.publication.on_call(component_of(call), payload_of(call))
        except CodecError as error:
            return err(internal_error(f"unreadable {component_of(call)}: {error}"))
        if isinstance(decision, Refuse):
            log.info("%s: refused %s: %r", self.path, component_of(call), decision.error)
            return err(decision.error)
        if isinstance(decision, SendMetadata):
            return ok({"fileSize": decision.file_size})
        assert isinstance(decision, SendChunk)
        try:
            content = self.source.read(decision.offset, decision.length)
        except OSError as error:
            return err(read_error(f"cannot read {decision.length} bytes of {self.path}: {error}"))
        return ok({"offset": decision.offset, "content": content})

    def close(self) -> None:
        self.source.close()


@attrs.define
class UploadTarget:
    name: str
    path: Path
    sink: FileSink
    reception: Reception

    async def on_call(self, call: IncomingCall) -> Flex:
        component = component_of(call)
        try:
            payload = payload_of(call)
        except CodecError as error:
            return err(internal_error(f"unreadable {component}: {error}"))
        decision = self.reception.on_call(component, payload)
        if isinstance(decision, Write):
            try:
                self.sink.write(decision.offset, decision.content)
            except OSError as error:
                refusal = self.reception.fail(TransferError(f"cannot write {self.path}: {error}"))
                return err(refusal.error)
            return ok(None)
        if isinstance(decision, Verify):
            actual = await asyncio.to_thread(self.sink.sha3_256, decision.size)
            concluded = self.reception.conclude(actual)
            if isinstance(concluded, Accept):
                self.sink.close()  # all written: the file is the client's now
                log.info("%s: received %d bytes", self.path, concluded.size)
                return ok(None)
            decision = concluded
        log.info("%s: refused %s: %s", self.path, component, decision.failure or decision.error)
        return err(decision.error)

    def close(self) -> None:
        self.sink.close()


class ServedFiles:
    """Everything one gftp process serves through one router connection."""

    def __init__(self, bus: Bus, node_id: NodeId, *, timeout: float = 10.0) -> None:
        self.bus = bus
        self.node_id = node_id
        self.timeout = timeout
        self.published: dict[str, PublishedFile] = {}
        self.uploads: dict[str, UploadTarget] = {}

    def url(self, name: str) -> str:
        return str(GftpUrl(self.node_id, name))

    async def publish(self, path: Path) -> str:
        """Serve the file at `path` (as it is now) under its content hash; its URL."""
        try:
            source = await asyncio.to_thread(FileSource, path)
        except OSError as error:
            raise GftpError(f"cannot open {path}: {error}") from error
        try:
            name = await asyncio.to_thread(hash_source, source)
        except OSError as error:
            source.close()
            raise GftpError(f"cannot read {path}: {error}") from error
        if name in self.published:  # same content: one binding serves both
            source.close()
            return self.url(name)
        entry = PublishedFile(name, path, source, Publication(source.size, MAX_CHUNK))
        self.published[name] = entry  # before awaiting: a concurrent publish sees it
        try:
            await self.bus.register(local_prefix(name), entry.on_call, timeout=self.timeout)
        except BaseException:
            self.published.pop(name, None)
            entry.close()
            raise
        log.info("published %s as %s", path, self.url(name))
        return self.url(name)

    async def receive(self, path: Path) -> str:
        """Open an upload target writing to `path` (created or truncated now); its URL."""
        name = upload_name()
        try:
            sink = await asyncio.to_thread(FileSink, path)
        except OSError as error:
            raise GftpError(f"cannot create {path}: {error}") from error
        url = self.url(name)
        entry = UploadTarget(name, path, sink, Reception(url, UNLIMITED_UPLOAD))
        self.uploads[name] = entry
        try:
            await self.bus.register(local_prefix(name), entry.on_call, timeout=self.timeout)
        except BaseException:
            self.uploads.pop(name, None)
            entry.close()
            raise
        log.info("receiving %s at %s", path, url)
        return url

    async def close(self, url: str) -> bool:
        """Stop serving the file or target behind `url`; False if we serve no such name.

        Only the name counts, as in yagna's gftp: the node id in the URL is not checked."""
        try:
            name = parse_gftp_url(url).name
        except ValueError as error:
            raise GftpError(str(error)) from error
        entry: PublishedFile | UploadTarget | None = self.published.pop(name, None)
        if entry is None:
            entry = self.uploads.pop(name, None)
        if entry is None:
            return False
        try:
            await self.bus.unregister(local_prefix(name), timeout=self.timeout)
        finally:
            entry.close()
        return True

    async def aclose(self) -> None:
        """Unbind and close everything (errors are logged: the router may be gone)."""
        entries: list[PublishedFile | UploadTarget] = [
            *self.published.values(),
            *self.uploads.values(),
        ]
        self.published.clear()
        self.uploads.clear()
        for entry in entries:
            try:
                await self.bus.unregister(local_prefix(entry.name), timeout=self.timeout)
            except GsbError as error:
                log.debug("unbinding %s: %s", entry.name, error)
            entry.close()
