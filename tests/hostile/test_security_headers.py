"""Every answer carries the security headers, whatever it is (the API's JSON, an error,
the health probes, a static file), and no answer sets a cookie: the API authenticates
with a bearer token, so there is no ambient credential and no CSRF to defend against."""
from __future__ import annotations

import pytest

from server.security import CONTENT_SECURITY_POLICY, HEADERS

EXPECTED = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY"}


@pytest.fixture
def shell(app, tmp_path):
    """A stand-in app shell, so that these tests don't depend on pwa/'s content."""
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>"
                                         '<script type="module" src="/app.js"></script>')
    (tmp_path / "app.js").write_text("export {};\n")
    app.config["PWA_DIR"] = tmp_path
    return app


@pytest.mark.parametrize("method,path,status", [
    ("get", "/healthz", 200), ("get", "/readyz", 200), ("get", "/api/openapi.json", 200),
    ("get", "/api/me", 401), ("get", "/api/nothing-here", 404),
    ("post", "/api/auth/login", 400), ("get", "/api/auth/login", 405),
    ("get", "/app.js", 200), ("get", "/no-such-file.js", 404)])
def test_every_answer_carries_the_security_headers(shell, method, path, status):
    r = getattr(shell.test_client(), method)(path)
    assert r.status_code == status
    for name, value in EXPECTED.items():
        assert r.headers[name] == value
    assert r.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_the_policy_allows_no_inline_script_or_style_and_no_framing():
    policy = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    assert set(EXPECTED) < set(HEADERS)


def test_the_shell_policy_differs_only_by_hashes_of_its_import_map(shell):
    r = shell.test_client().get("/")
    policy = r.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert policy.replace("script-src 'self'", "", 1).count("'sha256-") == \
        policy.count("'sha256-")  # any extra source is a hash, never a keyword


def test_no_answer_sets_a_cookie(client, login_as):
    phone = login_as("teacher1")
    answers = [client.post("/api/auth/login", json={
        "site": "demo", "username": "teacher2", "password": "sanguan-demo",
        "device_id": "abcdefgh-2"}), client.get("/api/me", headers=phone.headers),
        client.get("/api/sync/pull", headers=phone.headers), client.get("/healthz")]
    assert [a.status_code for a in answers] == [200, 200, 200, 200]
    assert not any("Set-Cookie" in a.headers for a in answers)
