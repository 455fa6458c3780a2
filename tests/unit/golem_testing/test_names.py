"""Our invented names repeat, and are matched by role when concurrent tasks draw them in turn."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from golem_core import _clock
from golem_testing import CassetteMismatch, replay
from golem_testing._names import NameMap, Names, names_in, without_names
from tests.unit.golem_testing.cassettes import API, Exchange, write_cassette


def test_the_names_of_a_cassette_repeat() -> None:
    names = Names("job")
    drawn = [names.new_id() for _ in range(3)]
    assert drawn == [Names("job").nth(n) for n in (1, 2, 3)]
    assert set(drawn) <= Names("job").first(5) and len(set(drawn)) == 3


def test_names_are_found_and_taken_out() -> None:
    one, two = Names("c").nth(1), Names("c").nth(2)
    data = f'{{"on": "/public/gftp/{one}", "to": "gftp://0xabc/{two}", "x": "{"f" * 32}"}}'
    known = {one, two}
    assert names_in(data.encode(), known) == [one, two]
    assert without_names(data.encode(), known) == (
        b'{"on": "/public/gftp/<name>", "to": "gftp://0xabc/<name>", "x": "' + b"f" * 32 + b'"}'
    )


def test_names_line_up_one_to_one() -> None:
    names = NameMap()
    pairs = names.fits(["a"], ["x"])
    assert pairs == {"a": "x"}
    names.bind(pairs)
    assert names.fits(["a", "b"], ["x", "y"]) == {"b": "y"}
    assert names.fits(["a"], ["y"]) is None  # a stands for x
    assert names.fits(["b"], ["x"]) is None  # x is a's
    assert names.fits(["a"], ["x", "x"]) is None


def bind(name: str, component: str) -> Exchange:
    body = {"listen": {"on": f"/public/gftp/{name}", "components": [component]}}
    return Exchange("POST", "/gsb-api/v1/services", {"servicesId": name}, body)


async def test_names_drawn_in_another_order_still_match(tmp_path: Path) -> None:
    first, second = Names("names").nth(1), Names("names").nth(2)
    # recorded: the upload target drew the first name, the published file the second
    write_cassette(
        tmp_path,
        "names",
        [bind(first, "UploadChunk"), bind(second, "GetMetadata")],
        names=[first, second],
    )
    with replay("names", tmp_path) as session:
        async with httpx.AsyncClient(base_url=API) as client:
            # replayed: the published file draws first
            published, target = _clock.new_id(), _clock.new_id()
            assert published == first
            for name, component in ((published, "GetMetadata"), (target, "UploadChunk")):
                body = {"listen": {"on": f"/public/gftp/{name}", "components": [component]}}
                await client.post("/gsb-api/v1/services", json=body)
    assert session.problems == []


async def test_a_name_must_keep_its_role(tmp_path: Path) -> None:
    first, second = Names("roles").nth(1), Names("roles").nth(2)
    write_cassette(
        tmp_path, "roles", [bind(first, "GetMetadata"), bind(first, "GetChunk")], names=[first]
    )
    with replay("roles", tmp_path) as session:
        async with httpx.AsyncClient(base_url=API) as client:
            one, two = _clock.new_id(), _clock.new_id()
            body = {"listen": {"on": f"/public/gftp/{one}", "components": ["GetMetadata"]}}
            await client.post("/gsb-api/v1/services", json=body)
            # the recording used the same name twice; another name is a change
            body = {"listen": {"on": f"/public/gftp/{two}", "components": ["GetChunk"]}}
            with pytest.raises(
                CassetteMismatch, match="request changed: POST /gsb-api/v1/services"
            ):
                await client.post("/gsb-api/v1/services", json=body)
    assert second == two and session.failures
