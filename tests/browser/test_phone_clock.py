"""A phone's clock set wrong, then put right: what it stamped while wrong is refused and
redone, and what it does once right counts; while it is off, the phone says so."""
import datetime as dt
import time

from playwright.sync_api import expect

from .app import children, eventually, expect_waiting, idb_all, mark, teacher_at_morning
from .harness import server_checks


def set_phone_clock(page, ahead_s: float) -> None:
    page.clock.set_system_time(dt.datetime.fromtimestamp(time.time() + ahead_s, dt.timezone.utc))
    page.reload()
    expect(page.locator("li.child").first).to_be_visible()


def refused_codes(page):
    return [r["code"] for r in idb_all(page, "rejected")]


def test_a_phone_clock_put_right_after_a_day_ahead_has_its_taps_counted_again(live, phone):
    page = teacher_at_morning(phone(), live.url)
    first, second = [kid for kid, _ in children(page)[:2]]
    set_phone_clock(page, 86_400)  # a day ahead, set wrong by hand
    mark(page, first)
    assert eventually(lambda: refused_codes(page) == ["clock_skew"])

    set_phone_clock(page, 0)  # put right: the clock it kept from then must not hold it
    mark(page, second)
    expect_waiting(page, 0)
    assert refused_codes(page) == ["clock_skew"]  # only the tap made while it was wrong
    assert [c["child_id"] for c in server_checks(live.url)] == [second]
    # Its time (and its day) were wrong: it is done again, not sent again as it is.
    page.goto(live.url + "/#/rejected")
    expect(page.get_by_test_id("same-fails")).to_be_visible()
    expect(page.get_by_role("button", name="重新提交")).to_have_count(0)


def test_a_phone_clock_off_by_minutes_is_said_until_it_is_put_right(live, phone):
    page = teacher_at_morning(phone(), live.url)
    expect(page.get_by_test_id("clock-off")).to_have_count(0)
    set_phone_clock(page, -20 * 60)  # twenty minutes slow
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")
    expect(page.get_by_test_id("clock-off")).to_contain_text("慢了约 20 分钟")
    set_phone_clock(page, 3 * 3600)  # three hours fast
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")
    expect(page.get_by_test_id("clock-off")).to_contain_text("快了约 3 小时")
    set_phone_clock(page, 0)
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")
    expect(page.get_by_test_id("clock-off")).to_have_count(0)
