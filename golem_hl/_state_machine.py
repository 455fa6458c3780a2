"""States and pure transition tables for golem_hl's small state machines (services, networks).

yapapi exposes python-statemachine objects (`ServiceState.running`,
`Network.state`); apps compare them, read `.value` and print them. `State`
has that shape; each machine keeps its moves in a table (`MOVES`: (state,
move name) -> state) and refuses anything else with `TransitionNotAllowed`.
No I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

from golem_core.exceptions import LocalProtocolError

__all__ = ["State", "TableMachine", "TransitionNotAllowed"]


class State:
    """One state; singletons compared by identity (yapapi's `statemachine.State`)."""

    __slots__ = ("identifier", "initial", "name", "value")

    def __init__(self, name: str, value: str | None = None, initial: bool = False) -> None:
        self.name = name
        self.identifier = name
        self.value = value if value is not None else name
        self.initial = initial

    def __repr__(self) -> str:
        return (
            f"State({self.name!r}, identifier={self.identifier!r}, value={self.value!r}, "
            f"initial={self.initial!r})"
        )

    __str__ = __repr__


class TransitionNotAllowed(LocalProtocolError):
    """A move the machine does not allow from its current state."""

    def __init__(self, state: State, move: str) -> None:
        super().__init__(f"cannot {move} from {state.value!r}")
        self.state = state
        self.move = move


class TableMachine:
    """A current state moved through a table of (state, move) -> state."""

    def __init__(self, initial: State, moves: Mapping[tuple[State, str], State]) -> None:
        self._current = initial
        self._moves = moves

    def __repr__(self) -> str:
        return f"{type(self).__name__}(current_state={self._current.value!r})"

    @property
    def current_state(self) -> State:
        return self._current

    def move(self, name: str) -> State:
        target = self._moves.get((self._current, name))
        if target is None:
            raise TransitionNotAllowed(self._current, name)
        self._current = target
        return target
