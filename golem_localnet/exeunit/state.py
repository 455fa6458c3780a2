"""The activity state machine of an exe-unit, without I/O.

Rules (yagna 0.17.6 exe-unit, `exe_unit.rs` / `state.rs`):

- A state is a pair `[current, pending]`. `pending` is set while a stateful
  command runs; another stateful command meanwhile is refused as Busy.
- Stateful commands (deploy, start, run, transfer) first move to a pending pair
  (`begin`), then, when done, to `[pending, null]` (`finish`). Which command may
  run in which state is the `TRANSITIONS` table; anything else is InvalidState.
- Stateless commands (sign, terminate) never touch the pair, except that
  terminate resets the activity to `[Initialized, null]`.
- Shutdown moves to `[current, Terminated]`, then `[Terminated, null]`.

The error texts are the real exe-unit's, because requestors show them to users
and some match on them.
"""

from __future__ import annotations

import enum

import attrs

from golem_localnet.exeunit.script import CommandKind


class State(enum.Enum):
    """Activity states as yagna writes them (PascalCase on the wire)."""

    NEW = "New"
    INITIALIZED = "Initialized"
    DEPLOYED = "Deployed"
    READY = "Ready"
    TERMINATED = "Terminated"
    UNRESPONSIVE = "Unresponsive"


@attrs.frozen
class StatePair:
    """`[current, pending]`; pending is None when no transition is under way."""

    current: State
    pending: State | None = None

    def to_wire(self) -> list[str | None]:
        return [self.current.value, None if self.pending is None else self.pending.value]

    @property
    def alive(self) -> bool:
        return State.TERMINATED not in (self.current, self.pending)

    def rust_debug(self) -> str:
        """The pair as Rust's `{:?}` prints it, which is what the real error texts contain."""
        pending = "None" if self.pending is None else f"Some({self.pending.value})"
        return f"StatePair({self.current.value}, {pending})"


# (state, stateful command) -> the state the command leads to.
TRANSITIONS: dict[tuple[State, CommandKind], State] = {
    (State.INITIALIZED, CommandKind.DEPLOY): State.DEPLOYED,
    (State.DEPLOYED, CommandKind.START): State.READY,
    (State.READY, CommandKind.RUN): State.READY,
    (State.READY, CommandKind.TRANSFER): State.READY,
}
STATELESS = frozenset({CommandKind.SIGN, CommandKind.TERMINATE})

# what the real exe-unit tells a requestor that sent the wrong command
_EXPECTED_NEXT = {
    State.INITIALIZED: "Activity is initialized - deploy() command is expected now",
    State.DEPLOYED: "Activity is deployed - start() command is expected now",
    State.READY: "Cannot send command after a successful start()",
}


class StateError(Exception):
    """A command that the current state does not allow; the text is the result's message."""


class Busy(StateError):
    def __init__(self, pair: StatePair) -> None:
        super().__init__(_local(f"Busy: {pair.rust_debug()}"))
        self.pair = pair


class InvalidState(StateError):
    def __init__(self, pair: StatePair) -> None:
        if pair.pending is None and pair.current in _EXPECTED_NEXT:
            text = _EXPECTED_NEXT[pair.current]
        else:
            text = f"This command is not allowed when activity is in the {pair.current.value} state"
        super().__init__(_local(text))
        self.pair = pair


class UnexpectedState(StateError):
    """The state changed under a running command (terminate, shutdown)."""

    def __init__(self, current: StatePair, expected: StatePair) -> None:
        text = f"Unexpected state: {current.rust_debug()}, expected {expected.rust_debug()}"
        super().__init__(_local(text))
        self.current = current
        self.expected = expected


def _local(text: str) -> str:
    # the exe-unit wraps state errors twice before they reach the result
    return f"Local service error: State error: {text}"


def begin(pair: StatePair, kind: CommandKind) -> StatePair:
    """The pending pair a stateful command starts with; raises Busy or InvalidState."""
    if kind in STATELESS:
        raise ValueError(f"{kind.value} is stateless")
    if pair.pending is not None:
        raise Busy(pair)
    target = TRANSITIONS.get((pair.current, kind))
    if target is None:
        raise InvalidState(pair)
    return StatePair(pair.current, target)


def finish(current: StatePair, started: StatePair) -> StatePair:
    """The pair after a stateful command that began with `started` ended (either way)."""
    if current != started:
        raise UnexpectedState(current, started)
    assert started.pending is not None
    return StatePair(started.pending)


def shutting_down(pair: StatePair) -> StatePair:
    return StatePair(pair.current, State.TERMINATED)


TERMINATED = StatePair(State.TERMINATED)
INITIALIZED = StatePair(State.INITIALIZED)
