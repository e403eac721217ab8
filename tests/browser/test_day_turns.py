"""A phone left open and offline overnight: the morning's first tap goes to the new day,
never into yesterday's record (nothing draws an offline screen again)."""
import datetime as dt
import time

from playwright.sync_api import expect

from .app import children, expect_waiting, idb_all, mark, outbox_count, teacher_at_morning


def overnight(context, page):
    """Offline, and the phone's clock a day on, the screen still yesterday's."""
    yesterday = page.locator("h1 small").first.inner_text()
    context.set_offline(True)
    page.clock.set_system_time(dt.datetime.fromtimestamp(time.time() + 86_400, dt.timezone.utc))
    return yesterday


def test_the_phone_waking_next_morning_draws_the_new_day(live, phone):
    context = phone()
    page = teacher_at_morning(context, live.url)
    yesterday = overnight(context, page)
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(page.locator("h1 small").first).not_to_have_text(yesterday)


def test_a_tap_on_yesterdays_screen_draws_the_new_day_and_records_nothing_into_yesterday(live, phone):
    context = phone()
    page = teacher_at_morning(context, live.url)
    kid = children(page)[0][0]
    mark(page, kid, "absent")  # yesterday: away
    expect_waiting(page, 0)
    yesterday = overnight(context, page)
    page.locator(f'li.child[data-child="{kid}"] button.mark.normal').click()
    expect(page.locator("h1 small").first).not_to_have_text(yesterday)
    assert outbox_count(page) == 0  # nothing queued for yesterday
    mark(page, kid)  # tapped again on the new day's screen: today's record
    dates = {m["args"]["date"] for m in idb_all(page, "outbox") if m["name"] == "check.record"}
    assert yesterday not in dates and len(dates) == 1
