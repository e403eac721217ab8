"""A push that never answers (Wi-Fi up with nothing behind it) is given up, and the next
try sends what waits: it held every later sync until the page was reloaded."""
from playwright.sync_api import expect

from .app import children, expect_waiting, mark, teacher_at_morning
from .harness import server_checks


def test_a_push_that_never_answers_is_given_up_and_the_next_try_sends_it(live, phone):
    page = teacher_at_morning(phone(), live.url)
    page.evaluate("localStorage.setItem('sanguan.requestTimeoutMs', '2000')")
    held = []  # the first push: taken and never answered
    page.route("**/api/sync/push", lambda route: held.append(route) if not held else route.continue_())
    kids = [kid for kid, _ in children(page)[:3]]
    for kid in kids:
        mark(page, kid)
    expect_waiting(page, 0, timeout=30_000)
    assert len(held) == 1
    assert sorted(c["child_id"] for c in server_checks(live.url)) == sorted(kids)
    expect(page.get_by_test_id("network")).not_to_have_text("同步中…")
