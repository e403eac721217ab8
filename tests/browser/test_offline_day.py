"""An offline day: the server is gone, the app still opens and keeps every tap, and when
the server is back every check arrives by itself, once, with the time it was done."""
import datetime as dt
from collections import Counter

from playwright.sync_api import expect

from .app import (backoff_cap, children, choose_session, expect_waiting, idb_all, mark,
                  mutation_log, open_app, sign_in)
from .harness import server_checks


def test_fifty_checks_recorded_offline_survive_a_reopen_and_arrive_once_with_device_times(
        live, phone, db_file):
    ctx = phone()
    page = open_app(ctx, live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    kids = [k for k, _ in children(page)]
    assert len(kids) == 25

    live.stop()
    page.reload()  # the shell comes from the service worker's cache
    expect(page.locator("li.child")).to_have_count(25)
    expect(page.get_by_test_id("network")).to_be_visible()
    for session in ("morning", "noon"):
        choose_session(page, session)
        for child_id in kids:
            mark(page, child_id)
    expect_waiting(page, 50)
    recorded = {m["id"]: m["device_time"] for m in idb_all(page, "outbox")}
    assert len(recorded) == 50

    page.close()
    page = open_app(ctx, live.url)  # closed and opened again, still without a server
    expect(page.locator("li.child")).to_have_count(25)
    expect_waiting(page, 50)

    live.start()  # nobody taps anything from here on
    expect_waiting(page, 0, timeout=30_000)
    log = mutation_log(db_file)
    assert Counter(s for i, s, _ in log if i in recorded) == {"applied": 50}
    checks = server_checks(live.url)
    assert len(checks) == 50
    sent = sorted(dt.datetime.fromisoformat(t) for t in recorded.values())
    kept = sorted(dt.datetime.fromisoformat(c["device_time"]) for c in checks)
    assert sent == kept
    assert {c["child_id"] for c in checks} == set(kids)
