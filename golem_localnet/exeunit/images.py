"""The images our exe-unit can mimic, and the file tree each one shows its commands.

A real provider downloads the image the demand names (`golem.srv.comp.task_package`
= `hash:sha3:<hash>:<url>`) and runs commands in a VM built from it. We build
no VMs: an image is a list of promises (`/bin/sh`, `/usr/local/bin/python`...)
that we keep with host tools, mounted by bubblewrap at the paths the image
has them. Images are known by hash or tag (the image repository stand-in
answers tags with these hashes); a hash we do not know gets the base image,
a POSIX shell and the host's command-line tools (so yapapi's tutorial, whose
Blender image hash we do not list, runs its shell commands). An image whose promises the
host cannot keep fails deploy, naming what is missing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Mapping

import attrs

__all__ = [
    "BASE_IMAGE",
    "IMAGES",
    "ImageSpec",
    "ImageTree",
    "MissingTool",
    "build_tree",
    "image_by_hash",
    "image_by_tag",
    "image_for_agreement",
    "task_package_hash",
]

TASK_PACKAGE = "golem.srv.comp.task_package"
# where stand-in programs are looked for: inside the host trees the sandbox mounts
HOST_PROGRAM_PATH = "/usr/bin:/bin:/usr/sbin:/sbin"


class MissingTool(Exception):
    """The host lacks a program the image promises; the message names it."""


@attrs.frozen
class ImageSpec:
    """One image: its tag, its hash, and the programs it has beyond the base tree.

    `programs` maps a path inside the image to the names of host programs that
    can stand in for it (the first found on the host's PATH is mounted)."""

    tag: str
    hash: str
    programs: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)


@attrs.frozen
class ImageTree:
    """What the sandbox mounts for one image: container path -> host file."""

    image: ImageSpec
    files: Mapping[str, str]


def _tag_hash(tag: str) -> str:
    return hashlib.sha3_224(tag.encode()).hexdigest()


# The base tree (every image): the host's /usr, /bin, /lib*, /sbin and /etc,
# read-only. `/bin/sh`, coreutils, `/usr/bin/time` come from there.
BASE_IMAGE = ImageSpec("golem/alpine:latest", _tag_hash("golem/alpine:latest"))
_PYTHON = {
    "/usr/local/bin/python": ("python3",),
    "/usr/local/bin/python3": ("python3",),
}
IMAGES: tuple[ImageSpec, ...] = (
    BASE_IMAGE,
    # yapapi's hello-world, goth tests, mid-agreement payments (Alpine)
    ImageSpec(
        "golem/examples-hello-world:latest",
        "d646d7b93083d817846c2ae5c62c72ca0507782385a2e29291a3d376",
    ),
    # yapapi's market-strategy example: python:3.8-alpine
    ImageSpec(
        "golem/python:3.8-alpine",
        "5c385688be6ed4e339a43d8a68bfb674d60951b4970448ba20d1934d",
        _PYTHON,
    ),
    ImageSpec("golem/python:latest", _tag_hash("golem/python:latest"), _PYTHON),
    # yapapi's scan example: nmap, when the host has it
    ImageSpec(
        "golem/examples-scan:latest",
        "25d5315561c3aa3b8daa1ea8cfd5a6c35f307f4347a63994c9d5f2a8",
        {"/usr/bin/nmap": ("nmap",)},
    ),
)


def image_by_hash(image_hash: str) -> ImageSpec:
    """The image with this hash; the base image for a hash we do not know."""
    for image in IMAGES:
        if image.hash == image_hash.lower():
            return image
    return BASE_IMAGE


def image_by_tag(tag: str) -> ImageSpec | None:
    return next((image for image in IMAGES if image.tag == tag), None)


def task_package_hash(properties: Mapping[str, object]) -> str | None:
    """The SHA3 hash in `golem.srv.comp.task_package` (`hash:sha3:<hash>:<url>`), if any."""
    value: object = properties.get(TASK_PACKAGE)
    if value is None:
        value = properties
        for key in TASK_PACKAGE.split("."):
            value = value.get(key) if isinstance(value, Mapping) else None
    if not isinstance(value, str):
        return None
    parts = value.split(":", 3)
    if len(parts) >= 3 and parts[0] == "hash" and parts[1].startswith("sha3"):
        return parts[2]
    return None


def image_for_agreement(agreement: Mapping[str, object] | None) -> ImageSpec:
    """The image the agreement's demand names, or the base image."""
    demand = agreement.get("demand") if agreement is not None else None
    properties = demand.get("properties") if isinstance(demand, Mapping) else None
    if not isinstance(properties, Mapping):
        return BASE_IMAGE
    image_hash = task_package_hash(properties)
    return BASE_IMAGE if image_hash is None else image_by_hash(image_hash)


def _which(name: str) -> str | None:
    return shutil.which(name, path=HOST_PROGRAM_PATH)


def build_tree(image: ImageSpec, which: Callable[[str], str | None] = _which) -> ImageTree:
    """Find a host program for each of the image's; MissingTool names the first one absent."""
    files: dict[str, str] = {}
    for path, candidates in image.programs.items():
        found = next((p for p in map(which, candidates) if p is not None), None)
        if found is None:
            names = " or ".join(candidates)
            raise MissingTool(
                f"image {image.tag} needs {path}, and this host has no {names} to stand in for it"
            )
        files[path] = os.path.realpath(found)
    return ImageTree(image, files)
