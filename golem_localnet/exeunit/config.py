"""Settings of one exe-unit process, and the faults it can be told to inject."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from golem_core.ids import ActivityId
from golem_localnet.exeunit.counters import DEFAULT_USAGE_VECTOR
from golem_localnet.exeunit.paths import ActivityDirs

# provider daemon's local activity service, where state and usage are reported
DEFAULT_REPORT_URL = "/local/activity"
# how often usage goes to the daemon; yagna marks an activity Unresponsive after 5 s without
REPORT_INTERVAL = 1.0
# a Run that gives no limit of its own is killed after this many seconds
DEFAULT_COMMAND_TIMEOUT = 3600.0
# how long calls to the daemon (reports, gftp chunks) may take
CALL_TIMEOUT = 30.0
# SIGTERM first, then after this grace SIGKILL, for a command being stopped
KILL_GRACE = 2.0
# the real exe-unit reaches gftp publishers over yagna's transfer channel
GFTP_NET_PREFIX = "/transfer/net"


class FaultKind(enum.Enum):
    """Misbehaviour on demand, for testing requestors against broken providers."""

    DIE_DURING_BATCH = "die-during-batch"  # =N: exit abruptly when command N (default 0) starts
    HANG_COMMAND = "hang-command"  # every Run hangs until a timeout or terminate ends it
    EXIT_NONZERO = "exit-nonzero"  # every Run fails with exit code 1
    NO_INITIALIZED = "no-initialized"  # never report Initialized (CreateActivity times out)
    SLOW_INIT = "slow-init"  # =S: report Initialized S seconds late
    STOP_USAGE_AFTER = "stop-usage-after"  # =S: stop usage reports after S seconds
    FAIL_TRANSFER = "fail-transfer"  # every Transfer fails


_VALUED = {
    FaultKind.DIE_DURING_BATCH: 0.0,
    FaultKind.SLOW_INIT: None,
    FaultKind.STOP_USAGE_AFTER: None,
}


@attrs.frozen
class Fault:
    kind: FaultKind
    value: float | None = None


def parse_fault(text: str) -> Fault:
    """`KIND` or `KIND=VALUE`, e.g. `die-during-batch=2`."""
    name, sep, value_text = text.partition("=")
    try:
        kind = FaultKind(name.strip())
    except ValueError:
        known = ", ".join(k.value for k in FaultKind)
        raise ValueError(f"unknown fault {name!r} (known: {known})") from None
    if kind not in _VALUED:
        if sep:
            raise ValueError(f"fault {kind.value} takes no value")
        return Fault(kind)
    if not sep:
        default = _VALUED[kind]
        if default is None:
            raise ValueError(f"fault {kind.value} needs a value: {kind.value}=N")
        return Fault(kind, default)
    try:
        value = float(value_text)
    except ValueError:
        raise ValueError(f"fault {kind.value}: {value_text!r} is not a number") from None
    if value < 0:
        raise ValueError(f"fault {kind.value}: the value must not be negative")
    return Fault(kind, value)


@attrs.frozen
class Faults:
    items: tuple[Fault, ...] = ()

    @classmethod
    def parse(cls, texts: Iterable[str]) -> Faults:
        return cls(tuple(parse_fault(t) for t in texts))

    def get(self, kind: FaultKind) -> Fault | None:
        return next((f for f in self.items if f.kind is kind), None)

    def __contains__(self, kind: object) -> bool:
        return any(f.kind is kind for f in self.items)


@attrs.frozen
class ExeUnitConfig:
    activity_id: ActivityId
    gsb_url: str
    work_dir: Path
    agreement_file: Path | None = None
    faults: Faults = Faults()
    report_url: str = DEFAULT_REPORT_URL
    report_interval: float = REPORT_INTERVAL
    command_timeout: float = DEFAULT_COMMAND_TIMEOUT
    call_timeout: float = CALL_TIMEOUT
    kill_grace: float = KILL_GRACE
    gftp_net_prefix: str = GFTP_NET_PREFIX
    # "auto": bubblewrap when it works here; "never": always run on the host
    sandbox: str = attrs.field(default="auto", validator=attrs.validators.in_(["auto", "never"]))

    @property
    def dirs(self) -> ActivityDirs:
        return ActivityDirs(self.work_dir)

    @property
    def service_prefix(self) -> str:
        return f"/public/exeunit/{self.activity_id}"


def usage_vector(agreement: Mapping[str, object] | None) -> tuple[str, ...]:
    """The offer's `golem.com.usage.vector` (flat or nested properties), else the default."""
    if agreement is None:
        return DEFAULT_USAGE_VECTOR
    offer = agreement.get("offer")
    properties = offer.get("properties") if isinstance(offer, Mapping) else None
    if not isinstance(properties, Mapping):
        return DEFAULT_USAGE_VECTOR
    value: object = properties.get("golem.com.usage.vector")
    if value is None:
        value = properties
        for key in ("golem", "com", "usage", "vector"):
            value = value.get(key) if isinstance(value, Mapping) else None
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    return DEFAULT_USAGE_VECTOR


def load_agreement(path: Path | None) -> dict[str, object] | None:
    if path is None:
        return None
    loaded = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise ValueError(f"{path}: an agreement is a JSON object")
    return loaded
