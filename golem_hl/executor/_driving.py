"""Driving the application's script generator: a task worker or a service handler.

The generator yields scripts. Each goes to `run`; a script with
`wait_for_results` is awaited and the generator resumed with the awaitable of
its results, or (at the `yield`) the error of a failed command, which it may
catch. A script without it runs on while the generator goes on at once. A
failure that the activity ended (or that `run` says the provider failed) is
not the generator's to handle: it ends the drive as `ProviderFailed`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable

from golem_hl import events
from golem_hl.exceptions import BatchError
from golem_hl.executor._errors import ProviderFailed
from golem_hl.executor._script import Script

__all__ = ["ScriptGenerator", "drive_scripts"]

Results = Awaitable[list[events.CommandExecuted]]
ScriptGenerator = AsyncGenerator[Script, Results]


async def drive_scripts(
    generator: ScriptGenerator,
    run: Callable[[Script], Results],
    alive: Callable[[], Awaitable[bool | None]],
    yielder: str,
) -> None:
    """Until the generator stops; `yielder` names it in the error for a non-script."""
    to_send: Results | None = None
    to_throw: BaseException | None = None
    while True:
        try:
            if to_throw is not None:
                script = await generator.athrow(to_throw)
            else:
                script = await generator.asend(to_send)  # type: ignore[arg-type]
        except StopAsyncIteration:
            return
        to_send, to_throw = None, None
        if not isinstance(script, Script):
            to_throw = TypeError(f"{yielder} yields scripts, not {script!r}")
            continue
        if not script.wait_for_results:
            running = asyncio.ensure_future(run(script))
            running.add_done_callback(lambda f: f.cancelled() or f.exception())
            to_send = running
            continue
        try:
            results = await run(script)  # awaited here: no task of its own
        except BatchError as error:  # a command failed or timed out: the generator may cope
            if await alive() is False:
                raise ProviderFailed(f"the activity ended: {error}") from error
            to_throw = error
        else:
            done: asyncio.Future[list[events.CommandExecuted]] = (
                asyncio.get_running_loop().create_future()
            )
            done.set_result(results)
            to_send = done
