"""The stand-in image registry: what yapapi's vm.repo asks, and what it is answered."""

from __future__ import annotations

import hashlib
from http import HTTPStatus

from golem_localnet.provider.image_repository import image_info

HASH = "d646d7b93083d817846c2ae5c62c72ca0507782385a2e29291a3d376"
BASE = "http://127.0.0.1:1234"


def test_any_hash_resolves_to_a_local_url() -> None:
    status, info = image_info(BASE, f"hash={HASH}&count=true")
    assert status is HTTPStatus.OK
    url = f"{BASE}/images/{HASH}.gvmi"
    assert info == {"http": url, "https": url, "sha3": HASH, "size": 0}


def test_a_tag_gets_a_made_up_but_stable_hash() -> None:
    status, info = image_info(BASE, "tag=golem/alpine:latest&dev=true")
    assert status is HTTPStatus.OK
    assert info["sha3"] == hashlib.sha3_224(b"golem/alpine:latest").hexdigest()


def test_neither_or_both_or_a_bad_hash_is_refused() -> None:
    assert image_info(BASE, "")[0] is HTTPStatus.BAD_REQUEST
    assert image_info(BASE, f"hash={HASH}&tag=x")[0] is HTTPStatus.BAD_REQUEST
    assert image_info(BASE, "hash=not-hex")[0] is HTTPStatus.NOT_FOUND
