"""Bodies over MAX_CONTENT_LENGTH are refused with 413 before they are read whole: with
a Content-Length, before a byte of the body is read; without one (chunked), as soon as
the limit is reached. In-process, and through gunicorn on a real socket."""
from __future__ import annotations

import io
import json
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from bench.server import Server

LIMIT = 10_000
BIG = b'{"site": "demo", "username": "' + b"x" * 2_000_000 + b'"}'
PATHS = ["/api/auth/login", "/api/sync/push", "/api/sync/discard"]


class CountingStream(io.BytesIO):
    """A request body that counts what the server read of it."""
    taken = 0

    def read(self, size=-1):
        data = super().read(size if size is not None else -1)
        self.taken += len(data)
        return data

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


@pytest.fixture
def small_app(app):
    app.config["MAX_CONTENT_LENGTH"] = LIMIT
    return app


def body_error(r) -> tuple[int, str]:
    return r.status_code, r.get_json()["error"]["code"]


@pytest.fixture
def signed_in(small_app, login_as):
    return login_as("health").headers


@pytest.mark.parametrize("path", PATHS)
def test_a_declared_length_over_the_limit_is_refused_unread(small_app, signed_in, path):
    stream = CountingStream(BIG)
    r = small_app.test_client().post(path, input_stream=stream, content_type="application/json",
                                     headers={"Content-Length": str(len(BIG)), **signed_in})
    assert body_error(r) == (413, "too_large")
    assert stream.taken == 0


@pytest.mark.parametrize("path", PATHS)
def test_a_chunked_body_over_the_limit_is_refused_at_the_limit(small_app, signed_in, path):
    stream = CountingStream(BIG)  # no Content-Length: the server ends the stream itself
    r = small_app.test_client().post(path, input_stream=stream, content_type="application/json",
                                     headers=signed_in,
                                     environ_overrides={"wsgi.input_terminated": True})
    assert body_error(r) == (413, "too_large")
    assert stream.taken <= LIMIT + 65536


def test_a_body_under_the_limit_is_read_as_usual(small_app, demo):
    r = small_app.test_client().post("/api/auth/login", json={
        "site": "demo", "username": "nobody", "password": "x", "device_id": "abcdefgh1"})
    assert body_error(r) == (401, "bad_credentials")


# -- through gunicorn ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def gunicorn():
    work = Path(tempfile.mkdtemp(prefix="sanguan-big-"))
    server = Server(f"sqlite:///{work / 'big.db'}", work, 1, {"MAX_CONTENT_LENGTH": str(LIMIT)})
    try:
        server.flask("db", "upgrade")
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def raw_post(port: int, headers: bytes, body_parts) -> tuple[int, bytes, int]:
    """POST on a socket; (status, answer, body bytes the server let us send)."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(b"POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/json\r\n" + headers + b"\r\n")
        try:
            for part in body_parts:
                s.sendall(part)
                sent += len(part)
        except OSError:  # the server answered and closed: the rest is never read
            pass
        answer = b""
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except OSError:
            pass
    return int(answer.split(b" ", 2)[1]), answer.partition(b"\r\n\r\n")[2], sent


def test_gunicorn_refuses_a_declared_length_over_the_limit(gunicorn):
    status, body, _ = raw_post(gunicorn.port, b"Content-Length: %d\r\n" % len(BIG), [BIG[:LIMIT]])
    assert status == 413 and json.loads(body)["error"]["code"] == "too_large"


def test_gunicorn_refuses_a_chunked_body_over_the_limit(gunicorn):
    def chunks():
        for i in range(0, len(BIG), 8192):
            part = BIG[i:i + 8192]
            yield b"%x\r\n%s\r\n" % (len(part), part)
        yield b"0\r\n\r\n"
    status, body, _ = raw_post(gunicorn.port, b"Transfer-Encoding: chunked\r\n", chunks())
    assert status == 413 and json.loads(body)["error"]["code"] == "too_large"
