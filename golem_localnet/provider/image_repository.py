"""A stand-in for Golem's image registry, on loopback: yapapi's `vm.repo` resolves through it.

`vm.repo(image_hash=...)` (or `image_tag=...`) asks the registry
`GET <repository>/v1/image/info?hash=<sha3>` (or `?tag=<tag>`) for a JSON
object with the image's `http`/`https` URLs, `sha3` and `size`, and puts
`hash:sha3:<sha3>:<url>` in the demand; with `image_url=` it only checks the
URL answers a HEAD with 200. Our providers never download images (the
exe-unit shows commands an image's tree built from host tools, see
`golem_localnet.exeunit.images`), so every image "exists": the registry answers
any hash, answers the tags of the images we mimic with their hashes, makes a
hash up for any other tag (the SHA3-224 of the tag), and serves empty image
files. Point yapapi at it with
`vm.repo(image_hash=..., repository_url=network.image_repository_url)`.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from golem_localnet.exeunit.images import image_by_tag

__all__ = ["ImageRepository", "image_info"]

_HASH = re.compile(r"^[0-9a-f]{56,128}$")


def image_info(base_url: str, query: str) -> tuple[HTTPStatus, dict[str, object]]:
    """The registry's answer to `/v1/image/info?<query>`."""
    params = {k: v[-1] for k, v in parse_qs(query).items()}
    image_hash, tag = params.get("hash"), params.get("tag")
    if (image_hash is None) == (tag is None):
        return HTTPStatus.BAD_REQUEST, {"error": "give either hash or tag"}
    if image_hash is None:
        assert tag is not None
        known = image_by_tag(tag)
        image_hash = known.hash if known else hashlib.sha3_224(tag.encode()).hexdigest()
    elif not _HASH.match(image_hash):
        return HTTPStatus.NOT_FOUND, {"error": f"no image with hash {image_hash!r}"}
    url = f"{base_url}/images/{image_hash}.gvmi"
    return HTTPStatus.OK, {"http": url, "https": url, "sha3": image_hash, "size": 0}


class ImageRepository:
    """The registry as a thread-served HTTP server on 127.0.0.1; `with` it or start/stop it."""

    def __init__(self, port: int = 0) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="image repository", daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()

    def __enter__(self) -> ImageRepository:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, with_body: bool) -> None:
        parts = urlsplit(self.path)
        base = f"http://{self.headers.get('Host') or '127.0.0.1'}"
        if parts.path == "/v1/image/info":
            status, document = image_info(base, parts.query)
            body = json.dumps(document).encode()
            kind = "application/json"
        elif parts.path.startswith("/images/") and parts.path.endswith(".gvmi"):
            status, body, kind = HTTPStatus.OK, b"", "application/octet-stream"
        else:
            status, body, kind = HTTPStatus.NOT_FOUND, b"", "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: requests are not worth a line each
