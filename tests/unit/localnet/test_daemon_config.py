"""Where a daemon's GSB router listens: a provider's on a Unix socket, the hub's on a TCP port."""

from __future__ import annotations

from pathlib import Path

import pytest

from golem_core.gsb.calls import TcpEndpoint, UnixEndpoint, parse_gsb_url
from golem_localnet.daemon import MAX_SOCKET_PATH, DaemonConfig, YagnaDaemon
from golem_localnet.network import provider_config, short_socket_dir
from golem_localnet.nodes import standalone_config


def environment(config: DaemonConfig, tmp_path: Path) -> dict[str, str]:
    return YagnaDaemon(config, data_dir=tmp_path / "yagna").environment()


def test_a_provider_daemon_has_its_gsb_router_on_a_unix_socket(tmp_path: Path) -> None:
    # over loopback TCP yagna's own bus connection stalled ~40 ms on crossing messages
    config = provider_config(3, "127.0.0.1:7464", tmp_path)
    socket = str(tmp_path / "provider-3.sock")
    env = environment(config, tmp_path)
    assert env["GSB_URL"] == config.gsb_url == f"unix:{socket}"
    assert env["CENTRAL_NET_HOST"] == "127.0.0.1:7464"
    # what the provider hands its exe-units and gftp
    assert parse_gsb_url(config.gsb_url) == UnixEndpoint(socket)


def test_the_hub_listens_on_a_port_and_is_its_own_central_net() -> None:
    config = standalone_config()
    assert config.gsb_port is not None
    assert parse_gsb_url(config.gsb_url) == TcpEndpoint("127.0.0.1", config.gsb_port)
    assert config.gsb_host == f"127.0.0.1:{config.gsb_port}"


def test_a_router_on_a_unix_socket_cannot_host_the_central_net(tmp_path: Path) -> None:
    config = DaemonConfig(app_key="k", api_port=2000, gsb_socket=str(tmp_path / "gsb.sock"))
    with pytest.raises(ValueError, match="cannot host the central net"):
        environment(config, tmp_path)


@pytest.mark.parametrize(
    ("port", "socket"),
    [(None, None), (2001, "/tmp/gsb.sock"), (None, "/" + "x" * MAX_SOCKET_PATH)],
)
def test_a_router_has_one_usable_address(port: int | None, socket: str | None) -> None:
    with pytest.raises(ValueError, match=r"gsb_port or gsb_socket|longer than"):
        DaemonConfig(app_key="k", api_port=2000, gsb_port=port, gsb_socket=socket)


def test_sockets_go_under_the_network_root_unless_the_path_is_too_long(tmp_path: Path) -> None:
    assert short_socket_dir(tmp_path) == tmp_path / "gsb"
    assert short_socket_dir(tmp_path / ("x" * MAX_SOCKET_PATH)) is None
