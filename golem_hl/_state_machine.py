"""States and pure transition tables for golem_hl's small state machines (services, networks).

yapapi exposes python-statemachine objects (`ServiceState.running`,
`Network.state`); apps compare them, read `.value` and print them. `State`
has that shape; each machine keeps its moves in a table (`MOVES`: (state,
move name) -> state) and refuses anything else with `TransitionNotAllowed`.
No I/O.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from golem_core.exceptions import LocalProtocolError

__all__ = ["Move", "State", "StateMachine", "TableMachine", "TransitionNotAllowed"]


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


class Move:
    """A named transition: called on a machine (or read from one and called), it applies it."""

    def __init__(self, key: object) -> None:
        self.key = key
        self.identifier = str(getattr(key, "value", key))

    def __repr__(self) -> str:
        return f"Transition({self.identifier!r})"

    def __call__(self, machine: StateMachine) -> State:
        return machine._apply(self.key)

    def __get__(self, machine: StateMachine | None, owner: type) -> Any:
        if machine is None:
            return self
        return functools.partial(self.__call__, machine)


class StateMachine:
    """A base for machines whose class attributes are their `State`s and `Move`s.

    Subclasses get yapapi's class-level `states`, `states_map` (value -> state)
    and `transitions`, and an `is_<state>` property per state.
    """

    states: ClassVar[list[State]] = []
    states_map: ClassVar[dict[str, State]] = {}
    transitions: ClassVar[list[Move]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = [v for v in vars(cls).values() if isinstance(v, State)]
        if not own:
            return
        cls.states = own
        cls.states_map = {state.value: state for state in own}
        cls.transitions = [v for v in vars(cls).values() if isinstance(v, Move)]
        for state in own:
            setattr(cls, f"is_{state.identifier}", property(_is(state)))

    def __init__(self) -> None:
        self._current = next(s for s in self.states if s.initial)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(current_state={self._current.value!r})"

    @property
    def current_state(self) -> State:
        return self._current

    @property
    def current_state_value(self) -> str:
        return self._current.value

    @current_state_value.setter
    def current_state_value(self, value: str) -> None:
        """Jump to the state of this value (e.g. a resumed object's), with no transition."""
        try:
            self._current = self.states_map[value]
        except KeyError:
            known = ", ".join(self.states_map)
            raise ValueError(f"no state {value!r} (there are: {known})") from None

    def _apply(self, key: object) -> State:
        raise NotImplementedError


def _is(state: State) -> Callable[[StateMachine], bool]:
    def check(machine: StateMachine) -> bool:
        return machine.current_state is state

    return check


class TableMachine(StateMachine):
    """A machine whose moves are named in a table of (state, move name) -> state."""

    MOVES: ClassVar[Mapping[tuple[State, str], State]] = {}

    def move(self, name: str) -> State:
        target = self.MOVES.get((self._current, name))
        if target is None:
            raise TransitionNotAllowed(self._current, name)
        self._current = target
        return target

    def _apply(self, key: object) -> State:
        return self.move(str(key))
