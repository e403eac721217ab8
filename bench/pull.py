"""Pull: a phone's first sync of the whole feed, in changes per second."""
from __future__ import annotations

from .client import Client
from .report import figure, stopwatch
from .server import Server

GOAL = 50_000  # changes per second, issue 3


def first_sync(server: Server, expected: int, limit: int = 5000) -> dict:
    """A newly signed-in device pulls from cursor 0 until the feed is drained."""
    phone = Client(server.url, "demo", "admin")
    phone.login()
    count, last_seq, wire, encodings = 0, 0, 0, set()
    cpu = server.cpu_seconds()
    with stopwatch() as took:
        for page in phone.pages(0, limit):
            assert not page.get("reset"), "a first sync was told to reset"
            for change in page["changes"]:
                assert change["seq"] > last_seq, "changes out of order"
                last_seq = change["seq"]
            count += len(page["changes"])
            wire += phone.last_answer[0]
            encodings.add(phone.last_answer[1] or "identity")
    cpu = server.cpu_seconds() - cpu
    phone.close()
    assert count >= expected, f"pulled {count} changes, expected at least {expected}"
    rate = count / took()
    return {"first sync": figure(rate, "changes/s", f"≥ {GOAL:,}", rate >= GOAL,
                                 f"{count:,} changes, pages of {limit}, {took():.1f} s"),
            "per server CPU-second": figure(count / cpu, "changes/s", "", None,
                                            f"{cpu:.1f} s of gunicorn CPU"),
            "bytes on the wire": figure(wire / count, "bytes/change", "", None,
                                        f"{'/'.join(sorted(encodings))}, as the client asked "
                                        f"(Accept-Encoding: {phone.http.headers['Accept-Encoding']})")}
