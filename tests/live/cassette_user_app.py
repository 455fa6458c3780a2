"""A user's own test of their own app, written with golem-requestor's pytest fixtures.

tests/live/test_cassette_plugin.py copies it into a fresh project and runs it
live (`--golem-record`, which also records its cassette) and then replayed.
"""

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

from golem_hl import Golem, Script, Task, WorkContext
from golem_hl.payload import vm
from golem_testing import CassetteSession

GREETING = "hello from golem"


async def greet(
    ctx: WorkContext, tasks: AsyncIterator[Task[Any, Any]]
) -> AsyncGenerator[Script, Any]:
    async for task in tasks:
        script = ctx.new_script()
        result = script.run("/bin/echo", f"{GREETING} {task.data}")
        yield script
        task.accept_result((await result).stdout)


async def my_app(names: list[str]) -> list[str]:
    """The app under test: one echo per name, on whichever providers agree."""
    package = await vm.repo(image_hash="d646d7b93083d817846c2ae5c62c72ca0507782385a2e29291a3d376")
    async with Golem(budget=1.0) as golem:
        tasks: list[Task[str, str]] = [Task(data=name) for name in names]
        done = golem.execute_tasks(greet, tasks, payload=package)
        return sorted([task.result or "" async for task in done])


async def test_my_app_greets_everyone(golem_cassette: CassetteSession) -> None:
    assert await my_app(["ann", "bob"]) == [f"{GREETING} ann\n", f"{GREETING} bob\n"]
