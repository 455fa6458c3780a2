"""Published files and upload targets on an in-memory router: what the other node sees."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from golem_core.gsb.calls import GsbCallError
from golem_localnet.gftp.bus import GftpError
from golem_localnet.gftp.files import UPLOAD_NAME_LENGTH, ServedFiles
from tests.unit.gftp.fakes import NODE, FakeBus


@pytest.fixture
def bus() -> FakeBus:
    return FakeBus()


@pytest.fixture
def files(bus: FakeBus) -> ServedFiles:
    return ServedFiles(bus, NODE)


def name_of(url: str) -> str:
    prefix = f"gftp://{NODE}/"
    assert url.startswith(prefix)
    return url[len(prefix) :]


async def test_a_file_is_published_under_its_content_hash(
    bus: FakeBus, files: ServedFiles, tmp_path: Path
) -> None:
    data = bytes(range(256)) * 400  # 102400 bytes: two whole chunks and a short one
    path = tmp_path / "in.bin"
    path.write_bytes(data)
    url = await files.publish(path)
    name = name_of(url)
    assert name == hashlib.sha3_256(data).hexdigest()
    address = f"/net/{NODE}/gftp/{name}"
    assert await bus.call(f"{address}/GetMetadata", None, timeout=1) == {
        "Ok": {"fileSize": len(data)}
    }
    assert await bus.call(f"{address}/GetChunk", {"offset": 81920, "size": 40960}, timeout=1) == {
        "Ok": {"offset": 81920, "content": data[81920:]}
    }
    past_end = await bus.call(f"{address}/GetChunk", {"offset": 10**6, "size": 1}, timeout=1)
    assert isinstance(past_end, dict) and "ReadError" in past_end["Err"]  # type: ignore[operator]
    wrong = await bus.call(f"{address}/UploadChunk", {"chunk": {}}, timeout=1)
    assert isinstance(wrong, dict) and "InternalError" in wrong["Err"]  # type: ignore[operator]


async def test_the_file_is_served_as_it_was_when_published(
    bus: FakeBus, files: ServedFiles, tmp_path: Path
) -> None:
    path = tmp_path / "in.bin"
    path.write_bytes(b"first")
    url = await files.publish(path)
    path.unlink()  # yapapi deletes its temporary files; the open handle still serves
    address = f"/net/{NODE}/gftp/{name_of(url)}"
    chunk = await bus.call(f"{address}/GetChunk", {"offset": 0, "size": 40960}, timeout=1)
    assert chunk == {"Ok": {"offset": 0, "content": b"first"}}


async def test_the_same_content_twice_is_one_binding_until_closed(
    bus: FakeBus, files: ServedFiles, tmp_path: Path
) -> None:
    (tmp_path / "a").write_bytes(b"same")
    (tmp_path / "b").write_bytes(b"same")
    url = await files.publish(tmp_path / "a")
    assert await files.publish(tmp_path / "b") == url
    assert list(bus.handlers) == [f"/public/gftp/{name_of(url)}"]
    assert await files.close(url) is True
    assert await files.close(url) is False
    assert bus.handlers == {}
    with pytest.raises(GsbCallError):
        await bus.call(f"/net/{NODE}/gftp/{name_of(url)}/GetMetadata", None, timeout=1)


async def test_publishing_a_missing_file_fails(files: ServedFiles, tmp_path: Path) -> None:
    with pytest.raises(GftpError, match="cannot open"):
        await files.publish(tmp_path / "missing")
    assert files.published == {}


async def upload(bus: FakeBus, url: str, chunks: list[tuple[int, bytes]], digest: str) -> object:
    address = f"/net/{NODE}/gftp/{name_of(url)}"
    for offset, content in chunks:
        answer = await bus.call(
            f"{address}/UploadChunk", {"chunk": {"offset": offset, "content": content}}, timeout=1
        )
        assert answer == {"Ok": None}
    return await bus.call(f"{address}/UploadFinished", {"hash": digest}, timeout=1)


async def test_an_upload_arrives_out_of_order_and_is_checked(
    bus: FakeBus, files: ServedFiles, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "result.bin"
    url = await files.receive(target)
    name = name_of(url)
    assert len(name) == UPLOAD_NAME_LENGTH and name.isalnum()
    assert target.read_bytes() == b""  # created at once
    data = b"x" * 5 + b"y" * 5
    digest = hashlib.sha3_256(data).hexdigest()
    finished = await upload(bus, url, [(5, b"yyyyy"), (0, b"xxxxx")], digest)
    assert finished == {"Ok": None}
    assert target.read_bytes() == data


async def test_an_upload_with_the_wrong_hash_is_an_integrity_error(
    bus: FakeBus, files: ServedFiles, tmp_path: Path
) -> None:
    url = await files.receive(tmp_path / "result.bin")
    finished = await upload(bus, url, [(0, b"data")], hashlib.sha3_256(b"other").hexdigest())
    assert finished == {"Err": "IntegrityError"}


async def test_two_targets_get_different_names(files: ServedFiles, tmp_path: Path) -> None:
    first = await files.receive(tmp_path / "a")
    second = await files.receive(tmp_path / "b")
    assert first != second


async def test_aclose_unbinds_everything(bus: FakeBus, files: ServedFiles, tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"a")
    await files.publish(tmp_path / "a")
    await files.receive(tmp_path / "b")
    assert len(bus.handlers) == 2
    await files.aclose()
    assert bus.handlers == {}
    assert files.published == {} and files.uploads == {}


async def test_close_needs_a_gftp_url(files: ServedFiles) -> None:
    with pytest.raises(GftpError):
        await files.close("http://example/x")
