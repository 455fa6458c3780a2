"""Every example of examples/, replayed from its cassette with no daemon, its results checked.

`--golem-record` records them against a local Golem network (scripts/record_cassettes.py).
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

import pytest

from golem_testing import CassetteSession
from tests.replay.examples import load_example

# what `date` prints (its format depends on the locale, not the year)
DATE = re.compile(r"\S.*\b\d{1,2}:\d{2}:\d{2}\b.*\n")


def subnet() -> str:
    return os.environ.get("YAGNA_SUBNET", "public")


async def test_hello_world(
    golem_cassette: CassetteSession, capsys: pytest.CaptureFixture[str]
) -> None:
    hello = load_example("hello_world")
    outputs = await hello.main(argparse.Namespace(subnet_tag=subnet()))
    assert len(outputs) == 1 and DATE.fullmatch(outputs[0]), outputs
    assert outputs[0] in capsys.readouterr().out
    golem_cassette.check_result("outputs", outputs)


async def test_split_tasks(
    golem_cassette: CassetteSession, capsys: pytest.CaptureFixture[str]
) -> None:
    split = load_example("split_tasks")
    args = argparse.Namespace(subnet_tag=subnet(), tasks=4, numbers=200, max_workers=2, slow=0.0)
    total = await split.main(args)
    assert total == 200 * 201 * 401 // 6
    out = capsys.readouterr().out
    assert f"sum of squares of 1..200: {total} (correct)" in out
    parts = sorted(re.findall(r"task \S+ \[?\(?(\d+), (\d+)\)?\]?: (\d+)", out))
    assert len(parts) == 4, out
    for first, last, part in parts:
        assert int(part) == sum(n * n for n in range(int(first), int(last) + 1))
    golem_cassette.check_result("total", total)


async def test_yapapi_tutorial(
    golem_cassette: CassetteSession,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tutorial = load_example("yapapi_tutorial")
    monkeypatch.chdir(tmp_path)  # the tutorial downloads output_<frame>.png here
    await tutorial.main(subnet_tag=subnet())
    frames = range(0, 60, 10)
    rendered = {frame: (tmp_path / f"output_{frame}.png").read_text() for frame in frames}
    for frame, text in rendered.items():
        assert text.startswith(f"frame {frame} of cubes: 3 cubes, 1 light, 1 camera\n"), text
        assert f'"frames": [{frame}]' in text
    assert "6 tasks computed" in capsys.readouterr().out
    golem_cassette.check_result("frames", {str(k): v for k, v in rendered.items()})


async def test_custom_negotiation(
    golem_cassette: CassetteSession, capsys: pytest.CaptureFixture[str]
) -> None:
    negotiation = load_example("custom_negotiation")
    assert await negotiation.main([]) == 0
    out = capsys.readouterr().out
    assert "downloaded result file: b'HELLO FROM GOLEM_CORE\\n'" in out, out
    assert re.search(r"== 7\. invoice accepted", out), out
    assert re.search(r"== 8\. settled: paid [0-9.]+ GLM", out), out
    steps = re.findall(r"^== (\d)\.", out, re.MULTILINE)
    assert steps == [str(n) for n in range(1, 10)], steps
    golem_cassette.check_result(
        "steps", [line for line in out.splitlines() if line.startswith("==")]
    )


async def test_service(golem_cassette: CassetteSession, capsys: pytest.CaptureFixture[str]) -> None:
    service = load_example("service")
    args = argparse.Namespace(subnet_tag=subnet(), instances=2, rounds=2, start_timeout=120)
    answers = await service.main(args)
    assert len(answers) == 4 and all(DATE.fullmatch(answer + "\n") for answer in answers), answers
    out = capsys.readouterr().out
    assert len(re.findall(r"^\w{8} is running on provider-\d$", out, re.MULTILINE)) == 2, out
    assert len(re.findall(r"^round [12]: provider-\d says ", out, re.MULTILINE)) == 4, out
    assert len(re.findall(r"^\w{8} is terminated$", out, re.MULTILINE)) == 2, out
    golem_cassette.check_result("answers", answers)


async def test_network(
    golem_cassette: CassetteSession, capsys: pytest.CaptureFixture[str], free_port: int
) -> None:
    network = load_example("network")
    args = argparse.Namespace(subnet_tag=subnet(), instances=2, port=free_port, start_timeout=120)
    assert await network.main(args) == 0
    out = capsys.readouterr().out
    assert "the requestor is 192.168.0.1" in out
    addresses = sorted(re.findall(r" is (192\.168\.0\.\d+); its Deploy joined network", out))
    # the first instance where it was asked to be, the other at the next free address
    assert len(addresses) == 2 and "192.168.0.10" in addresses, out
    assert out.count(f"GET http://127.0.0.1:{free_port}/index.html -> 200 OK") == 2, out
    for ip in addresses:  # each instance's web server answered on its VPN address
        assert f"<html><body>Hello from {ip} on a Golem provider</body></html>" in out, out
    golem_cassette.check_result("addresses", addresses)
