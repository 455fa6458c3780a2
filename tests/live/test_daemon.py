"""The daemon fixture itself: fixed identity, loopback only, nothing left behind."""

from __future__ import annotations

import os
import socket

import httpx
import pytest

from golem_localnet.daemon import DaemonError, YagnaDaemon
from golem_localnet.identities import PROVIDER_NODE_IDS, REQUESTOR_NODE_ID
from golem_localnet.nodes import TwoNodes, standalone_config, standalone_node

pytestmark = pytest.mark.live


def port_is_listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_daemon_uses_the_fixed_identity_and_app_key(yagna: YagnaDaemon) -> None:
    me = httpx.get(
        f"{yagna.config.api_url}/me",
        headers={"Authorization": f"Bearer {yagna.config.app_key}"},
        trust_env=False,
    )
    assert me.status_code == 200
    assert me.json()["identity"] == REQUESTOR_NODE_ID


def test_two_nodes_have_distinct_fixed_identities(two_nodes: TwoNodes) -> None:
    ids = []
    for node in (two_nodes.requestor, two_nodes.provider):
        me = httpx.get(
            f"{node.config.api_url}/me",
            headers={"Authorization": f"Bearer {node.config.app_key}"},
            trust_env=False,
        )
        ids.append(me.json()["identity"])
    assert ids == [REQUESTOR_NODE_ID, PROVIDER_NODE_IDS[0]]


def test_stop_leaves_no_process_port_or_data_dir() -> None:
    with standalone_node() as daemon:
        pid = daemon.pid
        assert pid is not None
        gsb_port = daemon.config.gsb_port
        assert gsb_port is not None  # a standalone node's router listens on TCP
        ports = (daemon.config.api_port, gsb_port)
        assert all(port_is_listening(p) for p in ports)
        data_dir = daemon.data_dir
    assert not data_dir.exists()
    assert not any(port_is_listening(p) for p in ports)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_stop_also_happens_when_the_body_fails() -> None:
    with pytest.raises(RuntimeError, match="test body failed"), standalone_node() as daemon:
        port = daemon.config.api_port
        raise RuntimeError("test body failed")
    assert not port_is_listening(port)


def test_a_daemon_that_cannot_start_says_why() -> None:
    config = standalone_config()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", config.api_port))
        squatter.listen()
        daemon = YagnaDaemon(config)
        with pytest.raises(DaemonError, match="yagna exited"):
            daemon.start(timeout=30)
    assert not daemon.data_dir.exists()
