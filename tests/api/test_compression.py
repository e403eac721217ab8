"""The API's JSON answers are compressed for a client that takes it (zstd first, then
gzip), the same answer once decoded; a small answer, or a client that takes neither, gets
it as it is."""

import orjson
import pytest

from server import compression
from server.compression import MIN_BYTES, decode
from tests.conftest import check_args, children_of

CHROMIUM = "gzip, deflate, br, zstd"


@pytest.fixture
def phone(login_as):
    phone = login_as("teacher1")
    marks = [phone.mutation("check.record", check_args(c["id"])) for c in children_of(phone)]
    assert {r["status"] for r in phone.results(marks)} == {"applied"}
    return phone


def pull(phone, accept: str | None):
    headers = dict(phone.headers)
    if accept is not None:
        headers["Accept-Encoding"] = accept
    return phone.client.get("/api/sync/pull?cursor=0&limit=1000", headers=headers)


def decoded(r) -> dict:
    return orjson.loads(decode(r.get_data(), r.headers.get("Content-Encoding")))


@pytest.mark.parametrize("accept, encoding", [
    (CHROMIUM, "zstd"),
    ("gzip, deflate", "gzip"),
    ("zstd;q=0, gzip", "gzip"),
    ("*", "zstd"),
    ("identity", None),
    ("gzip;q=0, deflate", None),
    (None, None),
])
def test_a_pull_page_comes_compressed_as_the_client_takes_it(phone, accept, encoding):
    plain = pull(phone, None)
    assert plain.headers.get("Content-Encoding") is None
    r = pull(phone, accept)
    assert r.status_code == 200
    assert r.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in r.headers["Vary"]
    assert r.headers["Content-Length"] == str(len(r.get_data()))
    assert decoded(r) == orjson.loads(plain.get_data())
    if encoding:
        assert len(r.get_data()) * 5 < len(plain.get_data())  # ids and keys over again


def test_a_small_answer_goes_as_it_is(phone):
    r = phone.client.get("/api/me", headers={**phone.headers, "Accept-Encoding": CHROMIUM})
    assert len(r.get_data()) < MIN_BYTES
    assert r.headers.get("Content-Encoding") is None and "Accept-Encoding" in r.headers["Vary"]
    assert r.get_json()["id"] == phone.user["id"]


def test_an_error_answer_decodes_to_the_protocols_shape(phone):
    r = phone.client.post("/api/sync/push", data=b"{not json",
                          headers={**phone.headers, "Accept-Encoding": CHROMIUM,
                                   "Content-Type": "application/json"})
    assert r.status_code == 400
    assert decoded(r)["error"]["code"]


def test_a_push_answer_of_500_results_is_compressed(phone):
    kids = children_of(phone)
    marks = [phone.mutation("check.record", check_args(kids[i % len(kids)]["id"], date=f"2026-09-{1 + i // len(kids):02d}"))
             for i in range(500)]
    body = {"client_id": phone.client_id, "schema": 1, "app_version": "test", "mutations": marks}
    r = phone.client.post("/api/sync/push", json=body, headers={**phone.headers, "Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["Content-Encoding"] == "gzip"
    assert [x["status"] for x in decoded(r)["results"]] == ["applied"] * 500


def test_a_sign_in_answer_is_never_compressed(client, demo, monkeypatch):
    """It carries a new token (BREACH); however small the threshold, it goes plain."""
    monkeypatch.setattr(compression, "MIN_BYTES", 0)
    assert client.get("/api/openapi.json", headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
    r = client.post("/api/auth/login", headers={"Accept-Encoding": CHROMIUM}, json={
        "site": "demo", "username": "health", "password": "sanguan-demo",
        "device_id": "5f0c6a52-7d43-4d5e-9f39-5f6f1c1e0c11"})
    assert r.status_code == 200 and r.headers.get("Content-Encoding") is None
    assert r.get_json()["token"]
