"""Replay: a batch of 500 sent twice, as after a lost answer. The second answers
`duplicate` for all and must take under half the first's time."""
from __future__ import annotations

import datetime as dt
import statistics

from .client import Client
from .report import figure, stopwatch
from .workload import batches, check_args

ROUNDS = 5


def replay(client: Client, kids: list[dict], days_back: int, rounds: int = ROUNDS) -> dict:
    """`rounds` fresh batches, each pushed twice; the medians of the two times."""
    args = check_args(kids, dt.date.today(), days_back)
    firsts, seconds = [], []
    for batch in batches(client, args, rounds):
        with stopwatch() as first:
            results = client.push(batch)
        assert all(r["status"] == "applied" for r in results), "first push not applied"
        with stopwatch() as second:
            results = client.push(batch)
        assert all(r["status"] == "duplicate" for r in results), "replay not duplicate"
        firsts.append(first())
        seconds.append(second())
    a, b = statistics.median(firsts), statistics.median(seconds)
    return {
        "first push of 500": figure(a * 1000, "ms", "", None, f"median of {rounds}"),
        "same batch again": figure(b * 1000, "ms", "", None, "every result duplicate"),
        "second / first": figure(b / a, "", "< 0.5", b / a < 0.5),
    }
