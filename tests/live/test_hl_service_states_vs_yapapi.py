"""golem_hl's service, runner and network state machines against real yapapi 0.13.1's.

For every state and every named transition, real yapapi (in its own venv)
says whether the move is allowed and where it leads; golem_hl must say the
same. Our own `abandon` (a pending instance stopped) is not yapapi's and is
left out. Marked live: it needs yapapi's venv, which CI makes from the
package registry.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bench.venv import default_venv, ensure_yapapi
from golem_hl._state_machine import StateMachine, TransitionNotAllowed
from golem_hl.network import NetworkState
from golem_hl.services import ServiceState
from golem_hl.services.service_runner import ServiceRunnerState

pytestmark = pytest.mark.live

MACHINES: dict[str, type[StateMachine]] = {
    "yapapi.services.service_state:ServiceState": ServiceState,
    "yapapi.services.service_runner:ServiceRunnerState": ServiceRunnerState,
    "yapapi.network:NetworkState": NetworkState,
}

# run by yapapi's python: every (state, transition) -> the state it leads to, or null
WALK = """
import importlib, json, sys, types
from statemachine.exceptions import TransitionNotAllowed
out = {}
for path in json.loads(sys.argv[1]):
    module, _, name = path.partition(":")
    machine = getattr(importlib.import_module(module), name)
    table = {}
    for state in machine.states:
        for transition in machine.transitions:
            instance = machine(start_value=state.value)
            instance.instance = types.SimpleNamespace(visited_states=[])  # ServiceState's
            try:
                instance.run(transition.identifier)
                table[f"{state.value} {transition.identifier}"] = instance.current_state.value
            except TransitionNotAllowed:
                table[f"{state.value} {transition.identifier}"] = None
    out[path] = table
print(json.dumps(out))
"""


def ours(machine: type[StateMachine]) -> dict[str, str | None]:
    table: dict[str, str | None] = {}
    for state in machine.states:
        for transition in machine.transitions:
            instance = machine(start_value=state.value)
            try:
                instance.run(transition.identifier)
                table[f"{state.value} {transition.identifier}"] = instance.current_state.value
            except TransitionNotAllowed:
                table[f"{state.value} {transition.identifier}"] = None
    return table


@pytest.fixture(scope="module")
def yapapi_python() -> Path:
    return ensure_yapapi(default_venv())


def test_every_move_of_every_state_machine_is_yapapis(yapapi_python: Path) -> None:
    walked = subprocess.run(
        [str(yapapi_python), "-c", WALK, json.dumps(list(MACHINES))],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    theirs = json.loads(walked.stdout)
    for path, machine in MACHINES.items():
        mine = ours(machine)
        moves = set(theirs[path].values())
        assert None in moves and len(moves) > 2, path  # the walk saw allowed and refused moves
        assert {k: v for k, v in mine.items() if not k.endswith(" abandon")} == theirs[path], path
