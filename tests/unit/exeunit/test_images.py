"""Which image an agreement names, and what the host must have to mimic it."""

from __future__ import annotations

import pytest

from golem_localnet.exeunit.images import (
    BASE_IMAGE,
    MissingTool,
    build_tree,
    image_by_hash,
    image_by_tag,
    image_for_agreement,
    task_package_hash,
)
from golem_localnet.provider.image_repository import image_info

PYTHON_HASH = "5c385688be6ed4e339a43d8a68bfb674d60951b4970448ba20d1934d"


def agreement(task_package: object) -> dict[str, object]:
    return {"demand": {"properties": {"golem.srv.comp.task_package": task_package}}}


def test_the_demand_names_the_image_by_its_sha3_hash() -> None:
    url = f"hash:sha3:{PYTHON_HASH}:http://127.0.0.1:1/images/{PYTHON_HASH}.gvmi"
    assert task_package_hash({"golem.srv.comp.task_package": url}) == PYTHON_HASH
    nested = {"golem": {"srv": {"comp": {"task_package": url}}}}
    assert task_package_hash(nested) == PYTHON_HASH
    assert image_for_agreement(agreement(url)).tag == "golem/python:3.8-alpine"
    assert task_package_hash({"golem.srv.comp.task_package": "http://x/img"}) is None


@pytest.mark.parametrize("value", [None, 7, "hash:sha3:" + "ab" * 28 + ":u"])
def test_no_image_or_an_unknown_one_is_the_base_image(value: object) -> None:
    assert image_for_agreement(agreement(value)) is BASE_IMAGE
    assert image_for_agreement(None) is BASE_IMAGE


def test_tags_resolve_to_our_images_hashes_through_the_repository() -> None:
    python = image_by_tag("golem/python:3.8-alpine")
    assert python is not None and image_by_hash(python.hash) is python
    status, info = image_info("http://r", "tag=golem/python:3.8-alpine")
    assert status == 200 and info["sha3"] == python.hash == PYTHON_HASH


def test_an_image_stands_on_host_programs_or_fails_naming_what_is_missing() -> None:
    python = image_by_hash(PYTHON_HASH)
    tree = build_tree(python, which={"python3": "/usr/bin/python3"}.get)
    assert set(tree.files) == {"/usr/local/bin/python", "/usr/local/bin/python3"}
    scan = image_by_tag("golem/examples-scan:latest")
    assert scan is not None
    with pytest.raises(MissingTool, match="examples-scan:latest needs /usr/bin/nmap, and this"):
        build_tree(scan, which=lambda name: None)
