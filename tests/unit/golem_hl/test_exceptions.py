"""golem_hl's errors keep yapapi's names and arguments, and are golem_core's of the same kind."""

from __future__ import annotations

import golem_core.exceptions as core
from golem_core.net import NetworkError as CoreNetworkError
from golem_hl.exceptions import (
    BatchError,
    BatchTimeoutError,
    CommandExecutionError,
    MissingConfiguration,
    NetworkError,
)


def test_each_is_the_matching_golem_core_error() -> None:
    assert issubclass(BatchError, core.BatchError)
    assert issubclass(CommandExecutionError, core.BatchError)
    assert issubclass(BatchTimeoutError, core.BatchTimeoutError)
    assert issubclass(NetworkError, CoreNetworkError)
    assert issubclass(MissingConfiguration, core.ConfigurationError)


def test_a_batch_error_made_the_yapapi_way_has_empty_core_attributes() -> None:
    error = BatchError("the provider went away", 3)
    assert error.args == ("the provider went away", 3)
    assert (error.activity_id, error.batch_id, error.index, error.message) == ("", "", -1, None)
    try:
        raise CommandExecutionError("false", "exit code 1", "oops")
    except core.BatchError as caught:  # code written against golem_core catches it too
        assert caught.message == "exit code 1" and caught.stderr == "oops"
        assert str(caught) == (
            "command 'false' failed on the provider; exe-unit says: exit code 1; stderr: oops"
        )


def test_a_timeout_carries_both_layers_attributes() -> None:
    error = BatchTimeoutError("act", "batch", 5.0)
    assert (error.activity_id, error.batch_id, error.timeout, error.index) == (
        "act",
        "batch",
        5.0,
        -1,
    )
    assert isinstance(BatchTimeoutError(), core.BatchError)  # yapapi makes it bare
