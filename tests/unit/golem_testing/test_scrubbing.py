"""What a recording keeps: no app key, canonical origins, few headers, no dates."""

from __future__ import annotations

from pathlib import Path

from vcr.request import Request

from golem_testing._record import Recorder, Scrubber

REAL = "http://127.0.0.1:5907"
IMAGES = "http://127.0.0.1:36685"
ORIGINS = {REAL: "http://127.0.0.1:7465", IMAGES: "http://127.0.0.1:7470"}


def test_the_app_key_goes_and_origins_become_canonical() -> None:
    scrub = Scrubber(ORIGINS, ["s3cret"])
    text = f"key s3cret at {REAL}/me, image {IMAGES}/x.gvmi, other http://127.0.0.1:59070/"
    assert scrub.text(text) == (
        "key <app-key> at http://127.0.0.1:7465/me, image http://127.0.0.1:7470/x.gvmi, "
        "other http://127.0.0.1:59070/"
    )
    assert scrub.data(b"\xff\x00s3cret") == b"\xff\x00s3cret"  # binary is left alone
    assert scrub.json({"steps": [f"connected to {REAL}", 1]}) == {
        "steps": ["connected to http://127.0.0.1:7465", 1]
    }


def recorder(tmp_path: Path) -> Recorder:
    env = {"YAGNA_APPKEY": "s3cret", "YAGNA_API_URL": REAL, "GOLEM_REPOSITORY_URL": IMAGES}
    return Recorder("c", tmp_path, origins=ORIGINS, secrets=["s3cret"], env=env)


def test_requests_keep_only_what_matching_needs(tmp_path: Path) -> None:
    headers = {"Authorization": "Bearer s3cret", "Accept": "*/*", "Host": "127.0.0.1:5907"}
    request = Request("POST", f"{REAL}/gsb-api/v1/services", b'{"key": "s3cret"}', headers)
    kept = recorder(tmp_path)._before_record_request(request)
    assert kept.uri == "http://127.0.0.1:7465/gsb-api/v1/services"
    assert kept.body == b'{"key": "<app-key>"}'
    assert dict(kept.headers) == {"Accept": "*/*"}
    # vcrpy may filter twice: a canonical request is still ours
    assert recorder(tmp_path)._before_record_request(kept) is not None


def test_requests_to_other_origins_are_not_recorded(tmp_path: Path) -> None:
    request = Request("GET", "http://127.0.0.1:9999/me", b"", {})
    assert recorder(tmp_path)._before_record_request(request) is None


def test_responses_lose_their_date_and_get_canonical_links(tmp_path: Path) -> None:
    body = f'{{"http": "{IMAGES}/image.gvmi"}}'.encode()
    response = {
        "status": {"code": 200, "message": "OK"},
        "headers": {"Date": ["Sun, 29 Nov 2026"], "content-length": [str(len(body))]},
        "body": {"string": body},
    }
    kept = recorder(tmp_path)._before_record_response(response)
    assert kept["body"]["string"] == b'{"http": "http://127.0.0.1:7470/image.gvmi"}'
    assert kept["headers"] == {"content-length": [str(len(kept["body"]["string"]))]}


def test_the_stored_environment_has_no_secret_and_canonical_addresses(tmp_path: Path) -> None:
    assert recorder(tmp_path).env == {
        "YAGNA_APPKEY": "<app-key>",
        "YAGNA_API_URL": "http://127.0.0.1:7465",
        "GOLEM_REPOSITORY_URL": "http://127.0.0.1:7470",
    }
