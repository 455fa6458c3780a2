"""Receiving a file that a provider uploads with gftp.

    incoming = await receive(node, limit_bytes=10_000_000, expected_sha3=...)
    ... Transfer command to incoming.url ...
    data = await incoming.result(timeout=60)      # bytes, or the Path given as `to`
    await incoming.close()                        # or leave it to node.close()

Uploads beyond `limit_bytes` are refused and fail the result with
TransferLimitExceeded; a SHA3-256 that differs from the uploader's hash or
from `expected_sha3` fails it with ChecksumMismatch (the uploader gets gftp's
IntegrityError). The binding stays until closed: unbinding at once could beat
our answer to UploadFinished to the daemon and fail the uploader's call. A
target opened `for_activity` leaves its binding, once closed, to the next
target opened for that activity (golem_core.transfer._slots).
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

from golem_core.events import FileTransferred
from golem_core.node import GolemNode
from golem_core.transfer._envelope import Failure, GsbCall, Outcome, Reply
from golem_core.transfer._errors import TransferClosed, TransferError, TransferTimeoutError
from golem_core.transfer._gftp import RECEIVE_COMPONENTS, GftpUrl, Refuse
from golem_core.transfer._publish import ForActivity
from golem_core.transfer._reception import Accept, Reception, ReceptionState, Verify, Write
from golem_core.transfer._service import DEFAULT_TIMEOUT
from golem_core.transfer._slots import Slot, pool_for
from golem_core.transfer._storage import FileSink, MemorySink, Sink

logger = logging.getLogger(__name__)


class IncomingFile:
    """An upload target at `url`; `result()` waits for the upload to finish."""

    def __init__(
        self,
        node: GolemNode,
        slot: Slot,
        limit_bytes: int,
        expected_sha3: str | None,
        path: Path | None,
        for_activity: ForActivity | None,
    ) -> None:
        self.node = node
        self.name = slot.name
        self.url = str(GftpUrl(node.node_id, slot.name))
        self.limit_bytes = limit_bytes
        self.expected_sha3 = expected_sha3
        self.path = path
        self._reception = Reception(self.url, limit_bytes, expected_sha3)
        self._sink: Sink = FileSink(path) if path is not None else MemorySink()
        self._for_activity = for_activity
        self._result: asyncio.Future[bytes | Path] = asyncio.get_running_loop().create_future()
        # a failure nobody awaited is not worth a "never retrieved" warning
        self._result.add_done_callback(lambda f: f.cancelled() or f.exception())
        self._slot: Slot | None = slot
        self._accepted_sha3: str | None = None
        self._closer = self.close

    def __repr__(self) -> str:
        return f"IncomingFile({self.url!r}, {self._reception!r})"

    @property
    def done(self) -> bool:
        return self._result.done()

    @property
    def sha3(self) -> str | None:
        """The SHA3-256 of what was received, once accepted."""
        return self._accepted_sha3

    async def result(self, timeout: float | None = None) -> bytes | Path:
        """The received bytes (or the Path written), once the upload finished and checked out.

        Raises the TransferError that failed it, or TransferTimeoutError (the
        upload goes on: call again to keep waiting)."""
        try:
            return await asyncio.wait_for(asyncio.shield(self._result), timeout)
        except asyncio.TimeoutError:
            assert timeout is not None
            raise TransferTimeoutError(self.url, timeout) from None

    async def read_bytes(self, timeout: float | None = None) -> bytes:
        result = await self.result(timeout)
        return result.read_bytes() if isinstance(result, Path) else result

    async def read_json(self, timeout: float | None = None) -> Any:
        """The received bytes parsed as UTF-8 JSON (TransferError if they are not JSON)."""
        data = await self.read_bytes(timeout)
        try:
            return json.loads(data.decode("utf-8"))
        except ValueError as error:
            raise TransferError(f"{self.url}: received bytes are not JSON: {error}") from error

    async def close(self) -> None:
        """Stop accepting; an unfinished upload fails with TransferClosed. Idempotent."""
        self.node.remove_closer(self._closer)
        slot, self._slot = self._slot, None
        if slot is not None:
            activity_id = self._for_activity[0] if self._for_activity else None
            reusable = self._reception.state is ReceptionState.FINISHED
            await pool_for(self.node).release(slot, activity_id, reusable=reusable)
        self._settle(TransferClosed(f"{self.url}: closed before the upload finished"))
        self._sink.close()

    async def __aenter__(self) -> IncomingFile:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def _on_call(self, call: GsbCall) -> Outcome:
        decision = self._reception.on_call(call.component, call.payload)
        if isinstance(decision, Write):
            try:
                self._sink.write(decision.offset, decision.content)
            except OSError as error:
                return self._refuse(
                    self._reception.fail(TransferError(f"{self.url}: cannot store: {error}"))
                )
            return Reply(None)
        if isinstance(decision, Verify):
            concluded = self._reception.conclude(self._sink.sha3_256(decision.size))
            if isinstance(concluded, Accept):
                self._accept(concluded)
                return Reply(None)
            return self._refuse(concluded)
        return self._refuse(decision)

    def _refuse(self, refusal: Refuse) -> Outcome:
        if refusal.failure is not None:
            logger.warning("%s", refusal.failure)
            self._settle(refusal.failure)
        return Failure(refusal.error)

    def _accept(self, accepted: Accept) -> None:
        self._accepted_sha3 = accepted.sha3
        if isinstance(self._sink, MemorySink):
            result: bytes | Path = self._sink.content()
        else:
            assert self.path is not None
            self._sink.close()  # everything is written: the file is the caller's now
            result = self.path
        if not self._result.done():
            self._result.set_result(result)
        activity_id, agreement_id = self._for_activity or (None, None)
        self.node.events.emit(
            FileTransferred(
                activity_id=activity_id,
                agreement_id=agreement_id,
                direction="download",
                name=self.url,
                size=accepted.size,
            )
        )

    def _settle(self, failure: TransferError) -> None:
        if not self._result.done():
            self._result.set_exception(failure)

    def _on_ended(self, reason: BaseException | None) -> None:
        if reason is not None:
            self._settle(TransferClosed(f"{self.url}: stopped receiving: {reason}"))


async def receive(
    node: GolemNode,
    limit_bytes: int,
    expected_sha3: str | None = None,
    *,
    to: Path | None = None,
    for_activity: ForActivity | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> IncomingFile:
    """Open an upload target for at most `limit_bytes` bytes, kept in memory or written to `to`.

    A finished upload emits FileTransferred, naming `for_activity` when given."""
    activity_id = for_activity[0] if for_activity else None
    slot = await pool_for(node).acquire(RECEIVE_COMPONENTS, activity_id, timeout=timeout)
    try:
        incoming = IncomingFile(node, slot, limit_bytes, expected_sha3, to, for_activity)
    except BaseException:  # a bad limit, a path that cannot be written
        await pool_for(node).release(slot, activity_id)
        raise
    slot.attach(incoming._on_call, incoming._on_ended)
    node.add_closer(f"incoming file {incoming.url}", incoming._closer)
    return incoming


async def receive_bytes(
    node: GolemNode,
    limit_bytes: int,
    expected_sha3: str | None = None,
    *,
    for_activity: ForActivity | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> IncomingFile:
    """`receive` into memory: `read_bytes()` / `read_json()` give the content."""
    return await receive(
        node, limit_bytes, expected_sha3, for_activity=for_activity, timeout=timeout
    )


async def receive_file(
    node: GolemNode,
    path: str | Path,
    limit_bytes: int,
    expected_sha3: str | None = None,
    *,
    for_activity: ForActivity | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> IncomingFile:
    """`receive` into the file at `path` (created, or truncated, right away)."""
    return await receive(
        node,
        limit_bytes,
        expected_sha3,
        to=Path(path),
        for_activity=for_activity,
        timeout=timeout,
    )


async def receive_json(
    node: GolemNode,
    limit_bytes: int,
    expected_sha3: str | None = None,
    *,
    for_activity: ForActivity | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> IncomingFile:
    """`receive` for a JSON document: kept in memory; parse it with `read_json()`."""
    return await receive(
        node, limit_bytes, expected_sha3, for_activity=for_activity, timeout=timeout
    )
