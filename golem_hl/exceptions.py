"""Errors golem_hl raises on purpose, with yapapi's names and attributes.

    GolemError (golem_core)
    ├── ConfigurationError (golem_core)
    │   └── MissingConfiguration     a required setting (env var) is absent
    ├── NoPaymentAccountError        no account for the payment driver/network we need
    ├── PackageException             the image repository could not resolve a package
    ├── InvalidPropertiesError       properties cannot be read into a model
    ├── ConstraintException          a constraint expression cannot be built
    ├── NetworkError (golem_core.net)
    │   └── NetworkError             a VPN operation is not possible
    ├── ServiceRunnerError           a service could not be run
    └── BatchError (golem_core)
        └── BatchError               a batch of commands failed; user code may recover
            ├── CommandExecutionError    a command failed on the provider
            └── BatchTimeoutError        the batch did not finish in time
                                         (also a golem_core BatchTimeoutError)

User code written for yapapi catches these by name (e.g. `BatchTimeoutError` in a
worker), so names, constructor arguments and attributes follow yapapi. Each
subclasses golem_core's error of the same meaning, so code written against
either layer catches both, and one `except GolemError` catches anything we raise.
A BatchError made the yapapi way (free arguments) has golem_core's attributes
empty: no activity, batch or command index.
"""

from __future__ import annotations

from golem_core import exceptions as core
from golem_core.exceptions import ConfigurationError, GolemError
from golem_core.net import NetworkError as CoreNetworkError

__all__ = [
    "BatchError",
    "BatchTimeoutError",
    "CommandExecutionError",
    "ConstraintException",
    "InvalidPropertiesError",
    "MissingConfiguration",
    "NetworkError",
    "NoPaymentAccountError",
    "PackageException",
    "ServiceRunnerError",
]


class MissingConfiguration(ConfigurationError):
    """A required setting is missing; says which environment variable to set."""

    def __init__(self, key: str, description: str) -> None:
        super().__init__(key, description)
        self._key = key
        self._description = description

    def __str__(self) -> str:
        return f"{self._description} is not configured: set the {self._key} environment variable"


class NoPaymentAccountError(GolemError):
    """No payment account is initialised for the driver and network the job needs."""

    def __init__(self, required_driver: str, required_network: str) -> None:
        super().__init__(required_driver, required_network)
        self.required_driver = required_driver
        self.required_network = required_network

    def __str__(self) -> str:
        return (
            f"No payment account available for driver `{self.required_driver}`"
            f" and network `{self.required_network}`"
        )


class PackageException(GolemError):
    """The package repository could not resolve an image, or the arguments were wrong."""


class InvalidPropertiesError(GolemError):
    """A property mapping does not describe the expected model."""

    def __str__(self) -> str:
        return f"Invalid properties: {self.args[0]}" if self.args else "Invalid properties"


class ConstraintException(GolemError):
    """A constraint group cannot be built (e.g. `!` with other than one member)."""


class NetworkError(CoreNetworkError):
    """A VPN operation is not possible (bad address, address taken, network removed)."""


class ServiceRunnerError(GolemError):
    """A service instance could not be run."""


class BatchError(core.BatchError):
    """A batch of commands failed on a provider.

    Passed to the worker or service handler that yielded the script, so that it
    can recover (retry elsewhere, reject the task, ...). Made with any arguments,
    as yapapi's; golem_core's attributes start empty.
    """

    def __init__(self, *args: object) -> None:
        GolemError.__init__(self, *args)
        _no_batch(self)


def _no_batch(error: core.BatchError) -> None:
    """golem_core's BatchError attributes, for an error made without them."""
    error.activity_id = error.batch_id = ""
    error.index = -1
    error.message = None
    error.stdout = error.stderr = None


class CommandExecutionError(BatchError):
    """A command failed on the provider (e.g. a non-zero exit code)."""

    stderr: str | None  # as text, as yapapi's

    def __init__(self, command: str, message: str | None = None, stderr: str | None = None) -> None:
        super().__init__(command, message, stderr)
        self.command = command
        self.message = message
        self.stderr = stderr

    def __str__(self) -> str:
        parts = [f"command {self.command!r} failed on the provider"]
        if self.message:
            parts.append(f"exe-unit says: {self.message}")
        if self.stderr:
            parts.append(f"stderr: {self.stderr}")
        return "; ".join(parts)


class BatchTimeoutError(BatchError, core.BatchTimeoutError):
    """A batch of commands did not finish within its timeout.

    Also golem_core's `BatchTimeoutError`, so code written against either layer
    catches it. yapapi code creates it without arguments; the engine fills them.
    """

    def __init__(self, activity_id: str = "", batch_id: str = "", timeout: float = 0.0) -> None:
        core.BatchTimeoutError.__init__(self, activity_id, batch_id, timeout)
        _no_batch(self)
        self.activity_id, self.batch_id = activity_id, batch_id

    @classmethod
    def from_core(cls, error: core.BatchTimeoutError) -> BatchTimeoutError:
        return cls(error.activity_id, error.batch_id, error.timeout)
