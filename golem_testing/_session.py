"""Opening a cassette: `record` against a live daemon, or `replay` with none.

Both are context managers around the code under test, and both yield a
`CassetteSession` whose `env` is what that code must run with (YAGNA_APPKEY,
YAGNA_API_URL and whatever else the recording had, with the app key
replaced and origins made canonical). A replay checks three things when it
ends: no request changed, every recorded request was sent again (a long poll
excepted), and the golem_core events were the same as recorded.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from golem_core import _clock
from golem_testing._clocks import ReplayClock
from golem_testing._errors import CassetteMismatch, CassetteNotFound
from golem_testing._files import cassette_paths, load_interactions, read_sidecar
from golem_testing._matching import body_difference
from golem_testing._patch import EventLog
from golem_testing._record import APP_KEY_PLACEHOLDER, Recorder
from golem_testing._replay import Player
from golem_testing._tape import DEFAULT_PATIENCE
from golem_testing._timewarp import STALL_GRACE

__all__ = [
    "CANONICAL_API_URL",
    "CassetteSession",
    "event_difference",
    "record",
    "replay",
]

# Where a replayed program finds "the daemon": yagna's default address.
CANONICAL_API_URL = "http://127.0.0.1:7465"
# Events whose number may differ a little (see event_difference).
BACKGROUND_EVENTS = frozenset(
    {"ProposalReceived", "ProposalCountered", "ProposalRejected", "ProposalRejectedByProvider"}
)


@attrs.define
class CassetteSession:
    name: str
    directory: Path
    mode: str  # "record" | "replay"
    env: dict[str, str]
    # requests (or messages) that changed, as they happened
    failures: list[str] = attrs.Factory(list)
    # after the replay: the failures, plus what was not sent again and event differences
    problems: list[str] = attrs.Factory(list)
    # after the replay: how far it got (exchanges played, tape items handed out or skipped)
    summary: str = ""
    # recording: what check_result was told; replay: what the recording was told
    results: dict[str, Any] = attrs.Factory(dict)

    def check_result(self, name: str, value: Any) -> None:
        """The program's result `name` is `value`: kept when recording, compared when replaying.

        Values are compared as JSON (Decimals, datetimes and the like as strings).
        """
        plain = json.loads(json.dumps(value, default=str))
        if self.mode == "record":
            self.results[name] = plain
            return
        if name not in self.results:
            message = f"cassette {self.name}: result {name!r} was not recorded"
        elif (difference := body_difference(self.results[name], plain)) is not None:
            message = (
                f"cassette {self.name}: result {name!r} differs from the recording: {difference}"
            )
        else:
            return
        self.failures.append(message)
        raise CassetteMismatch(message)

    @property
    def app_key(self) -> str:
        return self.env.get("YAGNA_APPKEY", APP_KEY_PLACEHOLDER)

    @property
    def api_url(self) -> str:
        return self.env.get("YAGNA_API_URL", CANONICAL_API_URL)

    @property
    def paths(self) -> tuple[Path, Path]:
        return cassette_paths(self.directory, self.name)


def event_difference(recorded: Sequence[str], replayed: Sequence[str]) -> str | None:
    """How the events of a replay differ from the recording's: by kind, and by count.

    The kinds in BACKGROUND_EVENTS only need to be there in both: they come
    from negotiations that go on in the background until the app shuts down,
    and one more or one fewer proposal before the end is not a change.
    """
    old, new = Counter(recorded), Counter(replayed)
    changes = [
        f"{kind} recorded {old[kind]}, replayed {new[kind]}"
        for kind in sorted(old.keys() | new.keys())
        if old[kind] != new[kind]
        and (kind not in BACKGROUND_EVENTS or not old[kind] or not new[kind])
    ]
    return "events differ from the recording: " + "; ".join(changes) if changes else None


@contextlib.contextmanager
def record(
    name: str,
    directory: Path,
    *,
    api_url: str,
    app_key: str,
    env: Mapping[str, str] | None = None,
    origins: Mapping[str, str] | None = None,
) -> Iterator[CassetteSession]:
    """Record what the block does with the daemon at `api_url` as cassette `name`.

    `origins` maps further origins to record (e.g. an image repository) to the
    canonical origins the cassette shows instead; the API becomes
    CANONICAL_API_URL. `env` is stored (scrubbed) for the replay.
    """
    all_origins = {api_url: CANONICAL_API_URL, **(origins or {})}
    run_env = {"YAGNA_APPKEY": app_key, "YAGNA_API_URL": api_url, **(env or {})}
    recorder = Recorder(name, directory, origins=all_origins, secrets=[app_key], env=run_env)
    session = CassetteSession(name, directory, "record", dict(run_env), results=recorder.results)
    with recorder.recording():
        yield session


@contextlib.contextmanager
def replay(
    name: str,
    directory: Path,
    *,
    patience: float = DEFAULT_PATIENCE,
    check_events: bool = True,
    time_warp: bool = True,
    stall_grace: float = STALL_GRACE,
) -> Iterator[CassetteSession]:
    """Answer every request the block sends from cassette `name`; no daemon is contacted.

    On exit `session.problems` lists what did not match; the caller decides
    (the pytest fixture fails the test). `patience`: virtual seconds an
    answer nobody asks for holds the later ones up (golem_testing._tape);
    `time_warp`: run the program's timers in virtual time; `stall_grace`: real
    seconds a loop with nothing left to wait for may idle before the replay is
    declared stalled (golem_testing._timewarp).
    """
    yaml_path, tape_path = cassette_paths(directory, name)
    if not yaml_path.exists() or not tape_path.exists():
        raise CassetteNotFound(
            f"no cassette {name!r} in {directory} (record it with --golem-record)"
        )
    sidecar = read_sidecar(tape_path)
    player = Player(
        name,
        load_interactions(yaml_path),
        sidecar,
        patience=patience,
        time_warp=time_warp,
        stall_grace=stall_grace,
    )
    env = dict(sidecar.env)
    env.setdefault("YAGNA_API_URL", CANONICAL_API_URL)
    if env.get("YAGNA_APPKEY", APP_KEY_PLACEHOLDER) == APP_KEY_PLACEHOLDER:
        env["YAGNA_APPKEY"] = "replayed-app-key"
    session = CassetteSession(
        name, directory, "replay", env, failures=player.failures, results=dict(sidecar.results)
    )
    events = EventLog(lambda url: True)
    clock = ReplayClock(sidecar.started_at, player.tape, player.names, sidecar.clock)
    try:
        with player.patching(), _clock.installed(clock), events.capturing():
            yield session
    finally:
        session.summary = repr(player)
        session.problems = player.problems()
        if check_events and not session.problems:
            difference = event_difference(sidecar.events, events.names)
            if difference:
                session.problems.append(f"cassette {name}: {difference}")


def raise_problems(session: CassetteSession) -> None:
    if session.problems:
        more = f" (and {len(session.problems) - 1} more)" if len(session.problems) > 1 else ""
        raise CassetteMismatch(session.problems[0] + more + "\n" + "\n".join(session.problems[1:]))
