"""`gftp server`: JSON-RPC requests from stdin carried out on the GSB router, replies to stdout.

Requests run concurrently, each in its own task, and each reply is written as
one line as soon as it is ready (clients match replies by id). The router is
connected on the first request that needs it, so `version` works without a
daemon. `shutdown` is answered, then everything still running is cancelled and
the process ends; at the end of input the requests still running finish first.
Either way every binding is removed before the process exits.

Start-up is kept short, as yapapi waits for the answer to `version` before it
does anything else: this module and the command line import only what
answering needs, and what serving files needs (the router client, golem_core)
is imported in the background as soon as the loop runs (`warm_up`).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from golem_localnet.gftp.rpc import (
    BadRequest,
    Close,
    Download,
    ErrorCode,
    FileLink,
    Method,
    Publish,
    Receive,
    Request,
    Result,
    RpcError,
    Shutdown,
    Status,
    Upload,
    Version,
    error_line,
    parse_line,
    result_line,
)

if TYPE_CHECKING:
    from golem_localnet.gftp.bus import ClosableBus
    from golem_localnet.gftp.files import ServedFiles

__all__ = [
    "MAX_LINE",
    "SERVING_MODULES",
    "VERSION",
    "Connect",
    "GftpServer",
    "serve_lines",
    "serve_stdio",
    "stdin_reader",
    "write_stdout",
]

log = logging.getLogger(__name__)

# The first word is what clients compare: yapapi uses `close` only from gftp 0.7.3 on, and
# we speak the gftp of yagna 0.17.6.
VERSION = "0.17.6 (golem-localnet gftp, Python)"
# Requests are one line each; publish with many paths makes long ones.
MAX_LINE = 16 * 1024 * 1024

Connect = Callable[[], Awaitable["ClosableBus"]]
# what serving files imports; slow to load (golem_core), so loaded off the critical path
SERVING_MODULES = (
    "golem_core.exceptions",
    "golem_localnet.gftp.bus",
    "golem_localnet.gftp.files",
    "golem_localnet.gftp.transfers",
    "golem_core.gsb.router",
)


def _import_serving_modules() -> None:
    for name in SERVING_MODULES:
        importlib.import_module(name)


class GftpServer:
    """Carries out gftp requests for one client."""

    def __init__(self, connect: Connect, *, timeout: float = 10.0) -> None:
        self._connect = connect
        self.timeout = timeout
        self._bus: ClosableBus | None = None
        self._files: ServedFiles | None = None
        self._lock = asyncio.Lock()
        self._loading: asyncio.Future[None] | None = None

    def warm_up(self) -> None:
        """Start importing what serving files needs, in a thread, while the loop answers."""
        if self._loading is None:
            self._loading = asyncio.ensure_future(asyncio.to_thread(_import_serving_modules))

    async def loaded(self) -> None:
        """Returns once the serving modules are imported. Nothing else imports them while
        the thread does: two threads importing one package at once can see it half-made."""
        self.warm_up()
        assert self._loading is not None
        await asyncio.shield(self._loading)

    async def files(self) -> ServedFiles:
        from golem_localnet.gftp.bus import own_node_id
        from golem_localnet.gftp.files import ServedFiles

        async with self._lock:
            if self._files is None:
                bus = await self._connect()
                try:
                    node_id = await own_node_id(bus, self.timeout)
                except BaseException:
                    await bus.aclose()
                    raise
                self._bus = bus
                self._files = ServedFiles(bus, node_id, timeout=self.timeout)
            return self._files

    async def handle(self, method: Method) -> Result:
        """The result of one request; RpcError when it cannot be carried out."""
        if isinstance(method, Version):
            return VERSION
        if isinstance(method, Shutdown):
            return Status.OK
        await self.loaded()
        from golem_core.exceptions import GolemError
        from golem_core.gsb.calls import GsbError
        from golem_localnet.gftp.bus import GftpError

        try:
            return await self._carry_out(method)
        except (GftpError, GsbError, GolemError, OSError) as error:
            raise RpcError(ErrorCode.SERVER_ERROR, str(error) or repr(error)) from error

    async def _carry_out(self, method: Method) -> Result:
        from golem_localnet.gftp.transfers import download, net_address, upload

        files = await self.files()
        if isinstance(method, Publish):
            if not method.files:
                raise RpcError(ErrorCode.SERVER_ERROR, "Empty file list provided.")
            return [FileLink(f, await files.publish(Path(f))) for f in method.files]
        if isinstance(method, Close):
            if not method.urls:
                raise RpcError(ErrorCode.INVALID_REQUEST, "Empty URL list provided.")
            return [Status.OK if await files.close(url) else Status.ERROR for url in method.urls]
        if isinstance(method, Receive):
            return FileLink(method.output_file, await files.receive(Path(method.output_file)))
        if isinstance(method, Download):
            await download(files.bus, net_address(method.url), Path(method.output_file))
            return FileLink(method.output_file, method.url)
        assert isinstance(method, Upload)
        await upload(files.bus, Path(method.file), net_address(method.url))
        return FileLink(method.file, method.url)

    async def aclose(self) -> None:
        """Unbind everything and leave the router (after the imports, if any, are done)."""
        if self._loading is not None:
            await asyncio.gather(self._loading, return_exceptions=True)
        if self._files is not None:
            await self._files.aclose()
        if self._bus is not None:
            await self._bus.aclose()


async def serve_lines(
    server: GftpServer, reader: asyncio.StreamReader, write: Callable[[str], None]
) -> None:
    """Answer every request line from `reader` with `write(reply line)` until shutdown or EOF."""
    running: set[asyncio.Task[None]] = set()
    stop = asyncio.Event()

    def answer(line: str) -> None:
        try:
            write(line)
        except OSError as error:  # nobody reads our replies any more
            log.warning("cannot write a reply: %s", error)
            stop.set()

    async def run(request: Request) -> None:
        try:
            line = result_line(request.id, await server.handle(request.method))
        except RpcError as error:
            line = error_line(request.id, error)
        except Exception as error:
            log.exception("request %r failed", request.id)
            line = error_line(request.id, RpcError(ErrorCode.INTERNAL_ERROR, repr(error)))
        answer(line)
        if isinstance(request.method, Shutdown):
            stop.set()

    stopped = asyncio.create_task(stop.wait())
    try:
        while not stop.is_set():
            reading = asyncio.ensure_future(reader.readline())
            await asyncio.wait({reading, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if not reading.done():
                reading.cancel()
                break
            try:
                raw = reading.result()
            except ValueError:  # longer than MAX_LINE: the rest of the line is lost too
                answer(error_line(None, RpcError(ErrorCode.PARSE_ERROR, "request too long")))
                break
            if not raw:
                # end of input: let what runs finish (a `download` piped in, say)
                await asyncio.gather(*running, return_exceptions=True)
                break
            parsed = parse_line(raw.decode("utf-8", errors="replace"))
            if parsed is None:
                continue
            if isinstance(parsed, BadRequest):
                answer(error_line(parsed.id, parsed.error))
                continue
            task = asyncio.create_task(run(parsed), name=f"gftp {type(parsed.method).__name__}")
            running.add(task)
            task.add_done_callback(running.discard)
    finally:
        stopped.cancel()
        for task in running:
            task.cancel()
        await asyncio.gather(*running, stopped, return_exceptions=True)
        await server.aclose()


async def stdin_reader() -> asyncio.StreamReader:
    """A StreamReader on our stdin (a pipe or a terminal, or a regular file read at once)."""
    reader = asyncio.StreamReader(limit=MAX_LINE)
    loop = asyncio.get_running_loop()
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    except ValueError:  # a regular file cannot be watched, but reading it never blocks
        reader.feed_data(sys.stdin.buffer.read())
        reader.feed_eof()
    return reader


def write_stdout(line: str) -> None:
    sys.stdout.buffer.write(line.encode("utf-8"))
    sys.stdout.buffer.flush()


async def serve_stdio(connect: Connect) -> None:
    """The `gftp server` process: stdin in, stdout out."""
    server = GftpServer(connect)
    reader = await stdin_reader()
    server.warm_up()
    await serve_lines(server, reader, write_stdout)
