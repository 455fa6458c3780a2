"""Every error golem_core raises, in one tree.

    GolemError
    ├── ConfigurationError         we were set up wrong (no app key, bad URL)
    ├── TransportError             the daemon could not be reached at all
    ├── CallTimeoutError           our own deadline for a call passed
    ├── ApiError                   the daemon answered with a non-2xx status
    │   ├── BadRequestError        400: the daemon rejected what we sent
    │   ├── AuthenticationError    401: the app key is missing or unknown
    │   ├── ForbiddenError         403
    │   ├── NotFoundError          404
    │   ├── ApiTimeoutError        408 / 504: nothing happened in the server-side timeout
    │   ├── ConflictError          409: the object's state does not allow it
    │   ├── GoneError              410: expired or withdrawn
    │   └── ServerError            5xx and anything else unexpected
    ├── ProtocolError              a move the protocol rules forbid
    │   ├── LocalProtocolError     we tried it (a bug or a stale view on our side)
    │   └── RemoteProtocolError    the provider or the daemon sent it (bad peer input,
    │                              including a 2xx body we cannot read)
    ├── BatchError                 a command of a batch failed on the provider
    ├── BatchTimeoutError          a batch did not finish in the time we gave it
    └── ActivityTerminatedError    a batch cannot finish: its activity ended under it
                                   (exe-unit died, activity destroyed or Unresponsive)

Generated-client and httpx exceptions never leave `golem_core._api`: they are
translated there, chained with `from`.
"""

from __future__ import annotations

__all__ = [
    "ActivityTerminatedError",
    "ApiError",
    "ApiTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "BatchTimeoutError",
    "CallTimeoutError",
    "ConfigurationError",
    "ConflictError",
    "ForbiddenError",
    "GolemError",
    "GoneError",
    "LocalProtocolError",
    "NotFoundError",
    "ProtocolError",
    "RemoteProtocolError",
    "ServerError",
    "TerminateRefusedError",
    "TransportError",
]


class GolemError(Exception):
    """Root of everything this library raises on purpose."""


class ConfigurationError(GolemError):
    """Raised before any I/O when settings are missing or malformed."""


class TransportError(GolemError):
    """The daemon's API could not be reached (not running, wrong URL, connection reset)."""

    def __init__(self, operation: str, detail: str) -> None:
        super().__init__(f"{operation}: cannot reach the yagna daemon: {detail}")
        self.operation = operation
        self.detail = detail


class CallTimeoutError(GolemError):
    """Our own deadline for one call passed before the daemon answered."""

    def __init__(self, operation: str, timeout: float) -> None:
        super().__init__(f"{operation}: no answer from the daemon within {timeout:g} s")
        self.operation = operation
        self.timeout = timeout


class ApiError(GolemError):
    """The daemon answered with a status outside 2xx.

    `message` is the daemon's own text: the `message` field of its JSON error
    body, or the raw body when it is not JSON (401 comes as plain text).
    """

    def __init__(self, operation: str, status: int, message: str) -> None:
        super().__init__(f"{operation}: HTTP {status}: {message or '(empty body)'}")
        self.operation = operation
        self.status = status
        self.message = message


class BadRequestError(ApiError):
    """400."""


class AuthenticationError(ApiError):
    """401: the app key is wrong, or the daemon has no such key."""


class ForbiddenError(ApiError):
    """403."""


class NotFoundError(ApiError):
    """404."""


class ApiTimeoutError(ApiError):
    """408 or 504: the server-side timeout of a long poll or acknowledgement ran out."""


class ConflictError(ApiError):
    """409."""


class GoneError(ApiError):
    """410."""


class ServerError(ApiError):
    """5xx, or any status we have no better class for."""


class TerminateRefusedError(ServerError):
    """The other side's daemon refused, again and again, to record the agreement's end.

    yagna 0.17.6 tells the other side of a terminate before it records the end itself.
    When the answer is lost on the way back (our daemon restarted, or our call was cut
    short, while the other side was slow), the other side holds the agreement Terminated
    and ours Approved; every later terminate is then refused ("Remote Terminate: Can't
    finish operation on Agreement [...] due to internal error") and nothing this side
    can call ends it. The agreement counts as closed for this node.
    """

    def __init__(self, agreement_id: str, refusal: ServerError) -> None:
        super().__init__(refusal.operation, refusal.status, refusal.message)
        self.agreement_id = agreement_id


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    408: ApiTimeoutError,
    409: ConflictError,
    410: GoneError,
    504: ApiTimeoutError,
}


def api_error_for(operation: str, status: int, message: str) -> ApiError:
    """The most specific `ApiError` for an HTTP status."""
    return _BY_STATUS.get(status, ServerError)(operation, status, message)


class ProtocolError(GolemError):
    """A negotiation step that the market's rules do not allow from the current state."""


class LocalProtocolError(ProtocolError):
    """We asked for a move the rules forbid (e.g. an agreement from an Initial proposal)."""


class RemoteProtocolError(ProtocolError):
    """The other side or the daemon sent something the rules forbid or we cannot read."""


class BatchError(GolemError):
    """A command of a batch failed; the exe-unit ran none of the commands after it.

    Carries what the exe-unit said about the failed command: its `message` and
    whatever output it captured (`str`, `bytes` for binary capture, or None).
    """

    def __init__(
        self,
        activity_id: str,
        batch_id: str,
        index: int,
        message: str | None,
        stdout: str | bytes | None = None,
        stderr: str | bytes | None = None,
    ) -> None:
        super().__init__(
            f"activity {activity_id}, batch {batch_id}: command {index} failed: "
            f"{message or '(no message)'}"
        )
        self.activity_id = activity_id
        self.batch_id = batch_id
        self.index = index
        self.message = message
        self.stdout = stdout
        self.stderr = stderr


class BatchTimeoutError(GolemError):
    """A batch was not finished within the time we gave it (and was then stopped)."""

    def __init__(self, activity_id: str, batch_id: str, timeout: float) -> None:
        super().__init__(
            f"activity {activity_id}, batch {batch_id}: not finished within {timeout:g} s"
        )
        self.activity_id = activity_id
        self.batch_id = batch_id
        self.timeout = timeout


class ActivityTerminatedError(GolemError):
    """The activity ended while a batch was running, so the batch will never finish.

    Not a BatchError: no command failed, the provider's side went away (its
    exe-unit died, the provider or we destroyed the activity, or yagna marked it
    Unresponsive). `index` is the first command whose result never came;
    `state` is "Terminated" (also while it is terminating) or "Unresponsive";
    `reason` is what the provider said about the change, if anything.
    """

    def __init__(
        self, activity_id: str, batch_id: str, index: int, state: str, reason: str | None
    ) -> None:
        super().__init__(
            f"activity {activity_id}, batch {batch_id}: command {index} will not finish: "
            f"the activity is {state}" + (f" ({reason})" if reason else "")
        )
        self.activity_id = activity_id
        self.batch_id = batch_id
        self.index = index
        self.state = state
        self.reason = reason
