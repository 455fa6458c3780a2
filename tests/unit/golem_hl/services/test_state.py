"""The service lifecycle table: every allowed move, and that nothing else is allowed."""

from __future__ import annotations

import itertools

import pytest

from golem_core.exceptions import LocalProtocolError
from golem_hl.services import ServiceState
from golem_hl.services._state import TRANSITIONS, InvalidTransition, Transition, next_state

S = ServiceState
T = Transition


def walk(*moves: Transition, start: ServiceState = S.pending) -> list[ServiceState]:
    states = [start]
    for move in moves:
        states.append(next_state(states[-1], move))
    return states


def test_a_clean_life_goes_through_every_stage_in_order() -> None:
    assert walk(T.LIFECYCLE, T.LIFECYCLE, T.LIFECYCLE, T.LIFECYCLE) == [
        S.pending,
        S.starting,
        S.running,
        S.stopping,
        S.terminated,
    ]


def test_an_error_or_stop_while_running_still_runs_shutdown() -> None:
    assert walk(T.LIFECYCLE, T.LIFECYCLE, T.ERROR_OR_STOP) == [
        S.pending,
        S.starting,
        S.running,
        S.stopping,
    ]


@pytest.mark.parametrize("state", [S.pending, S.starting, S.stopping, S.terminated])
def test_an_error_or_stop_anywhere_else_terminates_at_once(state: ServiceState) -> None:
    assert next_state(state, T.ERROR_OR_STOP) is S.terminated


@pytest.mark.parametrize("state", [S.starting, S.running, S.stopping, S.terminated])
def test_a_lost_activity_terminates_without_shutdown(state: ServiceState) -> None:
    assert next_state(state, T.LOST) is S.terminated


def test_only_ended_instances_restart_and_they_restart_pending() -> None:
    restartable = {s for (s, t) in TRANSITIONS if t is T.RESTART}
    assert restartable == {S.terminated, S.unresponsive}
    assert all(next_state(s, T.RESTART) is S.pending for s in restartable)
    assert {s for s in S if s.is_final} == restartable


def test_unresponsive_is_reachable_from_every_bound_state() -> None:
    for state in ServiceState.AVAILABLE:
        assert next_state(state, T.UNRESPONSIVE) is S.unresponsive
    with pytest.raises(InvalidTransition):
        next_state(S.pending, T.UNRESPONSIVE)


def test_every_move_outside_the_table_is_refused_with_a_local_protocol_error() -> None:
    refused = [
        (s, t) for s, t in itertools.product(ServiceState, Transition) if (s, t) not in TRANSITIONS
    ]
    # e.g. a terminated instance cannot go on with its lifecycle, nor a pending one get lost
    assert (S.terminated, T.LIFECYCLE) in refused
    assert (S.pending, T.LOST) in refused
    assert (S.running, T.RESTART) in refused
    for state, move in refused:
        with pytest.raises(LocalProtocolError, match=move.value):
            next_state(state, move)


def test_the_state_reads_like_yapapis() -> None:
    assert ServiceState.running.value == "running"
    assert str(ServiceState.stopping) == "stopping"
    assert {S.starting, S.running, S.stopping} == ServiceState.AVAILABLE
    assert S.running in ServiceState.AVAILABLE
    assert S.terminated not in ServiceState.AVAILABLE
    assert [s.value for s in ServiceState] == [
        "pending",
        "starting",
        "running",
        "stopping",
        "terminated",
        "unresponsive",
    ]
