"""Publishing bytes or a file so that providers can download it with gftp.

    published = await publish(node, b"...")        # or a Path
    ... Deploy/Transfer with published.url ...
    await published.close()                        # or leave it to node.close()

The file is served by the requestor's own daemon, over its GSB router where
the node reaches it, else through the GSB API (golem_core.transfer._bus), so
no gftp binary is needed. It stays available, for any number of downloads,
until closed. A file published `for_activity` leaves its binding, once closed,
to the next file published for that activity (golem_core.transfer._slots).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from golem_core.events import FileTransferred
from golem_core.ids import ActivityId, AgreementId, NodeId
from golem_core.node import GolemNode
from golem_core.transfer._envelope import Failure, GsbCall, Outcome, Reply
from golem_core.transfer._gftp import PUBLISH_COMPONENTS, GftpUrl, Refuse, read_error
from golem_core.transfer._publication import Publication, SendChunk, SendMetadata
from golem_core.transfer._service import DEFAULT_TIMEOUT
from golem_core.transfer._slots import Slot, pool_for
from golem_core.transfer._storage import BytesSource, FileSource, Source

logger = logging.getLogger(__name__)

ForActivity = tuple[ActivityId, AgreementId]


class PublishedFile:
    """A file our node serves at `url` (`gftp://<our node id>/<name>`) until closed."""

    def __init__(
        self,
        node: GolemNode,
        slot: Slot,
        source: Source,
        for_activity: ForActivity | None,
    ) -> None:
        self.node = node
        self.name = slot.name
        self.size = source.size
        self.url = str(GftpUrl(node.node_id, slot.name))
        self._source = source
        self._publication = Publication(source.size, slot.max_chunk)
        self._for_activity = for_activity
        self._slot: Slot | None = slot
        self._closer = self.close  # one bound method, so remove_closer finds it

    def __repr__(self) -> str:
        state = "serving" if self.serving else "closed"
        return f"PublishedFile({self.url!r}, size={self.size}, {state})"

    @property
    def node_id(self) -> NodeId:
        return self.node.node_id

    @property
    def downloads(self) -> int:
        """Whole downloads served so far (every byte sent at least once per download)."""
        return self._publication.downloads

    @property
    def serving(self) -> bool:
        return self._slot is not None and self._slot.running

    async def close(self) -> None:
        """Stop serving; downloads still running fail. Closing twice is harmless."""
        self.node.remove_closer(self._closer)
        slot, self._slot = self._slot, None
        if slot is not None:
            activity_id = self._for_activity[0] if self._for_activity else None
            reusable = self._publication.settled
            await pool_for(self.node).release(slot, activity_id, reusable=reusable)
        self._source.close()

    async def __aenter__(self) -> PublishedFile:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def _on_call(self, call: GsbCall) -> Outcome:
        decision = self._publication.on_call(call.component, call.payload)
        if isinstance(decision, Refuse):
            # debug: a downloader that asks ahead is refused past a file's end as a matter of course
            logger.debug("%s: refused %s %r: %r", self.url, call.component, call.payload, decision)
            return Failure(decision.error)
        if isinstance(decision, SendMetadata):
            if decision.completes:
                self._downloaded()
            return Reply({"fileSize": decision.file_size})
        assert isinstance(decision, SendChunk)
        try:
            content = self._source.read(decision.offset, decision.length)
        except OSError as error:
            return Failure(read_error(f"cannot read {decision.length} bytes: {error}"))
        if decision.completes:
            self._downloaded()
        return Reply({"offset": decision.offset, "content": content})

    def _downloaded(self) -> None:
        activity_id, agreement_id = self._for_activity or (None, None)
        self.node.events.emit(
            FileTransferred(
                activity_id=activity_id,
                agreement_id=agreement_id,
                direction="upload",
                name=self.url,
                size=self.size,
            )
        )

    def _on_ended(self, reason: BaseException | None) -> None:
        if reason is not None:
            logger.warning("%s is no longer served: %s", self.url, reason)


async def publish(
    node: GolemNode,
    data: bytes | Path,
    *,
    for_activity: ForActivity | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> PublishedFile:
    """Serve `data` (bytes, or the file at a Path as it is now) under a fresh random name.

    Each whole download emits FileTransferred, naming `for_activity` when given."""
    source: Source = FileSource(data) if isinstance(data, Path) else BytesSource(data)
    activity_id = for_activity[0] if for_activity else None
    try:
        slot = await pool_for(node).acquire(PUBLISH_COMPONENTS, activity_id, timeout=timeout)
    except BaseException:
        source.close()
        raise
    published = PublishedFile(node, slot, source, for_activity)
    slot.attach(published._on_call, published._on_ended)
    node.add_closer(f"published file {published.url}", published._closer)
    return published


async def publish_bytes(
    node: GolemNode,
    data: bytes | bytearray | memoryview,
    *,
    for_activity: ForActivity | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> PublishedFile:
    return await publish(node, bytes(data), for_activity=for_activity, timeout=timeout)


async def publish_file(
    node: GolemNode,
    path: str | Path,
    *,
    for_activity: ForActivity | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> PublishedFile:
    return await publish(node, Path(path), for_activity=for_activity, timeout=timeout)


async def publish_json(
    node: GolemNode,
    value: Any,
    *,
    for_activity: ForActivity | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> PublishedFile:
    """Serve `value` as UTF-8 JSON."""
    data = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return await publish(node, data, for_activity=for_activity, timeout=timeout)
