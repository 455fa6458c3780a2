"""pytest fixtures for apps built on golem-requestor: a local Golem network, and cassettes.

Registered through the `pytest11` entry point, so installing the package is
enough. Fixtures:

- `golem_local_network` (session): a whole Golem network on this machine
  (golem_localnet: yagna daemons, providers, a local chain), started in a thread
  of its own; YAGNA_APPKEY, YAGNA_API_URL and the rest of its environment are
  set while it runs. Needs the `localnet` extra.
- `golem_cassette`: replays `<golem_cassette_dir>/<test name>.yaml` with no
  daemon and sets the recorded environment; with `--golem-record` it records
  that cassette against `golem_local_network` instead. A replay fails the test
  when a request changed (saying which and how), when a recorded request is
  not sent any more, or when the golem_core events differ.

Options: `--golem-record`; ini `golem_cassette_dir` (default `cassettes`, from
the rootdir), `golem_providers` (3), `golem_subnet`; marker
`@pytest.mark.golem_cassette("name")` to choose a cassette's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from golem_testing._localnet import LocalNetworkHandle
    from golem_testing._session import CassetteSession

_SESSION = pytest.StashKey["CassetteSession"]()
_REPORTED = pytest.StashKey[int]()  # how many failures the test itself failed with


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("golem", "golem-requestor: local Golem network and cassettes")
    group.addoption(
        "--golem-record",
        action="store_true",
        default=False,
        help="record every golem_cassette against a local Golem network instead of replaying",
    )
    parser.addini(
        "golem_cassette_dir", "where cassettes live (from the rootdir)", default="cassettes"
    )
    parser.addini("golem_providers", "providers in golem_local_network", default="3")
    parser.addini("golem_subnet", "subnet of golem_local_network (default: public)", default="")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "golem_cassette(name): the cassette the test replays (default: its own name)"
    )


def cassette_name(item: pytest.Item) -> str:
    marker = item.get_closest_marker("golem_cassette")
    name = str(marker.args[0]) if marker and marker.args else item.name
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")


def cassette_dir(config: pytest.Config) -> Path:
    return config.rootpath / str(config.getini("golem_cassette_dir"))


@pytest.fixture(scope="session")
def golem_local_network(pytestconfig: pytest.Config) -> Iterator[LocalNetworkHandle]:
    """A local Golem network for the session; its environment is set while it runs."""
    from golem_testing._localnet import started

    providers = int(pytestconfig.getini("golem_providers"))
    subnet = str(pytestconfig.getini("golem_subnet")) or None
    with (
        started(providers=providers, subnet=subnet) as network,
        pytest.MonkeyPatch.context() as env,
    ):
        for key, value in network.env.items():
            env.setenv(key, value)
        yield network


@pytest.fixture
def golem_cassette(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[CassetteSession]:
    """The test's cassette: replayed offline, or recorded with `--golem-record`."""
    from golem_testing import _session
    from golem_testing._errors import CassetteNotFound

    name = cassette_name(request.node)
    directory = cassette_dir(request.config)
    if request.config.getoption("golem_record"):
        network: LocalNetworkHandle = request.getfixturevalue("golem_local_network")
        recording = _session.record(
            name,
            directory,
            api_url=network.api_url,
            app_key=network.app_key,
            env=network.env,
            origins=network.canonical_origins,
        )
        with recording as session:
            for key, value in session.env.items():
                monkeypatch.setenv(key, value)
            yield session
        return
    try:
        replaying = _session.replay(name, directory)
        session = replaying.__enter__()
    except CassetteNotFound as missing:
        pytest.fail(str(missing), pytrace=False)
    request.node.stash[_SESSION] = session
    try:
        for key, value in session.env.items():
            monkeypatch.setenv(key, value)
        yield session
    finally:
        replaying.__exit__(None, None, None)
    if request.node.stash.get(_REPORTED, 0):
        return  # the test failed with the change itself; the rest is its consequence
    if session.problems:
        pytest.fail("\n".join(session.problems), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A request that changed fails the test itself, even when the app swallowed the error.

    When the test failed because of it, the change is reported instead of the
    consequences it had deep in the app.
    """
    session = item.stash.get(_SESSION, None)
    try:
        result = yield
    except Exception as error:
        if session is None or not session.failures:
            raise
        consequence = f"(the test then failed with {type(error).__name__}: {error})"
        item.stash[_REPORTED] = len(session.failures)
        pytest.fail("\n".join([*session.failures, consequence]), pytrace=False)
    if session is not None and session.failures:
        item.stash[_REPORTED] = len(session.failures)
        pytest.fail("\n".join(session.failures), pytrace=False)
    return result
