"""The lifecycle of a service instance, as a declared transition table. No I/O.

Theory of operation. An instance waits in `pending` until the runner has an
activity for it on some provider; its `start()` handler then runs (`starting`),
then `run()` (`running`), then `shutdown()` (`stopping`), and it ends
`terminated`, no longer bound to an activity. The runner moves it with one of
five transitions, each named for why it happens:

- LIFECYCLE: the current handler finished normally (or, from `pending`, the
  activity is ready): on to the next stage.
- ERROR_OR_STOP: the current handler raised, or the requestor asked the
  instance to stop. A running instance still gets its `shutdown()`; a starting
  or stopping one is terminated at once (yapapi does the same).
- LOST: the activity or the agreement ended under the instance (the provider
  terminated it, the exe-unit died): no handler can run any more, so the
  instance is terminated without `shutdown()`.
- UNRESPONSIVE: the provider no longer answers for the activity
  (`Service.is_activity_responsive()` said no): the instance is `unresponsive`.
- RESTART: an ended instance (terminated or unresponsive) goes back to
  `pending`, to be run again on another provider.

Any other move is a bug in the runner and raises `InvalidTransition`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

from golem_core.exceptions import LocalProtocolError

__all__ = ["TRANSITIONS", "InvalidTransition", "ServiceState", "Transition", "next_state"]


class ServiceState(str, enum.Enum):
    """The state of a service instance; `ServiceState.AVAILABLE` are those bound to an activity."""

    # not yet assigned to a provider
    pending = "pending"
    # the activity exists on a provider and the start() handler runs
    starting = "starting"
    # start() finished; the run() handler runs
    running = "running"
    # run() finished (or the instance was asked to stop); the shutdown() handler runs
    stopping = "stopping"
    # no longer bound to an activity: stopped by the requestor, or the activity or agreement ended
    terminated = "terminated"
    # the provider stopped answering for the activity
    unresponsive = "unresponsive"

    # set below: members cannot be listed in their own class body
    AVAILABLE: ClassVar[frozenset[ServiceState]]

    def __str__(self) -> str:
        return str(self.value)

    @property
    def is_final(self) -> bool:
        """No handler runs in this state: the instance ended (it may still be restarted)."""
        return self in (ServiceState.terminated, ServiceState.unresponsive)


ServiceState.AVAILABLE = frozenset(
    {ServiceState.starting, ServiceState.running, ServiceState.stopping}
)


class Transition(enum.Enum):
    LIFECYCLE = "lifecycle"
    ERROR_OR_STOP = "error_or_stop"
    LOST = "lost"
    UNRESPONSIVE = "unresponsive"
    RESTART = "restart"


class InvalidTransition(LocalProtocolError):
    """The runner tried a move the lifecycle does not allow."""

    def __init__(self, state: ServiceState, transition: Transition) -> None:
        super().__init__(
            f"a service instance cannot take {transition.value!r} from {state.value!r}"
        )
        self.state = state
        self.transition = transition


_S = ServiceState
_T = Transition

TRANSITIONS: Mapping[tuple[ServiceState, Transition], ServiceState] = MappingProxyType(
    {
        (_S.pending, _T.LIFECYCLE): _S.starting,
        (_S.starting, _T.LIFECYCLE): _S.running,
        (_S.running, _T.LIFECYCLE): _S.stopping,
        (_S.stopping, _T.LIFECYCLE): _S.terminated,
        # stopped before it had a provider: nothing to shut down
        (_S.pending, _T.ERROR_OR_STOP): _S.terminated,
        (_S.starting, _T.ERROR_OR_STOP): _S.terminated,
        (_S.running, _T.ERROR_OR_STOP): _S.stopping,
        (_S.stopping, _T.ERROR_OR_STOP): _S.terminated,
        (_S.terminated, _T.ERROR_OR_STOP): _S.terminated,
        (_S.starting, _T.LOST): _S.terminated,
        (_S.running, _T.LOST): _S.terminated,
        (_S.stopping, _T.LOST): _S.terminated,
        (_S.terminated, _T.LOST): _S.terminated,
        (_S.starting, _T.UNRESPONSIVE): _S.unresponsive,
        (_S.running, _T.UNRESPONSIVE): _S.unresponsive,
        (_S.stopping, _T.UNRESPONSIVE): _S.unresponsive,
        (_S.terminated, _T.UNRESPONSIVE): _S.unresponsive,
        (_S.unresponsive, _T.UNRESPONSIVE): _S.unresponsive,
        (_S.terminated, _T.RESTART): _S.pending,
        (_S.unresponsive, _T.RESTART): _S.pending,
    }
)


def next_state(state: ServiceState, transition: Transition) -> ServiceState:
    """Where `transition` takes an instance in `state`; InvalidTransition if it may not."""
    try:
        return TRANSITIONS[(state, transition)]
    except KeyError:
        raise InvalidTransition(state, transition) from None
