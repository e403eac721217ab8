"""A plain Python client of PROTOCOL.md over HTTP: one signed-in app on one device.

Benchmarks and load tests use it as a phone would: sign in with a device id, push the
outbox in batches, pull pages after a cursor. It keeps no local store; the caller
decides what to do with the results and the changes.
"""
from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Iterator

import orjson
import requests
from uuid6 import uuid7

DEMO_PASSWORD = "sanguan-demo"
CHINA = dt.timezone(dt.timedelta(hours=8))


class ProtocolError(Exception):
    """The server answered with an error body (or no JSON at all)."""

    def __init__(self, status: int, body):
        error = body.get("error", {}) if isinstance(body, dict) else {}
        self.status, self.code = status, error.get("code", "no_error_body")
        super().__init__(f"{status} {self.code}: {error.get('message', body)!s:.300}")


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
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = orjson.dumps(body)  # as the server: 200 phones' JSON costs the cores
        r = self.http.request(method, self.base_url + path, data=data, params=params,
                              headers=headers, timeout=self.timeout)
        # As it came over the wire: compressed as the server chose (server/compression.py).
        self.last_answer = (int(r.headers.get("Content-Length", len(r.content))),
                            r.headers.get("Content-Encoding"))
        try:
            answer = orjson.loads(r.content)
        except orjson.JSONDecodeError:
            answer = None
        if r.status_code != 200:
            raise ProtocolError(r.status_code, answer)
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
        from 0, as PROTOCOL.md says; the caller sees the page with `reset` first."""
        while True:
            page = self.pull(cursor, limit)
            if page.get("reset"):
                yield page
                cursor = 0
                continue
            yield page
            cursor = page["cursor"]
            if not page["has_more"]:
                return

    def close(self) -> None:
        self.http.close()
