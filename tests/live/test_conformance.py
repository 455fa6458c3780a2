"""golem_hl against real yapapi 0.13.1's public surface (yapapi from the package registry)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.conformance import compare, load_allowlist, walk_golem_hl, walk_yapapi
from bench.venv import default_venv, ensure_yapapi

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def yapapi_python() -> Path:
    """yapapi 0.13.1's venv, made from the package registry on first use (as the bench's)."""
    return ensure_yapapi(default_venv())


def test_every_public_yapapi_module_and_name_is_in_golem_hl_or_allow_listed(
    yapapi_python: Path,
) -> None:
    theirs = walk_yapapi(yapapi_python)
    report = compare(theirs, walk_golem_hl(theirs), load_allowlist())
    print(report.table())
    # the walk found yapapi's surface, not an empty or broken install
    assert len(report.rows) >= 50 and report.names_total >= 400
    assert report.missing == [], "missing from golem_hl:\n" + "\n".join(report.missing)
    assert report.stale_allowances == [], f"allow-listed but present: {report.stale_allowances}"


CUSTOM_PAYLOAD = """
import asyncio, dataclasses, datetime
from {pkg}.props.builder import DemandBuilder
from {pkg}.props.base import prop, constraint
from {pkg}.props import inf, NodeInfo, Activity
from {pkg}.payload import Payload
from {pkg}.payload.vm import VmRequest, VmPackageFormat

@dataclasses.dataclass
class MyPayload(Payload):
    myprop: str = prop("golem.srv.app.myprop", default="myvalue")
    runtime: str = constraint(inf.INF_RUNTIME_NAME, default="my-runtime")
    min_mem_gib: float = constraint(inf.INF_MEM, operator=">=", default=16)
    min_storage_gib: float = constraint(inf.INF_STORAGE, operator=">=", default=1024)
    caps: list = constraint("golem.runtime.capabilities", default_factory=lambda: ["vpn", "inet"])

async def main():
    builder = DemandBuilder()
    await builder.decorate(MyPayload(myprop="othervalue", min_mem_gib=32))
    builder.add(NodeInfo(name="n", subnet_tag="public"))
    when = datetime.datetime(2026, 1, 2, tzinfo=datetime.timezone.utc)
    builder.add(Activity(expiration=when, multi_activity=True))
    squash = VmPackageFormat.GVMKIT_SQUASH
    builder.add(VmRequest(package_url="hash:sha3:ab:http://x", package_format=squash))
    print(builder)
    print(NodeInfo.from_properties({{"golem.node.id.name": "x", "other": 1}}))

asyncio.run(main())
"""


MANIFEST = """
import datetime, json
from {pkg}.payload.manifest import Manifest
from {pkg}.utils import explode_dict

fields = {{
    "payload.0.hash": "sha3:0123",
    "payload.0.urls": ["http://127.0.0.1/image"],
    "payload.0.platform.os_version": "6.1",
    "comp_manifest.script.commands": ["run .*", "transfer .*"],
    "comp_manifest.net.inet.out.urls": ["https://api.example"],
    "comp_manifest.net.inet.out.unrestricted": False,
    "metadata.name": "app",
    "metadata.version": "1.0",
    "created_at": datetime.datetime(2026, 1, 2, tzinfo=datetime.timezone.utc),
}}
manifest = Manifest.parse_obj(explode_dict(fields))
text = json.dumps(manifest.dict(by_alias=True))
print(text)
again = Manifest.parse_obj(json.loads(text), by_alias=True)
print(again == manifest, json.dumps(again.dict()))
"""


def _run(python: str, script: str) -> str:
    done = subprocess.run(
        [python, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


@pytest.mark.parametrize("script", [CUSTOM_PAYLOAD, MANIFEST], ids=["custom-payload", "manifest"])
def test_demands_and_manifests_come_out_as_yapapis(script: str, yapapi_python: Path) -> None:
    ours = _run(sys.executable, script.format(pkg="golem_hl"))
    assert "golem.srv.app.myprop" in ours or "compManifest" in ours
    assert ours == _run(str(yapapi_python), script.format(pkg="yapapi"))
