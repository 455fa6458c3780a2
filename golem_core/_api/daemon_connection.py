"""One connection of the daemon transport, and the bound on how many are in use.

`Connection` is an asyncio protocol that keeps what arrived until it is read,
with a deadline on every wait done by a timer on the loop (asyncio.wait_for
would start a task per read). It receives into a buffer of its own (a
buffered protocol): asyncio's plain `recv(256 KiB)` made a new 256 KiB bytes
object per arrival, which the allocator maps, shrinks and unmaps (three system
calls and a page fault, at each of a task's two answers). `Slots` lets at most N requests hold a
connection at once, the others waiting in turn.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import socket
from typing import Any

from golem_core._quick_ack import quick_ack, tcp_socket_of

__all__ = ["READ_HIGH_WATER", "Connection", "Expired", "Slots", "wait_for"]

# Past this much unread response, the socket stops being read until the caller catches up.
READ_HIGH_WATER = 256 * 1024
# What one receive may take: the connection's own buffer (under the allocator's mmap threshold)
RECEIVE_SIZE = 64 * 1024


class Expired(Exception):
    """A wait ran out of its time (becomes httpx's timeout error for the phase)."""


def _expire(waiter: asyncio.Future[Any]) -> None:
    if not waiter.done():
        waiter.set_exception(Expired())


class Connection(asyncio.BufferedProtocol):
    """One TCP connection: what arrived, and a way to wait for more with a deadline."""

    def __init__(self, key: tuple[str, int]) -> None:
        self.key = key
        self.transport: asyncio.Transport | None = None
        self.idle_since = 0.0
        self.loop = asyncio.get_running_loop()
        self._received = bytearray()
        self._buffer = memoryview(bytearray(RECEIVE_SIZE))
        self._eof = False
        self._error: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._drained: asyncio.Future[None] | None = None
        self._paused_reading = False
        self._socket: socket.socket | None = None
        self._unacked = False  # data read that neither a quick ACK nor a write of ours ACKed
        # one timer for the reads' deadlines (see `read`)
        self._read_deadline = 0.0
        self._read_timer: asyncio.TimerHandle | None = None

    # --- asyncio's side -------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self._socket = tcp_socket_of(transport)

    def get_buffer(self, sizehint: int) -> memoryview:
        return self._buffer

    def buffer_updated(self, nbytes: int) -> None:
        self.data_received(self._buffer[:nbytes])

    def data_received(self, data: bytes | memoryview) -> None:
        self._received += data
        self._unacked = True
        if len(self._received) > READ_HIGH_WATER and self.transport is not None:
            self.transport.pause_reading()
            self._paused_reading = True
        self._wake()

    def eof_received(self) -> bool:
        self._eof = True
        self._wake()
        return False  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        self._eof = True
        if exc is not None:
            self._error = exc
        self._wake()
        self._wake_drained()

    def pause_writing(self) -> None:
        if self._drained is None and self.transport is not None:
            self._drained = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        self._wake_drained()

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _wake_drained(self) -> None:
        drained, self._drained = self._drained, None
        if drained is not None and not drained.done():
            drained.set_result(None)

    # --- ours -----------------------------------------------------------------------------

    @property
    def reusable(self) -> bool:
        """Still open, and nothing arrived while it was idle."""
        transport = self.transport
        return (
            transport is not None
            and not transport.is_closing()
            and not self._eof
            and not self._received
        )

    def close(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None
        if self.transport is not None:
            with contextlib.suppress(RuntimeError):  # its loop already closed
                self.transport.abort()

    async def write(self, data: bytes, timeout: float | None) -> None:
        drained = self.send(data)
        if drained is not None:
            await wait_for(drained, timeout)

    def send(self, data: bytes) -> asyncio.Future[None] | None:
        """`write` without its wait: what to wait for before writing more (None: nothing).

        (A small request is written whole at once: no coroutine for it.)"""
        transport = self.transport
        if transport is None or transport.is_closing():
            raise ConnectionResetError("connection closed")
        transport.write(data)
        self._unacked = False  # what we send carries the ACK
        return self._drained

    async def read(self, timeout: float | None) -> bytes:
        """What arrived since the last read, after waiting for something; b"" at the end.

        The deadline is kept by one timer that outlives the reads: it is moved
        only when a read's deadline comes sooner, and when it rings past the
        current read's deadline it is set again for that. A timer made and
        cancelled at every read left the loop's heap full of cancelled ones,
        each push and pop comparing them in Python.
        """
        if not self._received and not self._eof:
            if self._unacked:
                self._ack_now()
            loop = self.loop
            waiter = loop.create_future()
            self._waiter = waiter
            try:
                if timeout is not None:
                    deadline = self._read_deadline = loop.time() + timeout
                    timer = self._read_timer
                    if timer is None or timer.when() > deadline:
                        if timer is not None:
                            timer.cancel()
                        self._read_timer = loop.call_at(deadline, self._read_timer_rang)
                    await waiter
                else:
                    self._read_deadline = float("inf")
                    await waiter
            finally:
                self._waiter = None
        if self._received:
            data = bytes(self._received)
            self._received.clear()
            if self._paused_reading and self.transport is not None:
                self._paused_reading = False
                self.transport.resume_reading()
            return data
        if self._error is not None:
            raise self._error
        return b""

    def _ack_now(self) -> None:
        """ACK what was read, as the read waits for more of it.

        A daemon holds a small write back until its previous one is ACKed (see
        `golem_core._quick_ack`). Only a wait for more needs the ACK at once: an
        answer read whole in one piece (most are) is ACKed by the next request,
        or by the kernel's delayed ACK, with no setsockopt and no ACK segment of
        its own (two a task).
        """
        self._unacked = False
        if self._socket is not None:
            quick_ack(self._socket)

    def _read_timer_rang(self) -> None:
        self._read_timer = None
        waiter = self._waiter
        if waiter is None or waiter.done():
            return  # nobody reads now: the next read sets its own
        if self.loop.time() >= self._read_deadline:
            _expire(waiter)
        elif self._read_deadline != float("inf"):
            self._read_timer = self.loop.call_at(self._read_deadline, self._read_timer_rang)


class Slots:
    """At most `size` connections in use; callers past that wait in turn."""

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    def take_now(self) -> bool:
        """Take a slot if one is free and nobody waits for one (no coroutine, as most are)."""
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return True
        return False

    async def take(self, timeout: float | None) -> None:
        if self.take_now():
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await wait_for(waiter, timeout)
        except BaseException:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self.give_back()  # handed to us just as we gave up
            else:
                self._waiters.remove(waiter)
            raise

    def give_back(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # the slot passes straight to the waiter
                return
        self._free += 1


async def wait_for(future: asyncio.Future[None], timeout: float | None) -> None:
    """Wait for `future`; after `timeout` seconds it fails with Expired instead."""
    if timeout is None:
        await future
        return
    handle = asyncio.get_running_loop().call_later(timeout, _expire, future)
    try:
        await future
    finally:
        handle.cancel()
