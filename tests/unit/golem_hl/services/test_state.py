"""The service lifecycle: the pure table, and yapapi's state-machine API on top of it."""

from __future__ import annotations

import itertools
from typing import cast

import pytest

from golem_core.exceptions import LocalProtocolError
from golem_hl.network import NetworkState
from golem_hl.services import Service, ServiceState
from golem_hl.services.service_runner import ServiceRunnerState
from golem_hl.services.service_state import (
    FINAL_STATES,
    TRANSITIONS,
    State,
    Transition,
    TransitionNotAllowed,
    next_state,
)

S = ServiceState
T = Transition


def walk(*moves: Transition, start: State = S.pending) -> list[State]:
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
    assert walk(T.START, T.READY, T.STOP, T.TERMINATE)[-1] is S.terminated


def test_an_error_or_stop_while_running_still_runs_shutdown() -> None:
    assert walk(T.LIFECYCLE, T.LIFECYCLE, T.ERROR_OR_STOP) == [
        S.pending,
        S.starting,
        S.running,
        S.stopping,
    ]


@pytest.mark.parametrize("state", [S.starting, S.stopping, S.terminated])
def test_an_error_or_stop_anywhere_else_terminates_at_once(state: State) -> None:
    assert next_state(state, T.ERROR_OR_STOP) is S.terminated


def test_a_pending_instance_is_abandoned_not_stopped() -> None:
    """yapapi's error_or_stop does not apply to a pending instance; ours ends it (ABANDON)."""
    with pytest.raises(TransitionNotAllowed):
        next_state(S.pending, T.ERROR_OR_STOP)
    assert next_state(S.pending, T.ABANDON) is S.terminated


@pytest.mark.parametrize("state", [S.starting, S.running, S.stopping, S.terminated])
def test_a_lost_activity_terminates_without_shutdown(state: State) -> None:
    assert next_state(state, T.TERMINATE) is S.terminated
    assert next_state(state, T.MARK_UNRESPONSIVE) is S.unresponsive


def test_restart_and_suspend_come_from_the_states_yapapi_allows() -> None:
    restartable = {s for (s, t) in TRANSITIONS if t is T.RESTART}
    assert restartable == set(S.states) - {S.suspended}
    assert all(next_state(s, T.RESTART) is S.pending for s in restartable)
    suspendable = {s for (s, t) in TRANSITIONS if t is T.SUSPEND}
    assert suspendable == set(ServiceState.AVAILABLE)
    assert {S.terminated, S.unresponsive} == FINAL_STATES


def test_every_move_outside_the_table_is_refused_with_a_local_protocol_error() -> None:
    refused = [
        (s, t) for s, t in itertools.product(S.states, Transition) if (s, t) not in TRANSITIONS
    ]
    assert (S.pending, T.TERMINATE) in refused
    assert (S.suspended, T.RESTART) in refused
    assert (S.unresponsive, T.LIFECYCLE) in refused
    for state, move in refused:
        with pytest.raises(LocalProtocolError, match=move.value):
            next_state(state, move)


def test_the_machine_applies_yapapis_named_transitions_and_records_visits() -> None:
    machine = ServiceState()
    assert machine.current_state is S.pending and machine.is_pending
    assert machine.lifecycle() is S.starting
    machine.ready()
    assert machine.is_running and machine.current_state_value == "running"
    with pytest.raises(TransitionNotAllowed, match="cannot start from 'running'"):
        machine.start()
    assert machine.current_state is S.running  # a refused move changes nothing
    machine.suspend()
    assert machine.is_suspended
    machine.current_state_value = "stopping"  # how a resumed instance's state is set
    assert machine.error_or_stop() is S.terminated
    with pytest.raises(ValueError, match="no state 'gone'"):
        machine.current_state_value = "gone"

    service = Service()
    record = service.service_instance
    record.service_state.lifecycle()
    record.service_state.mark_unresponsive()
    record.service_state.restart()
    assert record.visited_states == [S.starting, S.unresponsive, S.pending]
    assert service.state is S.pending and not record.started_successfully


def test_the_states_read_like_yapapis() -> None:
    assert ServiceState.AVAILABLE[0] is S.starting
    assert (S.starting, S.running, S.stopping) == ServiceState.AVAILABLE
    assert S.running in ServiceState.AVAILABLE and S.terminated not in ServiceState.AVAILABLE
    assert (S.running.value, S.running.name, S.running.identifier) == ("running",) * 3
    assert (
        repr(S.pending) == "State('pending', identifier='pending', value='pending', initial=True)"
    )
    assert str(S.stopping) == repr(S.stopping)
    assert S.running != cast(object, "running")  # a state is not its value, in yapapi either
    assert ServiceState.lifecycle.identifier == "lifecycle"
    assert ServiceState.states_map["suspended"] is S.suspended
    assert [t.identifier for t in ServiceState.transitions][:3] == ["start", "ready", "stop"]
    machine = ServiceState()
    assert ServiceState.start(machine) is S.starting  # a class's transition takes the machine
    assert [s.value for s in S.states] == [
        "pending",
        "starting",
        "running",
        "stopping",
        "terminated",
        "unresponsive",
        "suspended",
    ]


def test_the_runner_and_the_network_have_yapapis_machines_too() -> None:
    runner = ServiceRunnerState()
    assert runner.is_active and [s.value for s in runner.states] == [
        "active",
        "stopped",
        "suspended",
    ]
    runner.suspend()
    assert runner.current_state is ServiceRunnerState.suspended and runner.is_suspended
    with pytest.raises(TransitionNotAllowed, match="cannot stop from 'suspended'"):
        runner.stop()

    network = NetworkState()
    for move in ("create", "add_owner_address", "start", "add_node", "get_id", "stop"):
        getattr(network, move)()
    assert network.current_state is NetworkState.removing and network.is_removing
    with pytest.raises(TransitionNotAllowed):
        network.add_node()
    network.remove()
    assert network.is_removed


def test_the_machines_keep_python_statemachines_api() -> None:
    machine = ServiceState()
    assert repr(machine) == (
        "ServiceState(model=Model(state=pending), state_field='state', current_state='pending')"
    )
    assert len(machine.allowed_transitions) == 3  # start, restart, lifecycle
    assert machine.allowed_transitions[0]() is S.starting
    assert {m.identifier for m in ServiceState.transitions if machine._allows(m.key)} == {
        "ready",
        "terminate",
        "mark_unresponsive",
        "restart",
        "lifecycle",
        "error_or_stop",
        "suspend",
    }
    assert machine.run("ready") is S.running
    with pytest.raises(ValueError, match="no transition 'fly'"):
        machine.get_transition("fly")

    class Record:
        status: str | None = "stopping"

    record = Record()
    resumed = ServiceState(model=record, state_field="status")
    assert resumed.current_state is S.stopping  # a model's own value wins over start_value
    resumed.lifecycle()
    assert record.status == "terminated"
    assert NetworkState(start_value="ready").is_ready
