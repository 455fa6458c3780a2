"""vm.repo resolves images through the repository over HTTP only when it must; vm.manifest."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator

import httpx
import pytest
import respx

from golem_hl.exceptions import PackageException
from golem_hl.payload import DemandBuilder, vm

HASH = "9a3b5d67b0b27746283cb5f287c13eab1beaa12d92a9f536b747c7ae"
INFO = {
    "sha3": HASH,
    "http": "http://127.0.0.1:8000/image.gvmi",
    "https": "https://127.0.0.1:8443/image.gvmi",
    "size": 1024,
}


@pytest.fixture(autouse=True)
def _no_repository_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(vm.REPOSITORY_URL_ENV, raising=False)


class Repository:
    """A scripted repository that records what it was asked."""

    def __init__(self, reply: Callable[[httpx.Request], httpx.Response]) -> None:
        self.requests: list[httpx.Request] = []
        self._reply = reply

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self._reply(request)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handle))


@pytest.fixture
def repository() -> Iterator[Repository]:
    yield Repository(lambda request: httpx.Response(200, json=INFO))


async def test_hash_and_url_need_no_lookup(repository: Repository) -> None:
    async with repository.client() as client:
        package = await vm.repo(
            image_hash=HASH, image_url="http://127.0.0.1:9/x.gvmi", http_client=client
        )
    assert repository.requests == []
    assert await package.resolve_url() == f"hash:sha3:{HASH}:http://127.0.0.1:9/x.gvmi"


async def test_demand_of_a_vm_package() -> None:
    package = await vm.repo(
        image_hash=HASH,
        image_url="http://127.0.0.1:9/x.gvmi",
        min_mem_gib=1.5,
        min_storage_gib=4.0,
        min_cpu_threads=2,
        capabilities=["vpn"],
    )
    demand = DemandBuilder()
    await package.decorate_demand(demand)

    assert demand.properties == {
        "golem.srv.comp.task_package": f"hash:sha3:{HASH}:http://127.0.0.1:9/x.gvmi",
        "golem.srv.comp.vm.package_format": "gvmkit-squash",
    }
    assert demand.constraints == (
        "(&(golem.inf.mem.gib>=1.5)\n\t(golem.inf.storage.gib>=4.0)\n\t(golem.inf.cpu.threads>=2)"
        "\n\t(golem.runtime.capabilities=vpn)\n\t(golem.runtime.name=vm))"
    )


async def test_hash_is_resolved_at_the_repository_from_the_environment(
    repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(vm.REPOSITORY_URL_ENV, "http://127.0.0.1:8000/")
    async with repository.client() as client:
        package = await vm.repo(image_hash=HASH, http_client=client)

    (request,) = repository.requests
    assert request.method == "GET"
    assert str(request.url) == f"http://127.0.0.1:8000/v1/image/info?hash={HASH}&count=true"
    assert package.task_package == f"hash:sha3:{HASH}:http://127.0.0.1:8000/image.gvmi"


async def test_tag_in_dev_mode_over_https_with_explicit_repository(
    repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(vm.REPOSITORY_URL_ENV, "http://127.0.0.1:1")  # the argument wins
    async with repository.client() as client:
        package = await vm.repo(
            image_tag="golem/alpine:latest",
            image_use_https=True,
            dev_mode=True,
            repository_url="http://127.0.0.1:8000",
            http_client=client,
        )

    (request,) = repository.requests
    assert request.url.host == "127.0.0.1" and request.url.port == 8000
    assert dict(request.url.params) == {"tag": "golem/alpine:latest", "dev": "true"}
    # the hash comes from the repository: a tag says nothing about it
    assert package.task_package == f"hash:sha3:{HASH}:https://127.0.0.1:8443/image.gvmi"


@respx.mock
async def test_default_repository_with_its_own_client() -> None:
    route = respx.get("https://registry.golem.network/v1/image/info").mock(
        return_value=httpx.Response(200, json=INFO)
    )
    package = await vm.repo(image_hash=HASH)
    assert route.call_count == 1
    assert package.image_url == INFO["http"]


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (httpx.Response(404, text="image not found"), "HTTP 404: image not found"),
        (httpx.Response(200, text="<html>"), "answered"),
        (httpx.Response(200, json={"sha3": HASH}), "lacks 'sha3' or 'http'"),
        (httpx.Response(200, json=[1]), "not an object"),
    ],
)
async def test_repository_failures_raise_package_exception(
    reply: httpx.Response, message: str
) -> None:
    repository = Repository(lambda request: reply)
    async with repository.client() as client:
        with pytest.raises(PackageException, match=message):
            await vm.repo(image_hash=HASH, http_client=client)


async def test_unreachable_repository_raises_package_exception() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    repository = Repository(refuse)
    async with repository.client() as client:
        with pytest.raises(PackageException, match="cannot reach") as caught:
            await vm.repo(image_hash=HASH, http_client=client)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"image_hash": HASH, "image_tag": "a:b"},
        {"image_url": "http://127.0.0.1:9/x.gvmi"},
        {"image_url": "http://127.0.0.1:9/x.gvmi", "image_hash": HASH, "image_tag": "a:b"},
    ],
)
async def test_wrong_arguments_are_refused_before_any_request(
    repository: Repository, arguments: dict[str, str]
) -> None:
    async with repository.client() as client:
        with pytest.raises(PackageException):
            await vm.repo(http_client=client, **arguments)  # type: ignore[arg-type]
    assert repository.requests == []


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"image_hash": "not-hex-" + HASH[8:]}, "image_hash"),
        ({"image_hash": HASH[:-1]}, "image_hash"),  # 55 digits: no sha3 digest is that long
        ({"image_hash": "zz", "image_url": "http://127.0.0.1:9/x.gvmi"}, "image_hash"),
        ({"image_hash": HASH, "min_mem_gib": -1}, "min_mem_gib"),
        ({"image_hash": HASH, "min_storage_gib": float("nan")}, "min_storage_gib"),
        ({"image_hash": HASH, "min_storage_gib": float("inf")}, "min_storage_gib"),
        ({"image_hash": HASH, "min_cpu_threads": -2}, "min_cpu_threads"),
        ({"image_hash": HASH, "min_cpu_threads": "4"}, "min_cpu_threads"),
    ],
    ids=[
        "not-hex",
        "short",
        "not-hex-with-url",
        "mem",
        "storage-nan",
        "storage-inf",
        "threads",
        "threads-str",
    ],
)
async def test_malformed_payload_arguments_are_named_before_any_request(
    repository: Repository, arguments: dict[str, object], named: str
) -> None:
    async with repository.client() as client:
        with pytest.raises(PackageException, match=named):
            await vm.repo(http_client=client, **arguments)  # type: ignore[arg-type]
    assert repository.requests == []


async def test_manifest_constraints_are_checked_too() -> None:
    with pytest.raises(PackageException, match=r"min_mem_gib must be a number >= 0, got -0\.5"):
        await vm.manifest(json.dumps(MANIFEST), min_mem_gib=-0.5)


async def test_prefixed_hashes_and_zero_minimums_are_accepted(repository: Repository) -> None:
    async with repository.client() as client:
        package = await vm.repo(
            http_client=client, image_hash=f"sha3:{HASH}", min_mem_gib=0, min_cpu_threads=0
        )
    assert package.image_hash == HASH  # the repository's answer
    assert len(repository.requests) == 1


MANIFEST = {"version": "0.1.0", "payload": [{"hash": f"sha3:{HASH}"}]}


async def test_manifest_from_bytes_with_signature() -> None:
    raw = json.dumps(MANIFEST).encode()
    package = await vm.manifest(
        raw,
        manifest_sig=b"\x01\x02",
        manifest_sig_algorithm="sha256",
        manifest_cert=base64.b64encode(b"cert").decode(),
        capabilities=["inet", "manifest-support"],
    )
    props = package.demand_properties()
    assert props == {
        "golem.srv.comp.payload": base64.b64encode(raw).decode(),
        "golem.srv.comp.payload.sig": "AQI=",
        "golem.srv.comp.payload.sig.algorithm": "sha256",
        "golem.srv.comp.payload.cert": "Y2VydA==",
        "golem.srv.comp.vm.package_format": "gvmkit-squash",
    }
    assert (
        "(&(golem.runtime.capabilities=inet)\n\t(golem.runtime.capabilities=manifest-support))"
        in package.demand_constraints()
    )
    assert await package.resolve_url() == ""


async def test_manifest_string_is_kept_when_base64_and_encoded_when_raw() -> None:
    encoded = base64.b64encode(json.dumps(MANIFEST).encode()).decode()
    assert (await vm.manifest(encoded)).manifest == encoded
    raw_text = json.dumps(MANIFEST)
    assert (await vm.manifest(raw_text)).manifest == encoded
    assert "golem.srv.comp.payload.sig" not in (await vm.manifest(encoded)).demand_properties()


async def test_manifest_node_descriptor_replaces_signature() -> None:
    descriptor = {"nodeId": "0x01", "signature": {"algorithm": "sha256"}}
    package = await vm.manifest(json.dumps(MANIFEST), node_descriptor=descriptor)
    assert package.demand_properties()["golem.!exp.gap-31.v0.node.descriptor"] == descriptor
    with pytest.raises(ValueError, match="node descriptor"):
        await vm.manifest(json.dumps(MANIFEST), manifest_sig="AQI=", node_descriptor=descriptor)
