"""Two tabs of the app on one phone share one outbox: one push at a time (Web Locks), so
no change is ever sent by both."""
from collections import Counter

from playwright.sync_api import expect

from .app import backoff_cap, children, expect_waiting, mark, open_app, sign_in


def test_two_tabs_push_one_at_a_time_and_never_send_a_change_twice(live, proxy, phone):
    ctx = phone()
    first = open_app(ctx, proxy.url)
    backoff_cap(first)
    sign_in(first, "teacher1")
    second = open_app(ctx, proxy.url)
    expect(second.locator("li.child")).to_have_count(25)
    proxy.block_pushes = True
    kids = [k for k, _ in children(first)]
    for child_id in kids[:5]:
        mark(first, child_id)
    for child_id in kids[5:10]:
        mark(second, child_id)
    expect_waiting(first, 10)

    proxy.block_pushes = False
    for page in (first, second):  # both tabs try at once
        page.evaluate("import('/sync.js').then((s) => { s.syncSoon(); })")
    expect_waiting(first, 0)
    expect_waiting(second, 0)
    sent = Counter(m["id"] for body, status, _ in proxy.pushes if status == 200
                   for m in body["mutations"])
    assert len(sent) == 10 and set(sent.values()) == {1}
    assert proxy.most_inflight_pushes == 1
