"""A phone that behaves as PROTOCOL.md asks when things go wrong: it keeps its outbox
until the server answered for each mutation, and on a network error, a 5xx or a 429 it
keeps everything and tries again after a backoff (longer each time, with jitter, and at
least what Retry-After says). Load and fault tests use it; `bench.client.Client` below
it speaks the protocol.
"""
from __future__ import annotations

import random
import time

import requests

from .client import Client, ProtocolError

RETRYABLE = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


class GaveUp(RuntimeError):
    """The server did not answer well within the phone's deadline."""


class Phone(Client):
    def __init__(self, *args, deadline: float = 60, backoff: float = 0.05,
                 max_backoff: float = 2.0, **kw):
        super().__init__(*args, **kw)
        self.deadline, self.backoff, self.max_backoff = deadline, backoff, max_backoff
        self.outbox: list[dict] = []
        self.rejected: list[dict] = []
        self.cursor = 0
        self.seen: dict[tuple[str, str], dict] = {}   # (entity, id) → the change as pulled
        self.push_ms: list[float] = []     # each answered push, in milliseconds
        self.pull_ms: list[float] = []     # each answered pull page
        self.failures: list[str] = []      # each attempt that failed and was retried
        self.resets = 0
        self._rng = random.Random(self.device_id)

    def _retrying(self, call, timings: list[float]):
        """Call until it answers 200; retry network errors, 5xx and 429 with backoff."""
        give_up = time.monotonic() + self.deadline
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                answer = call()
                timings.append((time.perf_counter() - started) * 1000)
                return answer
            except ProtocolError as e:
                if e.status < 500 and e.status != 429:
                    raise
                failure, wait = f"{e.status} {e.code}", 0.0
                if e.status == 429:
                    wait = 1.0  # Retry-After is minutes for sign-ins; pushes are not throttled
            except RETRYABLE as e:
                failure, wait = type(e).__name__, 0.0
            self.failures.append(failure)
            attempt += 1
            pause = max(wait, self._rng.uniform(0, min(self.max_backoff,
                                                       self.backoff * 2 ** attempt)))
            if time.monotonic() + pause > give_up:
                raise GaveUp(f"{self.device_id}: no good answer in {self.deadline:.0f} s; "
                             f"last: {failure}")
            time.sleep(pause)  # the phone's backoff, not a wait for a server to start

    def login(self) -> dict:
        return self._retrying(super().login, [])

    def record(self, name: str, args: dict) -> dict:
        """A tap: the mutation goes into the outbox (made once, kept across retries)."""
        m = self.mutation(name, args)
        self.outbox.append(m)
        return m

    def push_outbox(self, size: int = 500) -> dict[str, int]:
        """Push the outbox in batches until it is empty; counts of each status."""
        counts = {"applied": 0, "duplicate": 0, "rejected": 0}
        while self.outbox:
            batch = self.outbox[:size]
            results = self._retrying(lambda: self.push(batch), self.push_ms)
            assert [r["id"] for r in results] == [m["id"] for m in batch], "results out of order"
            for m, r in zip(batch, results):
                counts[r["status"]] += 1
                if r["status"] == "rejected":
                    self.rejected.append({**m, "result": r})
            del self.outbox[:len(batch)]
        return counts

    def pull_all(self, limit: int = 1000) -> int:
        """Pull every page after the cursor; the number of changes pulled."""
        pulled = 0
        while True:
            page = self._retrying(lambda: self.pull(self.cursor, limit), self.pull_ms)
            if page.get("reset"):
                self.resets += 1
                self.cursor, self.seen = 0, {}
                continue
            for c in page["changes"]:
                self.seen[(c["entity"], c["id"])] = c
            pulled += len(page["changes"])
            self.cursor = page["cursor"]
            if not page["has_more"]:
                return pulled

    def wipe(self) -> None:
        """The local store is gone (app data cleared): no cursor, no records, no token."""
        self.cursor, self.seen, self.token = 0, {}, None
