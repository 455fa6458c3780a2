"""Computation Payload Manifests as dataclasses (yapapi's `yapapi.payload.manifest`).

A manifest names the image(s) a VM runs (`payload`: hash and URLs) and what
the VM may do (`comp_manifest`: the commands it may run, the URLs it may reach).
`Manifest.generate(image_hash=..., outbound_urls=[...], **dotted_fields)` builds
one, asking the image repository for the image's URL; `.dict(by_alias=True)` is
the JSON object to encode (base64) for `payload.vm.manifest`. The JSON key order
is yapapi's, so a manifest signed from either library's output is the same text.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from datetime import datetime, timezone
from typing import Any, ClassVar, Literal

from golem_hl.utils import explode_dict

__all__ = [
    "Aliased",
    "CompManifest",
    "CompManifestNet",
    "CompManifestNetInet",
    "CompManifestNetInetOut",
    "CompManifestScript",
    "Manifest",
    "ManifestMetadata",
    "ManifestPayload",
    "ManifestPayloadPlatform",
    "parse_datetime",
]

# a JSON object; named, as the classes below have a method called `dict`
JsonObject = dict[str, Any]
_ALIAS = "alias"


def parse_datetime(date_str: str) -> datetime:
    """A manifest's ISO 8601 time; a trailing `Z` is read as UTC."""
    return datetime.fromisoformat(re.sub("Z$", "+00:00", date_str))


class Aliased:
    """Renames fields to their JSON names (`metadata={"alias": ...}`) and back.

    A renamed key moves to the end of the object, in field order (yapapi's key order).
    """

    @classmethod
    def _to_aliased_dict(cls, values: JsonObject) -> None:
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            alias = f.metadata.get(_ALIAS)
            if alias and f.name in values:
                values[alias] = values.pop(f.name)

    @classmethod
    def _from_aliased_dict(cls, values: JsonObject) -> None:
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            alias = f.metadata.get(_ALIAS)
            if alias and alias in values:
                values[f.name] = values.pop(alias)


def _part(kind: Any, value: Any, by_alias: bool) -> Any:
    """A nested part read from JSON (`value` a dict), or `value` as it is."""
    return kind.parse_obj(value, by_alias=by_alias) if isinstance(value, dict) else value


@dataclasses.dataclass
class ManifestMetadata:
    name: str
    version: str
    authors: list[str] = dataclasses.field(default_factory=list)
    homepage: str | None = None
    description: str | None = None

    def dict(self, *, by_alias: bool = False) -> JsonObject:
        return {
            "name": self.name,
            "description": self.description,
            "version": self.version,
            "authors": list(self.authors),
            "homepage": self.homepage,
        }

    @classmethod
    def parse_obj(cls, obj: JsonObject, by_alias: bool = False) -> ManifestMetadata:
        found = dict(obj)
        if found.get("authors") is not None:
            found["authors"] = list(found["authors"])
        return cls(**found)


@dataclasses.dataclass
class ManifestPayloadPlatform(Aliased):
    arch: str = "x86_64"
    os: str = "linux"
    os_version: str | None = dataclasses.field(default=None, metadata={_ALIAS: "osVersion"})

    def dict(self, *, by_alias: bool = False) -> JsonObject:
        found: JsonObject = {"arch": self.arch, "os": self.os}
        if self.os_version is not None:
            found["os_version"] = self.os_version
        if by_alias:
            self._to_aliased_dict(found)
        return found

    @classmethod
    def parse_obj(cls, obj: JsonObject, by_alias: bool = False) -> ManifestPayloadPlatform:
        found = dict(obj)
        if by_alias:
            cls._from_aliased_dict(found)
        return cls(**found)


@dataclasses.dataclass
class ManifestPayload:
    hash: str
    urls: list[str] = dataclasses.field(default_factory=list)
    platform: ManifestPayloadPlatform | None = dataclasses.field(
        default_factory=ManifestPayloadPlatform
    )

    def dict(self, *, by_alias: bool = False) -> JsonObject:
        found: JsonObject = {"hash": self.hash}
        if self.platform is not None:
            found["platform"] = self.platform.dict(by_alias=by_alias)
        if self.urls is not None:
            found["urls"] = list(self.urls)
        return found

    @classmethod
    def parse_obj(cls, obj: JsonObject, by_alias: bool = False) -> ManifestPayload:
        found = dict(obj)
        found["platform"] = _part(ManifestPayloadPlatform, found.get("platform"), by_alias)
        if "platform" not in obj:
            del found["platform"]
        if found.get("urls") is not None:
            found["urls"] = list(found["urls"])
        return cls(**found)

    async def resolve_urls_from_hash(self) -> None:
        """Add the image's download URL, asked from the image repository by hash."""
        from golem_hl.payload import vm

        package = await vm.repo(image_hash=self.hash)
        if ":" not in self.hash:
            self.hash = f"sha3:{self.hash}"
        if package.image_url not in self.urls:
            self.urls.append(package.image_url)


@dataclasses.dataclass
class CompManifestScript:
    commands: list[str] = dataclasses.field(default_factory=lambda: ["run .*"])
    match: Literal["strict", "regex"] = "regex"

    def dict(self, *, by_alias: bool = False) -> JsonObject:
        return {"commands": list(self.commands), "match": self.match}

    @classmethod
    def parse_obj(cls, obj: JsonObject, by_alias: bool = False) -> CompManifestScript:
        found = dict(obj)
        if found.get("commands") is not None:
            found["commands"] = list(found["commands"])
        return cls(**found)


@dataclasses.dataclass
class CompManifestNetInetOut:
    protocols: list[Literal["http", "https", "ws", "wss"]] = dataclasses.field(
        default_factory=lambda: ["http", "https", "ws", "wss"]
    )
    urls: list[str] | None = None
    unrestricted: bool | None = None

    def dict(self, *, by_alias: bool = False) -> JsonObject:
        found: JsonObject = {"protocols": list(self.protocols)}
        if self.urls is not None:
            found["urls"] = list(self.urls)
        if self.unrestricted is not None:
            found["unrestricted"] = self.unrestricted
        return found

    @classmethod
    def parse_obj(cls, obj: JsonObject, by_alias: bool = False) -> CompManifestNetInetOut:
        found = dict(obj)
        for key in ("protocols", "urls"):
            if found.get(key) is not None:
                found[key] = list(found[key])
        return cls(**found)


@dataclasses.dataclass
class CompManifestNetInet:
    out: CompManifestNetInetOut | None = None

    def dict(self, *, by_alias: bool = False) -> JsonObject:
        return {} if self.out is None else {"out": self.out.dict(by_alias=by_alias)}

    @classmethod
    def parse_obj(cls, obj: JsonObject, by_alias: bool = False) -> CompManifestNetInet:
        return cls(out=_part(CompManifestNetInetOut, obj.get("out"), by_alias))


@dataclasses.dataclass
class CompManifestNet:
    inet: CompManifestNetInet | None = None

    def dict(self, *, by_alias: bool = False) -> JsonObject:
        return {} if self.inet is None else {"inet": self.inet.dict(by_alias=by_alias)}

    @classmethod
    def parse_obj(cls, obj: JsonObject, by_alias: bool = False) -> CompManifestNet:
        return cls(inet=_part(CompManifestNetInet, obj.get("inet"), by_alias))


@dataclasses.dataclass
class CompManifest:
    version: str = "0.0.0"
    script: CompManifestScript | None = None
    net: CompManifestNet | None = None

    def dict(self, *, by_alias: bool = False) -> JsonObject:
        found: JsonObject = {"version": self.version}
        if self.script is not None:
            found["script"] = self.script.dict(by_alias=by_alias)
        if self.net is not None:
            found["net"] = self.net.dict(by_alias=by_alias)
        return found

    @classmethod
    def parse_obj(cls, obj: JsonObject, by_alias: bool = False) -> CompManifest:
        found = dict(obj)
        found["script"] = _part(CompManifestScript, found.get("script"), by_alias)
        found["net"] = _part(CompManifestNet, found.get("net"), by_alias)
        return cls(**found)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _far_future() -> datetime:
    return datetime(2100, 1, 1, tzinfo=timezone.utc)


@dataclasses.dataclass
class Manifest(Aliased):
    payload: list[ManifestPayload]
    version: str = "0.0.0"
    comp_manifest: CompManifest | None = dataclasses.field(
        default=None, metadata={_ALIAS: "compManifest"}
    )
    created_at: datetime = dataclasses.field(default_factory=_now, metadata={_ALIAS: "createdAt"})
    expires_at: datetime = dataclasses.field(
        default_factory=_far_future, metadata={_ALIAS: "expiresAt"}
    )
    metadata: ManifestMetadata | None = None

    _TIMES: ClassVar[tuple[str, ...]] = ("created_at", "expires_at")

    def dict(self, *, by_alias: bool = False) -> JsonObject:
        found: JsonObject = {
            "version": self.version,
            "created_at": self.created_at.isoformat(),
            "expires_at": self.expires_at.isoformat(),
            "payload": [p.dict(by_alias=by_alias) for p in self.payload],
        }
        if self.comp_manifest is not None:
            found["comp_manifest"] = self.comp_manifest.dict(by_alias=by_alias)
        if self.metadata is not None:
            found["metadata"] = self.metadata.dict(by_alias=by_alias)
        if by_alias:
            self._to_aliased_dict(found)
        return found

    @classmethod
    def parse_obj(cls, obj: JsonObject, by_alias: bool = False) -> Manifest:
        found = dict(obj)
        if by_alias:
            cls._from_aliased_dict(found)
        for key in cls._TIMES:
            if isinstance(found.get(key), str):
                found[key] = parse_datetime(found[key])
        if found.get("payload") is not None:
            found["payload"] = [_part(ManifestPayload, p, by_alias) for p in found["payload"]]
        found["comp_manifest"] = _part(CompManifest, found.get("comp_manifest"), by_alias)
        found["metadata"] = _part(ManifestMetadata, found.get("metadata"), by_alias)
        return cls(**found)

    @classmethod
    async def generate(
        cls,
        image_hash: str | None = None,
        outbound_urls: list[str] | None = None,
        **kwargs: Any,
    ) -> Manifest:
        """A manifest from dotted field paths (`payload.0.hash`, `comp_manifest.version`, ...),
        each payload's URL asked from the image repository by its hash."""
        if image_hash is not None:
            kwargs["payload.0.hash"] = image_hash
        if outbound_urls is not None:
            kwargs["comp_manifest.net.inet.out.urls"] = outbound_urls
        manifest = cls.parse_obj(explode_dict(kwargs))
        await asyncio.gather(*(p.resolve_urls_from_hash() for p in manifest.payload))
        return manifest
