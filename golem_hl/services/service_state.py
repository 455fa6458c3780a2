"""The lifecycle of a service instance: a pure transition table, and yapapi's state machine on it.

Theory of operation. An instance waits in `pending` until the runner has an
activity for it on some provider; its `start()` handler then runs (`starting`),
then `run()` (`running`), then `shutdown()` (`stopping`), and it ends
`terminated`, no longer bound to an activity. The moves, named as yapapi names
them (`ServiceState().lifecycle()` etc. apply them):

- `lifecycle`: the current handler finished normally (or, from `pending`, the
  activity is ready): on to the next stage.
- `error_or_stop`: the handler raised, or the requestor asked the instance to
  stop. A running instance still gets its `shutdown()`; a starting or stopping
  one is terminated at once.
- `terminate`: the activity or the agreement ended under the instance; no
  handler can run any more, so no `shutdown()`.
- `mark_unresponsive`: the provider no longer answers for the activity.
- `restart`: back to `pending`, to be run again on another provider.
- `suspend`: the requestor lets go of the instance, leaving its activity and
  agreement as they are (`Cluster.suspend`).
- `abandon` (ours): the instance was stopped before it had a provider.

`TRANSITIONS` is the whole table; anything else raises `TransitionNotAllowed`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from golem_hl._state_machine import Move, State, StateMachine, TransitionNotAllowed

if TYPE_CHECKING:
    from golem_hl.services.service import ServiceInstance

__all__ = [
    "FINAL_STATES",
    "TRANSITIONS",
    "InvalidTransition",
    "ServiceState",
    "State",
    "Transition",
    "TransitionNotAllowed",
    "next_state",
]


class Transition(enum.Enum):
    START = "start"
    READY = "ready"
    STOP = "stop"
    TERMINATE = "terminate"
    MARK_UNRESPONSIVE = "mark_unresponsive"
    RESTART = "restart"
    SUSPEND = "suspend"
    LIFECYCLE = "lifecycle"
    ERROR_OR_STOP = "error_or_stop"
    ABANDON = "abandon"


def _refused(state: State, transition: Transition) -> TransitionNotAllowed:
    return TransitionNotAllowed(state, transition.value)


InvalidTransition = TransitionNotAllowed


class ServiceState(StateMachine):
    """The state machine of one service instance; its class attributes are the states."""

    pending: ClassVar[State] = State("pending", initial=True)
    # the activity exists on a provider and the start() handler runs
    starting: ClassVar[State] = State("starting")
    # start() finished; the run() handler runs
    running: ClassVar[State] = State("running")
    # run() finished (or a stop was asked for); the shutdown() handler runs
    stopping: ClassVar[State] = State("stopping")
    # no longer bound to an activity
    terminated: ClassVar[State] = State("terminated")
    unresponsive: ClassVar[State] = State("unresponsive")
    # let go by the requestor: its handlers no longer run, its activity is left as it is
    suspended: ClassVar[State] = State("suspended")

    start = Move(Transition.START)
    ready = Move(Transition.READY)
    stop = Move(Transition.STOP)
    terminate = Move(Transition.TERMINATE)
    mark_unresponsive = Move(Transition.MARK_UNRESPONSIVE)
    restart = Move(Transition.RESTART)
    lifecycle = Move(Transition.LIFECYCLE)
    error_or_stop = Move(Transition.ERROR_OR_STOP)
    suspend = Move(Transition.SUSPEND)

    # bound to an activity, so it can be interacted with
    AVAILABLE: ClassVar[tuple[State, ...]]
    # made per state by StateMachine
    is_pending: bool
    is_starting: bool
    is_running: bool
    is_stopping: bool
    is_terminated: bool
    is_unresponsive: bool
    is_suspended: bool

    def __init__(
        self, model: Any = None, state_field: str = "state", start_value: str | None = None
    ) -> None:
        super().__init__(model, state_field, start_value)
        # the runner's record of this instance (it keeps the states visited)
        self.instance: ServiceInstance | None = None

    def _allows(self, key: object) -> bool:
        return isinstance(key, Transition) and (self._current, key) in TRANSITIONS

    def _apply(self, key: object) -> State:
        assert isinstance(key, Transition)
        self._current = next_state(self._current, key)
        self.on_enter_state(self._current)
        return self._current

    def on_enter_state(self, state: State) -> None:
        if self.instance is not None:
            self.instance.visited_states.append(state)


_S = ServiceState
ServiceState.AVAILABLE = (_S.starting, _S.running, _S.stopping)
# no handler runs: the instance ended (it may still be restarted)
FINAL_STATES: frozenset[State] = frozenset({_S.terminated, _S.unresponsive})


def _table() -> dict[tuple[State, Transition], State]:
    T = Transition
    simple: dict[Transition, tuple[tuple[State, ...], State]] = {
        T.START: ((_S.pending,), _S.starting),
        T.READY: ((_S.starting,), _S.running),
        T.STOP: ((_S.running,), _S.stopping),
        T.TERMINATE: ((_S.starting, _S.running, _S.stopping, _S.terminated), _S.terminated),
        T.MARK_UNRESPONSIVE: (
            (_S.starting, _S.running, _S.stopping, _S.terminated),
            _S.unresponsive,
        ),
        T.RESTART: (
            (_S.pending, _S.starting, _S.running, _S.stopping, _S.terminated, _S.unresponsive),
            _S.pending,
        ),
        T.SUSPEND: ((_S.starting, _S.running, _S.stopping), _S.suspended),
        T.ABANDON: ((_S.pending,), _S.terminated),
    }
    table = {(s, t): target for t, (sources, target) in simple.items() for s in sources}
    # combined moves take the first of their parts that applies
    combined = {
        T.LIFECYCLE: (T.START, T.READY, T.STOP, T.TERMINATE),
        T.ERROR_OR_STOP: (T.STOP, T.TERMINATE),
    }
    for name, parts in combined.items():
        for part in reversed(parts):
            for source in simple[part][0]:
                table[(source, name)] = simple[part][1]
    return table


TRANSITIONS: Mapping[tuple[State, Transition], State] = MappingProxyType(_table())


def next_state(state: State, transition: Transition) -> State:
    """Where `transition` takes an instance in `state`; TransitionNotAllowed if it may not."""
    try:
        return TRANSITIONS[(state, transition)]
    except KeyError:
        raise _refused(state, transition) from None
