"""Packages and the image repository lookup (yapapi's `yapapi.payload.package`).

The lookup itself is `golem_hl.payload.vm`'s (over httpx); these are yapapi's entry points to it.
"""

from __future__ import annotations

import httpx

from golem_hl.exceptions import PackageException
from golem_hl.payload._model import Package
from golem_hl.payload.vm import (
    REPOSITORY_TIMEOUT_SECONDS,
    _image_info,
    parse_image_info,
    registry_query,
    task_package,
)

__all__ = ["Package", "PackageException", "check_package_url", "resolve_package_url"]


async def check_package_url(image_url: str, image_hash: str) -> str:
    """The task package reference of `image_url`, after checking that the URL answers."""
    async with httpx.AsyncClient(timeout=REPOSITORY_TIMEOUT_SECONDS) as client:
        try:
            response = await client.head(image_url, follow_redirects=True)
        except httpx.HTTPError as exc:
            raise PackageException(f"cannot reach image {image_url}: {exc}") from exc
    if response.status_code != 200:
        raise PackageException(f"image {image_url} answers HTTP {response.status_code}")
    return task_package(image_hash, image_url)


async def resolve_package_url(
    repo_url: str,
    image_tag: str | None = None,
    image_hash: str | None = None,
    image_use_https: bool = False,
    dev_mode: bool = False,
) -> str:
    """The task package reference of an image the repository at `repo_url` knows."""
    query = registry_query(image_hash, image_tag, dev_mode)
    reply = await _image_info(repo_url.rstrip("/"), query, None)
    found_hash, found_url = parse_image_info(reply, image_use_https)
    return task_package(found_hash, found_url)
