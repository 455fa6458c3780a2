"""Infrastructure property keys and models: memory, storage, runtime (yapapi's `props.inf`)."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any, Final

from golem_hl.props.base import Model, prop

__all__ = [
    "INF_CORES",
    "INF_MEM",
    "INF_RUNTIME_NAME",
    "INF_STORAGE",
    "INF_THREADS",
    "RUNTIME_VM",
    "TRANSFER_CAPS",
    "ExeUnitManifestRequest",
    "ExeUnitRequest",
    "InfBase",
    "VmPackageFormat",
    "VmRequest",
    "WasmInterface",
]

INF_MEM: Final = "golem.inf.mem.gib"
INF_STORAGE: Final = "golem.inf.storage.gib"
INF_CORES: Final = "golem.inf.cpu.cores"
INF_THREADS: Final = "golem.inf.cpu.threads"
TRANSFER_CAPS: Final = "golem.activity.caps.transfer.protocol"
INF_RUNTIME_NAME: Final = "golem.runtime.name"
RUNTIME_VM: Final = "vm"


class WasmInterface(enum.Enum):
    WASI_0 = "0"
    WASI_0preview1 = "0preview1"


class VmPackageFormat(enum.Enum):
    UNKNOWN = None
    GVMKIT_SQUASH = "gvmkit-squash"


@dataclasses.dataclass
class InfBase(Model):
    """What a provider's offer says about its hardware and runtime."""

    runtime: str = prop(INF_RUNTIME_NAME)
    mem: float = prop(INF_MEM)
    storage: float | None = prop(INF_STORAGE, default=None)
    transfers: list[str] | None = prop(TRANSFER_CAPS, default=None)


@dataclasses.dataclass
class ExeUnitRequest(Model):
    package_url: str = prop("golem.srv.comp.task_package")


@dataclasses.dataclass
class VmRequest(ExeUnitRequest):
    package_format: VmPackageFormat = prop("golem.srv.comp.vm.package_format")


@dataclasses.dataclass
class ExeUnitManifestRequest(Model):
    manifest: str = prop("golem.srv.comp.payload")
    manifest_sig: str | None = prop("golem.srv.comp.payload.sig", default=None)
    manifest_sig_algorithm: str | None = prop("golem.srv.comp.payload.sig.algorithm", default=None)
    manifest_cert: str | None = prop("golem.srv.comp.payload.cert", default=None)
    package_format: VmPackageFormat = prop(
        "golem.srv.comp.vm.package_format", default=VmPackageFormat.GVMKIT_SQUASH
    )
    node_descriptor: dict[str, Any] | None = prop(
        "golem.!exp.gap-31.v0.node.descriptor", default=None
    )
