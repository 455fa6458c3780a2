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

__all__ = ["Model", "Move", "State", "StateMachine", "TableMachine", "TransitionNotAllowed"]


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

    def __init__(
        self, model: Any = None, state_field: str = "state", start_value: str | None = None
    ) -> None:
        """The state's value lives in `model.<state_field>` (a `Model` of our own by default)."""
        self.model = model if model is not None else Model()
        self.state_field = state_field
        self.start_value = start_value
        self.check()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(model={self.model!r}, state_field={self.state_field!r}, "
            f"current_state={self.current_state.identifier!r})"
        )

    def check(self) -> None:
        """The definition is sound (one initial state); a model without a state gets one."""
        initial = [s for s in self.states if s.initial]
        if len(initial) != 1:
            raise TypeError(f"{type(self).__name__} needs exactly one initial state: {initial}")
        if getattr(self.model, self.state_field, None) is None:
            self.current_state_value = self.start_value or initial[0].value

    @property
    def _current(self) -> State:
        return self.states_map[getattr(self.model, self.state_field)]

    @_current.setter
    def _current(self, state: State) -> None:
        setattr(self.model, self.state_field, state.value)

    @property
    def current_state(self) -> State:
        return self._current

    @property
    def current_state_value(self) -> str:
        return self._current.value

    @current_state_value.setter
    def current_state_value(self, value: str) -> None:
        """Jump to the state of this value (e.g. a resumed object's), with no transition."""
        if value not in self.states_map:
            known = ", ".join(self.states_map)
            raise ValueError(f"no state {value!r} (there are: {known})")
        setattr(self.model, self.state_field, value)

    @property
    def allowed_transitions(self) -> list[Callable[[], State]]:
        """The moves allowed from the current state, ready to call."""
        return [self.get_transition(m.identifier) for m in self.transitions if self._allows(m.key)]

    def get_transition(self, transition_identifier: str) -> Callable[[], State]:
        move = next((m for m in self.transitions if m.identifier == transition_identifier), None)
        if move is None:
            raise ValueError(f"{type(self).__name__} has no transition {transition_identifier!r}")
        return functools.partial(move.__call__, self)

    def run(self, transition_identifier: str) -> State:
        """Apply the transition of this name."""
        return self.get_transition(transition_identifier)()

    def _allows(self, key: object) -> bool:
        raise NotImplementedError

    def _apply(self, key: object) -> State:
        raise NotImplementedError


class Model:
    """Where a machine keeps its state's value when it is given no model of its own."""

    def __init__(self) -> None:
        self.state: str | None = None

    def __repr__(self) -> str:
        return f"Model(state={self.state})"


def _is(state: State) -> Callable[[StateMachine], bool]:
    def check(machine: StateMachine) -> bool:
        return machine.current_state is state

    return check


class TableMachine(StateMachine):
    """A machine whose moves are named in a table of (state, move name) -> state."""

    MOVES: ClassVar[Mapping[tuple[State, str], State]] = {}

    def _allows(self, key: object) -> bool:
        return (self._current, str(key)) in self.MOVES

    def move(self, name: str) -> State:
        target = self.MOVES.get((self._current, name))
        if target is None:
            raise TransitionNotAllowed(self._current, name)
        self._current = target
        return target

    def _apply(self, key: object) -> State:
        return self.move(str(key))
