"""The work a benchmark sends: distinct health checks for the demo school's children.

A check's natural key is (child, date, session), so every triple made here is a new
record: the children in turn, both sessions, one day further back each round.
"""
from __future__ import annotations

import datetime as dt
import itertools
from typing import Iterator

from .client import Client

SESSIONS = ("morning", "noon")


def children(client: Client) -> list[dict]:
    """The children this client may see, from its first pull of the master data."""
    return [c["data"] for page in client.pages(limit=5000)
            for c in page["changes"] if c["entity"] == "child"]


def check_args(kids: list[dict], start: dt.date, days_back: int = 0) -> Iterator[dict]:
    """Endless new check.record args, from `start - days_back` backwards in time."""
    for day in itertools.count(days_back):
        date = (start - dt.timedelta(days=day)).isoformat()
        for kid in kids:
            for session in SESSIONS:
                yield {"child_id": kid["id"], "date": date, "session": session,
                       "status": "normal", "temperature": 36.6}


def batches(client: Client, args: Iterator[dict], count: int, size: int = 500) -> list[list[dict]]:
    """`count` outbox batches of `size` check.record mutations, made before timing."""
    return [[client.mutation("check.record", next(args)) for _ in range(size)]
            for _ in range(count)]


def days_needed(kids: int, mutations: int) -> int:
    return mutations // (kids * len(SESSIONS)) + 1
