"""`golem-localnet up|status|down|serve` (or `python -m golem_localnet`): the network from a shell.

`up` starts `serve` as a detached process (its own session), waits until it
says the network is ready (one line on a pipe: no polling), prints the
requestor's app key and API URL with `export` lines, and returns. `serve` runs
a `LocalNetwork` until SIGTERM/SIGINT, keeping a state file (JSON) with every
PID it started. `status` reads it and checks each process and the API;
`down` asks `serve` to stop and waits for it (pidfd, no polling).

Everything lives in one runtime directory ($GOLEM_LOCALNET_RUNTIME_DIR, else
$XDG_RUNTIME_DIR/golem-localnet, else /tmp/golem-localnet-<uid>): the state
file, the log, and the network's data. A crashed run leaves a state file whose
supervisor is dead; the next `up` (or `down`) kills what it recorded (after
checking each PID still runs the program it recorded) and removes its files.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import attrs
import cattrs
import httpx

from golem_localnet.chain.yagna_env import POSABLE_NETWORKS
from golem_localnet.network import DEFAULT_SUBNET, MAX_PROVIDERS, PAYMENT_NETWORK, LocalNetwork

__all__ = [
    "DESCRIPTION",
    "DOWN_TIMEOUT_S",
    "LOG_FILE",
    "LOG_FORMAT",
    "NETWORK_DIR",
    "STATE_FILE",
    "UP_TIMEOUT_S",
    "Process",
    "State",
    "clean_up",
    "describe",
    "down",
    "forwarded",
    "is_running",
    "main",
    "parse_faults",
    "parser",
    "print_env",
    "read_state",
    "runtime_dir",
    "serve",
    "status",
    "up",
    "write_state",
]

DESCRIPTION = "A Golem network on this machine: a local chain, a requestor node, providers."
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
STATE_FILE = "state.json"
LOG_FILE = "localnet.log"
NETWORK_DIR = "net"
UP_TIMEOUT_S = 180.0
DOWN_TIMEOUT_S = 60.0
# what each recorded process must still be running, or its PID belongs to someone else now
_PROGRAMS = {"anvil": "anvil", "yagna": "yagna", "serve": "golem_localnet"}

_converter = cattrs.Converter()


@attrs.define
class Process:
    label: str
    pid: int

    @property
    def program(self) -> str:
        return _PROGRAMS[self.label.split()[0]]


@attrs.define
class State:
    """What `serve` writes about the network it runs."""

    supervisor: int
    root: str
    status: str = "starting"  # starting | up | failed
    processes: list[Process] = attrs.field(factory=list)
    env: dict[str, str] = attrs.field(factory=dict)
    providers: list[dict[str, str]] = attrs.field(factory=list)
    chain: dict[str, str] | None = None
    started_in_s: float | None = None
    error: str | None = None

    def all_processes(self) -> list[Process]:
        return [Process("serve", self.supervisor), *self.processes]


def runtime_dir() -> Path:
    explicit = os.environ.get("GOLEM_LOCALNET_RUNTIME_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    return Path(xdg) / "golem-localnet" if xdg else Path(f"/tmp/golem-localnet-{os.getuid()}")


def read_state(directory: Path) -> State | None:
    try:
        return _converter.structure(json.loads((directory / STATE_FILE).read_text()), State)
    except FileNotFoundError:
        return None
    except (ValueError, TypeError, KeyError, cattrs.BaseValidationError):
        return State(supervisor=0, root=str(directory / NETWORK_DIR), status="unreadable")


def write_state(directory: Path, state: State) -> None:
    """Replace the state file atomically, so a reader never sees half of it."""
    temporary = directory / f".{STATE_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(_converter.unstructure(state), indent=2))
    temporary.replace(directory / STATE_FILE)


def is_running(process: Process) -> bool:
    """Alive, and still the program we started (PIDs are reused)."""
    try:
        argv = Path(f"/proc/{process.pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return process.pid > 0 and any(process.program.encode() in arg for arg in argv[:3])


# --- serve: the supervisor ------------------------------------------------------------------


async def serve(args: argparse.Namespace, directory: Path, ready_fd: int | None) -> int:
    state = State(supervisor=os.getpid(), root=str(directory / NETWORK_DIR))
    write_state(directory, state)

    def recorded(label: str, pid: int) -> None:
        state.processes.append(Process(label, pid))
        write_state(directory, state)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    network = LocalNetwork(
        args.providers,
        chain=not args.no_chain,
        faults=parse_faults(args.fault),
        subnet=args.subnet,
        root=Path(state.root),
        requestor_api_port=args.api_port,
        on_process=recorded,
        payment_network=args.payment_network,
    )
    try:
        await network.start()
    except Exception as error:
        state.status, state.error = "failed", f"{type(error).__name__}: {error}"
        write_state(directory, state)
        _tell(ready_fd, "failed")
        raise
    describe(network, state)
    write_state(directory, state)
    _tell(ready_fd, "up")
    try:
        await stop.wait()
    finally:
        await network.stop()
        (directory / STATE_FILE).unlink(missing_ok=True)
    return 0


def describe(network: LocalNetwork, state: State) -> None:
    state.status = "up"
    state.started_in_s = network.started_in_s
    state.env = network.requestor_env()
    state.providers = [
        {"name": p.name, "node_id": p.node_id, "api_url": p.daemon.config.api_url}
        for p in network.providers
    ]
    if network.chain is not None:
        state.chain = {
            "rpc_url": network.chain.rpc_url,
            "token": network.chain.contracts.token,
            "multi_transfer": network.chain.contracts.multi_transfer,
            "payment_network": network.payment_network,
        }


def _tell(fd: int | None, message: str) -> None:
    if fd is not None:
        with contextlib.suppress(OSError):
            os.write(fd, message.encode() + b"\n")
            os.close(fd)


def parse_faults(texts: Sequence[str]) -> dict[int, list[str]]:
    """`INDEX:KIND[=VALUE]` options, e.g. `1:overcharge=3`, grouped by provider index."""
    faults: dict[int, list[str]] = {}
    for text in texts:
        index, sep, fault = text.partition(":")
        if not sep or not index.isdigit() or not fault:
            raise ValueError(f"a fault is INDEX:KIND[=VALUE], not {text!r}")
        faults.setdefault(int(index), []).append(fault)
    return faults


# --- up / status / down ------------------------------------------------------------------


def up(args: argparse.Namespace, directory: Path) -> int:
    state = read_state(directory)
    if state is not None and is_running(Process("serve", state.supervisor)):
        print(f"already up (pid {state.supervisor}); `down` first to restart it")
        print_env(state)
        return 0
    if state is not None:
        print(f"cleaning up after a run that did not stop (pid {state.supervisor})")
        clean_up(directory, state)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    read_end, write_end = os.pipe()
    command = [sys.executable, "-m", "golem_localnet", "serve", "--ready-fd", str(write_end)]
    command += forwarded(args)
    with (directory / LOG_FILE).open("ab") as log:
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=(write_end,),
            start_new_session=True,
            env={**os.environ, "GOLEM_LOCALNET_RUNTIME_DIR": str(directory)},
        )
    os.close(write_end)
    with os.fdopen(read_end) as ready:
        answered, _, _ = select.select([ready], [], [], args.timeout)
        message = ready.readline().strip() if answered else "timeout"
    state = read_state(directory)
    if message != "up" or state is None:
        why = state.error if state is not None and state.error else message or "it exited"
        print(f"the local network did not start: {why} (log: {directory / LOG_FILE})")
        if child.poll() is None:
            child.terminate()
        child.wait()
        if state is not None:
            clean_up(directory, state)
        return 1
    print(f"local network up in {state.started_in_s:.1f} s (supervisor pid {state.supervisor})")
    print_env(state)
    return 0


def forwarded(args: argparse.Namespace) -> list[str]:
    options = ["--providers", str(args.providers), "--subnet", args.subnet]
    options += ["--payment-network", args.payment_network]
    options += ["--no-chain"] if args.no_chain else []
    options += ["--api-port", str(args.api_port)] if args.api_port else []
    for fault in args.fault:
        options += ["--fault", fault]
    return options


def print_env(state: State) -> None:
    print(f"app key: {state.env.get('YAGNA_APPKEY')}")
    print(f"API URL: {state.env.get('YAGNA_API_URL')}")
    for name, value in state.env.items():
        print(f"export {name}={value}")


def status(directory: Path) -> int:
    state = read_state(directory)
    if state is None:
        print("not running")
        return 3
    healthy = state.status == "up"
    if not is_running(Process("serve", state.supervisor)):
        state.error = "its supervisor is gone; `up` or `down` cleans up after it"
    print(f"status: {state.status}" + (f" ({state.error})" if state.error else ""))
    for process in state.all_processes():
        alive = is_running(process)
        healthy &= alive
        print(f"  {process.label:<22} pid {process.pid:<8} {'running' if alive else 'DEAD'}")
    api = state.env.get("YAGNA_API_URL")
    if api:
        try:
            answered = httpx.get(f"{api}/version/get", timeout=5.0, trust_env=False).is_success
        except httpx.HTTPError:
            answered = False
        healthy &= answered
        print(f"  requestor API {api}: {'answers' if answered else 'NOT ANSWERING'}")
    for provider in state.providers:
        print(f"  {provider['name']}: {provider['node_id']}")
    return 0 if healthy else 1


def down(directory: Path, timeout: float = DOWN_TIMEOUT_S) -> int:
    state = read_state(directory)
    if state is None:
        print("not running")
        return 0
    supervisor = Process("serve", state.supervisor)
    if is_running(supervisor):
        with contextlib.suppress(ProcessLookupError):
            descriptor = os.pidfd_open(supervisor.pid)
            os.kill(supervisor.pid, signal.SIGTERM)
            began = time.monotonic()
            exited, _, _ = select.select([descriptor], [], [], timeout)
            os.close(descriptor)
            if exited:
                print(f"stopped in {time.monotonic() - began:.1f} s")
            else:
                print(f"the supervisor did not stop within {timeout} s; killing what is left")
    clean_up(directory, state)
    (directory / LOG_FILE).unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # only if nothing else of anyone's is in it
        directory.rmdir()
    return 0


def clean_up(directory: Path, state: State) -> None:
    """Kill whatever the state file recorded that still runs; remove the network's files."""
    survivors = [p for p in state.all_processes() if is_running(p)]
    for process in survivors:
        print(f"killing leftover {process.label} (pid {process.pid})")
        with contextlib.suppress(ProcessLookupError, PermissionError):
            # each was started in a session of its own: its group holds its children
            os.killpg(process.pid, signal.SIGKILL)
    if state.supervisor > 0:  # exe-units run in the supervisor's process group
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(state.supervisor, signal.SIGKILL)
    shutil.rmtree(state.root, ignore_errors=True)
    (directory / STATE_FILE).unlink(missing_ok=True)


# --- arguments ------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="golem-localnet", description=__doc__.split("\n")[0])
    commands = top.add_subparsers(dest="command", required=True)
    for name, text in (("up", "start in the background"), ("serve", "run in the foreground")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--providers", type=int, default=3, choices=range(MAX_PROVIDERS + 1))
        command.add_argument("--subnet", default=DEFAULT_SUBNET)
        command.add_argument(
            "--payment-network",
            default=PAYMENT_NETWORK,
            choices=POSABLE_NETWORKS,
            help=f"the test network the local chain poses as (default {PAYMENT_NETWORK})",
        )
        command.add_argument("--no-chain", action="store_true", help="no anvil: nothing is paid")
        command.add_argument("--api-port", type=int, help="the requestor's API port (4 digits)")
        command.add_argument("--fault", action="append", default=[], metavar="INDEX:KIND[=VALUE]")
        command.add_argument("--timeout", type=float, default=UP_TIMEOUT_S, help=argparse.SUPPRESS)
        command.add_argument("--ready-fd", type=int, help=argparse.SUPPRESS)
    commands.add_parser("status", help="check every process and the requestor API")
    commands.add_parser("down", help="stop everything and remove its files")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    directory = runtime_dir()
    if args.command in ("up", "serve"):
        try:
            parse_faults(args.fault)
            LocalNetwork(args.providers, faults=parse_faults(args.fault))  # validates only
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    if args.command == "up":
        return up(args, directory)
    if args.command == "serve":
        state = read_state(directory)
        if args.ready_fd is None and state is not None:  # by hand: as careful as `up`
            if is_running(Process("serve", state.supervisor)):
                print(f"already up (pid {state.supervisor})", file=sys.stderr)
                return 1
            clean_up(directory, state)
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        logging.getLogger("httpx").setLevel(logging.WARNING)
        return asyncio.run(serve(args, directory, args.ready_fd))
    if args.command == "status":
        return status(directory)
    return down(directory)
