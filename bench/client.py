"""A plain Python client of PROTOCOL.md over HTTP: one signed-in app on one device.

Benchmarks and load tests use it as a phone would: sign in with a device id, push the
outbox in batches, pull pages after a cursor. It keeps no local store; the caller
decides what to do with the results and the changes.
"""
from __future__ import annotations

import datetime as dt
import http.client
import time
import uuid
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import orjson
import requests
from uuid6 import uuid7

from server import compression

DEMO_PASSWORD = "sanguan-demo"
CHINA = dt.timezone(dt.timedelta(hours=8))


class ProtocolError(Exception):
    """The server answered with an error body (or no JSON at all)."""

    def __init__(self, status: int, body):
        error = body.get("error", {}) if isinstance(body, dict) else {}
        self.status, self.code = status, error.get("code", "no_error_body")
        super().__init__(f"{status} {self.code}: {error.get('message', body)!s:.300}")


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    content: bytes
    wire: int  # bytes as sent, compressed or not


class Client:
    def __init__(self, base_url: str, site: str, username: str,
                 password: str = DEMO_PASSWORD, device_id: str | None = None,
                 timeout: float = 120):
        self.base_url = base_url.rstrip("/")
        self.site, self.username, self.password = site, username, password
        self.device_id = device_id or str(uuid.uuid4())
        self.timeout = timeout
        self.http = requests.Session()
        self.token: str | None = None
        self.user: dict = {}
        self._ms = 0
        self._counter = 0
        self.last_answer: tuple[int, str | None] = (0, None)  # (bytes, encoding)

    # -- transport ---------------------------------------------------------------------

    def _call(self, method: str, path: str, body: dict | None = None,
              params: dict | None = None) -> dict:
        return self._answer(self._send(method, path, body, params))

    def _send(self, method: str, path: str, body: dict | None = None,
              params: dict | None = None) -> "Answer":
        """The answer, its body read whole (and decompressed) but not parsed."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = orjson.dumps(body)  # as the server: 200 phones' JSON costs the cores
        r = self.http.request(method, self.base_url + path, data=data, params=params,
                              headers=headers, timeout=self.timeout)
        return Answer(r.status_code, r.headers, r.content,
                      int(r.headers.get("Content-Length", len(r.content))))

    def _answer(self, r: "Answer") -> dict:
        # As it came over the wire: compressed as the server chose (server/compression.py).
        self.last_answer = (r.wire, r.headers.get("Content-Encoding"))
        try:
            answer = orjson.loads(r.content)
        except orjson.JSONDecodeError:
            answer = None
        if r.status != 200:
            raise ProtocolError(r.status, answer)
        return answer

    # -- signing in --------------------------------------------------------------------

    def login(self) -> dict:
        answer = self._call("POST", "/api/auth/login", {
            "site": self.site, "username": self.username, "password": self.password,
            "device_id": self.device_id})
        self.token, self.user = answer["token"], answer["user"]
        return self.user

    # -- the outbox --------------------------------------------------------------------

    def hlc(self) -> str:
        """The device's next hybrid logical clock (PROTOCOL.md): never goes backwards."""
        wall = time.time_ns() // 1_000_000
        if wall > self._ms:
            self._ms, self._counter = wall, 0
        else:
            self._counter += 1
        return f"{self._ms:015d}:{self._counter:05d}:{self.device_id}"

    def mutation(self, name: str, args: dict, *, id: str | None = None) -> dict:
        """One outbox entry, made once and kept across retries; its id a UUIDv7 as the
        phone makes it (pwa/ids.js)."""
        now = dt.datetime.now(CHINA).isoformat(timespec="milliseconds")
        return {"id": id or str(uuid7()), "name": name, "hlc": self.hlc(),
                "device_time": now, "args": args}

    def push(self, mutations: list[dict], **extra) -> list[dict]:
        """Send one batch (at most 500); the results, in the order sent."""
        body = {"client_id": self.device_id, "schema": 1, "app_version": "bench",
                "sent_at": dt.datetime.now(CHINA).isoformat(timespec="milliseconds"),
                "mutations": mutations, **extra}
        return self._call("POST", "/api/sync/push", body)["results"]

    # -- the change feed ---------------------------------------------------------------

    def pull(self, cursor: int = 0, limit: int = 1000) -> dict:
        return self._call("GET", "/api/sync/pull", params={"cursor": cursor, "limit": limit})

    def pages(self, cursor: int = 0, limit: int = 1000) -> Iterator[dict]:
        """Every page after `cursor` until the feed is drained. A reset starts again
        from 0, as PROTOCOL.md says; the caller sees the page with `reset` first.

        As the phone does (pwa/sync.js), the next page is asked for as soon as a page's
        headers say where it starts (Sync-Cursor, Sync-Has-More), so the server makes
        it while this one is parsed and used; one page ahead at most. A browser fetches
        off the thread that parses; here the request is sent at once on this thread
        and the answer read on another, since orjson holds the interpreter while it
        parses a page and a request waiting to be sent would wait for it."""
        url = urlsplit(self.base_url)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=self.timeout)
        headers = {"Authorization": f"Bearer {self.token}",
                   "Accept-Encoding": self.http.headers["Accept-Encoding"]}

        def ask(at: int):
            conn.request("GET", f"/api/sync/pull?{urlencode({'cursor': at, 'limit': limit})}",
                         headers=headers)
            return ahead.submit(receive)

        def receive() -> Answer:
            r = conn.getresponse()
            body = r.read()
            return Answer(r.status, r.headers,
                          compression.decode(body, r.headers.get("Content-Encoding")),
                          len(body))

        with ThreadPoolExecutor(1) as ahead:
            try:
                pending = ask(cursor)
                while pending is not None:
                    r = pending.result()
                    more, at = r.headers.get("Sync-Has-More"), r.headers.get("Sync-Cursor")
                    pending = ask(int(at)) if more == "1" and at is not None else None
                    page = self._answer(r)
                    if page.get("reset"):
                        pending = ask(0)
                    elif page["has_more"] and pending is None:
                        pending = ask(page["cursor"])  # a server without the headers
                    yield page
            finally:
                if pending is not None:
                    pending.result()  # the page asked for ahead, read before closing
                conn.close()

    def close(self) -> None:
        self.http.close()
