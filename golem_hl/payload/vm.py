"""VM payloads: a gvmkit image (`repo`) or a Computation Payload Manifest (`manifest`).

The provider's VM runtime downloads the image named in
`golem.srv.comp.task_package`, written `hash:sha3:<sha3-224 hex>:<url>`, and
checks the hash itself. When the caller gives only a hash or a tag we ask the
image repository where the image lives:

    GET <repository>/v1/image/info?hash=<hash>&count=true   (or tag=<tag>; dev=true in dev mode)
    -> {"sha3": "<hash>", "http": "<url>", "https": "<url>", "size": <bytes>}

The repository is the `repository_url` argument, else the `GOLEM_REPOSITORY_URL`
environment variable (the local network points it at its loopback repository),
else Golem's public registry. With both `image_url` and `image_hash` there is
nothing to look up and no request is made.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import logging
import math
import os
import string
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, Literal

import attrs
import httpx

from golem_hl.exceptions import PackageException
from golem_hl.payload._model import Package, constraint_expression
from golem_hl.props.base import prop
from golem_hl.props.inf import ExeUnitManifestRequest as VmManifestRequest
from golem_hl.props.inf import InfBase, VmPackageFormat, VmRequest

__all__ = [
    "DEFAULT_REPOSITORY_URL",
    "REPOSITORY_URL_ENV",
    "VM_CAPS_INET",
    "VM_CAPS_MANIFEST_SUPPORT",
    "VM_CAPS_VPN",
    "InfVm",
    "InfVmKeys",
    "VmCaps",
    "VmConstraints",
    "VmManifestPackage",
    "VmManifestRequest",
    "VmPackage",
    "VmPackageFormat",
    "VmRequest",
    "is_base64",
    "manifest",
    "parse_image_info",
    "registry_query",
    "repo",
    "repository_url_from",
    "task_package",
]

logger = logging.getLogger(__name__)

DEFAULT_REPOSITORY_URL: Final = "https://registry.golem.network"
REPOSITORY_URL_ENV: Final = "GOLEM_REPOSITORY_URL"
# an explicit deadline for the one lookup; the registry answers from an index
REPOSITORY_TIMEOUT_SECONDS: Final = 30.0

VM_CAPS_VPN: Final = "vpn"
VM_CAPS_INET: Final = "inet"
VM_CAPS_MANIFEST_SUPPORT: Final = "manifest-support"
VmCaps = Literal["vpn", "inet", "manifest-support"]

RUNTIME_VM: Final = "vm"
PACKAGE_FORMAT: Final = "gvmkit-squash"

PROP_TASK_PACKAGE: Final = "golem.srv.comp.task_package"
PROP_PACKAGE_FORMAT: Final = "golem.srv.comp.vm.package_format"
PROP_MANIFEST: Final = "golem.srv.comp.payload"
PROP_MANIFEST_SIG: Final = "golem.srv.comp.payload.sig"
PROP_MANIFEST_SIG_ALGORITHM: Final = "golem.srv.comp.payload.sig.algorithm"
PROP_MANIFEST_CERT: Final = "golem.srv.comp.payload.cert"
PROP_NODE_DESCRIPTOR: Final = "golem.!exp.gap-31.v0.node.descriptor"

INF_MEM: Final = "golem.inf.mem.gib"
INF_STORAGE: Final = "golem.inf.storage.gib"
INF_THREADS: Final = "golem.inf.cpu.threads"
INF_RUNTIME_NAME: Final = "golem.runtime.name"
RUNTIME_CAPABILITIES: Final = "golem.runtime.capabilities"


# --- pure pieces --------------------------------------------------------------


@dataclasses.dataclass
class InfVm(InfBase):
    """A VM provider's infrastructure properties (runtime `vm`, with its core count)."""

    runtime = RUNTIME_VM
    cores: int = prop("golem.inf.cpu.cores", default=1)


InfVmKeys = InfVm.property_keys()


def is_base64(s: str | bytes) -> bool:
    """Whether `s` is valid base64 (as a manifest or signature already encoded is)."""
    try:
        base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _string_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _at_least_zero(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """yapapi sends any number, and a negative minimum silently matches every provider."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise PackageException(f"{attribute.name} must be a number >= 0, got {value!r}")
    if not math.isfinite(value):
        raise PackageException(f"{attribute.name} must be finite, got {value!r}")


# sha3 digests the exe-unit can verify an image with: 224, 256, 384 or 512 bits
_SHA3_HEX_LENGTHS = (56, 64, 96, 128)


def check_image_hash(image_hash: str) -> str:
    """A sha3 hex digest, else PackageException naming it (before any request is made)."""
    text = image_hash.removeprefix("sha3:")
    if len(text) not in _SHA3_HEX_LENGTHS or any(c not in string.hexdigits for c in text):
        raise PackageException(
            f"image_hash must be a sha3 digest in hex ({'/'.join(map(str, _SHA3_HEX_LENGTHS))}"
            f" digits), got {image_hash!r}"
        )
    return image_hash


@attrs.frozen
class VmConstraints:
    """What a provider must offer to run our VM."""

    min_mem_gib: float = attrs.field(validator=_at_least_zero)
    min_storage_gib: float = attrs.field(validator=_at_least_zero)
    min_cpu_threads: int = attrs.field(validator=_at_least_zero)
    capabilities: tuple[str, ...] = attrs.field(default=(), converter=_string_tuple)
    runtime: str = RUNTIME_VM

    def expressions(self) -> list[str]:
        found = [
            constraint_expression(INF_MEM, ">=", self.min_mem_gib),
            constraint_expression(INF_STORAGE, ">=", self.min_storage_gib),
            constraint_expression(INF_THREADS, ">=", self.min_cpu_threads),
            constraint_expression(RUNTIME_CAPABILITIES, "=", list(self.capabilities)),
            constraint_expression(INF_RUNTIME_NAME, "=", self.runtime),
        ]
        return [e for e in found if e]


def task_package(image_hash: str, image_url: str) -> str:
    return f"hash:sha3:{image_hash}:{image_url}"


def repository_url_from(argument: str | None, environ: Mapping[str, str]) -> str:
    """The repository to ask: the argument, else the environment, else the public registry."""
    url = argument or environ.get(REPOSITORY_URL_ENV) or DEFAULT_REPOSITORY_URL
    return url.rstrip("/")


def registry_query(image_hash: str | None, image_tag: str | None, dev_mode: bool) -> dict[str, str]:
    """Query parameters of `/v1/image/info`; exactly one of hash and tag is allowed."""
    if image_hash and image_tag:
        raise PackageException("give either image_hash or image_tag to the repository, not both")
    if not image_hash and not image_tag:
        raise PackageException("the repository needs an image_hash or an image_tag")
    query = {"hash": image_hash} if image_hash else {"tag": str(image_tag)}
    # dev mode keeps test pulls out of the registry's download statistics
    query.update({"dev": "true"} if dev_mode else {"count": "true"})
    return {k: str(v) for k, v in query.items()}


def parse_image_info(reply: Any, use_https: bool) -> tuple[str, str]:
    """(sha3 hash, download URL) from the repository's JSON answer."""
    scheme = "https" if use_https else "http"
    if not isinstance(reply, dict):
        raise PackageException(f"repository answer is not an object: {reply!r}")
    image_hash, url = reply.get("sha3"), reply.get(scheme)
    if not isinstance(image_hash, str) or not isinstance(url, str) or not image_hash or not url:
        raise PackageException(f"repository answer lacks 'sha3' or '{scheme}': {reply!r}")
    return image_hash, url


# --- packages -----------------------------------------------------------------


@attrs.frozen
class VmPackage(Package):
    """A gvmkit image with a known hash and download URL."""

    image_hash: str
    image_url: str
    vm_constraints: VmConstraints

    @property
    def task_package(self) -> str:
        return task_package(self.image_hash, self.image_url)

    @property
    def constraints(self) -> VmConstraints:
        """yapapi's name for `vm_constraints` (its transfer-progress example reads it)."""
        return self.vm_constraints

    async def resolve_url(self) -> str:
        return self.task_package

    def demand_properties(self) -> dict[str, Any]:
        return {PROP_TASK_PACKAGE: self.task_package, PROP_PACKAGE_FORMAT: PACKAGE_FORMAT}

    def demand_constraints(self) -> list[str]:
        return self.vm_constraints.expressions()


@attrs.frozen
class VmManifestPackage(Package):
    """A VM described by a Computation Payload Manifest (base64), optionally signed."""

    manifest: str
    vm_constraints: VmConstraints
    manifest_sig: str | None = None
    manifest_sig_algorithm: str | None = None
    manifest_cert: str | None = None
    node_descriptor: Mapping[str, Any] | None = attrs.field(default=None, hash=False)

    async def resolve_url(self) -> str:
        # the manifest names the image itself; there is no task_package
        return ""

    @property
    def constraints(self) -> VmConstraints:
        """yapapi's name for `vm_constraints`."""
        return self.vm_constraints

    def demand_properties(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            PROP_MANIFEST: self.manifest,
            PROP_MANIFEST_SIG: self.manifest_sig,
            PROP_MANIFEST_SIG_ALGORITHM: self.manifest_sig_algorithm,
            PROP_MANIFEST_CERT: self.manifest_cert,
            PROP_NODE_DESCRIPTOR: (
                None if self.node_descriptor is None else dict(self.node_descriptor)
            ),
            PROP_PACKAGE_FORMAT: PACKAGE_FORMAT,
        }
        return {k: v for k, v in found.items() if v is not None}

    def demand_constraints(self) -> list[str]:
        return self.vm_constraints.expressions()


# yapapi's private class names, which its own examples import
_VmPackage = VmPackage
_VmManifestPackage = VmManifestPackage


def _base64(data: str | bytes | None) -> str | None:
    """Bytes are encoded; a string is taken as base64 when it is valid base64, else encoded."""
    if data is None:
        return None
    if isinstance(data, str):
        try:
            base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            data = data.encode()
        else:
            return data
    return base64.b64encode(data).decode("ascii")


# --- the yapapi entry points --------------------------------------------------


async def repo(
    *,
    image_hash: str | None = None,
    image_tag: str | None = None,
    image_url: str | None = None,
    image_use_https: bool = False,
    repository_url: str | None = None,
    dev_mode: bool = False,
    min_mem_gib: float = 0.5,
    min_storage_gib: float = 2.0,
    min_cpu_threads: int = 1,
    capabilities: Sequence[VmCaps] | None = None,
    http_client: httpx.AsyncClient | None = None,
) -> VmPackage:
    """A VM image payload, resolved through the image repository when needed.

    `repository_url` defaults to `$GOLEM_REPOSITORY_URL`, then to Golem's
    registry. `http_client` (our addition) lets the caller share a client or
    mock the repository.
    """
    constraints = VmConstraints(min_mem_gib, min_storage_gib, min_cpu_threads, capabilities or ())
    if image_url:
        if image_tag:
            raise PackageException("image_tag names an image in the repository; not with image_url")
        if not image_hash:
            raise PackageException("image_url needs image_hash: the provider verifies the image")
        return VmPackage(check_image_hash(image_hash), image_url, constraints)

    if image_hash:
        check_image_hash(image_hash)
    query = registry_query(image_hash, image_tag, dev_mode)
    base = repository_url_from(repository_url, os.environ)
    found_hash, found_url = parse_image_info(
        await _image_info(base, query, http_client), image_use_https
    )
    logger.debug("resolved image %s at %s to %s", query, base, found_url)
    return VmPackage(found_hash, found_url, constraints)


async def _image_info(
    base: str, query: dict[str, str], http_client: httpx.AsyncClient | None
) -> Any:
    url = f"{base}/v1/image/info"
    try:
        if http_client is None:
            async with httpx.AsyncClient(timeout=REPOSITORY_TIMEOUT_SECONDS) as client:
                response = await client.get(url, params=query)
        else:
            response = await http_client.get(url, params=query)
    except httpx.HTTPError as exc:
        raise PackageException(f"cannot reach the image repository {base}: {exc}") from exc
    if response.status_code != 200:
        raise PackageException(
            f"image repository {base} could not resolve {query}:"
            f" HTTP {response.status_code}: {response.text}"
        )
    try:
        return response.json()
    except ValueError as exc:
        raise PackageException(f"image repository {base} answered: {response.text!r}") from exc


async def manifest(
    manifest: str | bytes,
    manifest_sig: str | bytes | None = None,
    manifest_sig_algorithm: str | None = None,
    manifest_cert: str | bytes | None = None,
    min_mem_gib: float = 0.5,
    min_storage_gib: float = 2.0,
    min_cpu_threads: int = 1,
    capabilities: Sequence[VmCaps] | None = None,
    *,
    node_descriptor: Mapping[str, Any] | None = None,
) -> VmManifestPackage:
    """A payload from a Computation Payload Manifest, raw or base64; signature optional.

    A signed node descriptor (partner scheme) replaces the manifest signature, so
    the two are not accepted together.
    """
    if node_descriptor is not None and (manifest_sig or manifest_sig_algorithm or manifest_cert):
        raise ValueError("a node descriptor replaces the manifest signature; give one or the other")
    encoded = _base64(manifest)
    assert encoded is not None
    return VmManifestPackage(
        manifest=encoded,
        vm_constraints=VmConstraints(
            min_mem_gib, min_storage_gib, min_cpu_threads, capabilities or ()
        ),
        manifest_sig=_base64(manifest_sig),
        manifest_sig_algorithm=manifest_sig_algorithm,
        manifest_cert=_base64(manifest_cert),
        node_descriptor=node_descriptor,
    )
