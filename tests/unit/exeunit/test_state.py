"""The exe-unit state table: which command may run in which state, and the error texts."""

from __future__ import annotations

import pytest

from golem_localnet.exeunit.script import CommandKind
from golem_localnet.exeunit.state import (
    TERMINATED,
    TRANSITIONS,
    Busy,
    InvalidState,
    State,
    StatePair,
    UnexpectedState,
    begin,
    finish,
    shutting_down,
)

STATEFUL = [CommandKind.DEPLOY, CommandKind.START, CommandKind.RUN, CommandKind.TRANSFER]

# every (state, command) the real exe-unit lets through, and where it leads
ALLOWED = {
    (State.INITIALIZED, CommandKind.DEPLOY): State.DEPLOYED,
    (State.DEPLOYED, CommandKind.START): State.READY,
    (State.READY, CommandKind.RUN): State.READY,
    (State.READY, CommandKind.TRANSFER): State.READY,
}


def test_table_is_the_real_one() -> None:
    assert TRANSITIONS == ALLOWED


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("kind", STATEFUL)
def test_begin_and_finish_over_the_whole_table(state: State, kind: CommandKind) -> None:
    pair = StatePair(state)
    target = ALLOWED.get((state, kind))
    if target is None:
        with pytest.raises(InvalidState):
            begin(pair, kind)
        return
    started = begin(pair, kind)
    assert started == StatePair(state, target)
    assert finish(started, started) == StatePair(target)


@pytest.mark.parametrize("kind", STATEFUL)
def test_any_command_during_a_transition_is_busy(kind: CommandKind) -> None:
    pending = StatePair(State.READY, State.READY)
    with pytest.raises(Busy) as caught:
        begin(pending, kind)
    assert str(caught.value) == (
        "Local service error: State error: Busy: StatePair(Ready, Some(Ready))"
    )


def test_stateless_commands_have_no_transition() -> None:
    for kind in (CommandKind.SIGN, CommandKind.TERMINATE):
        with pytest.raises(ValueError, match="stateless"):
            begin(StatePair(State.READY), kind)


@pytest.mark.parametrize(
    ("state", "text"),
    [
        (State.INITIALIZED, "Activity is initialized - deploy() command is expected now"),
        (State.DEPLOYED, "Activity is deployed - start() command is expected now"),
        (State.READY, "Cannot send command after a successful start()"),
        (State.NEW, "This command is not allowed when activity is in the New state"),
        (
            State.TERMINATED,
            "This command is not allowed when activity is in the Terminated state",
        ),
    ],
)
def test_invalid_state_texts(state: State, text: str) -> None:
    kind = CommandKind.START if state is not State.DEPLOYED else CommandKind.RUN
    with pytest.raises(InvalidState) as caught:
        begin(StatePair(state), kind)
    assert str(caught.value) == f"Local service error: State error: {text}"


def test_state_changed_under_a_command() -> None:
    started = StatePair(State.READY, State.READY)
    with pytest.raises(UnexpectedState) as caught:
        finish(StatePair(State.INITIALIZED), started)
    assert str(caught.value) == (
        "Local service error: State error: Unexpected state: StatePair(Initialized, None), "
        "expected StatePair(Ready, Some(Ready))"
    )


def test_shutdown_pairs_and_wire_form() -> None:
    going = shutting_down(StatePair(State.READY))
    assert going.to_wire() == ["Ready", "Terminated"]
    assert not going.alive
    assert TERMINATED.to_wire() == ["Terminated", None]
    assert not TERMINATED.alive
    assert StatePair(State.DEPLOYED, State.READY).alive
