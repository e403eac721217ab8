"""The school's calendar on the daily screens: on a day the school is closed, Today, the
check by exception, disinfection, the zones, pick-up and the health teacher's today say
nothing is due (and still record what is done); on the day it opens again, the rounds
missed are those of the last school day, not of the holiday before it."""
from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect

from .app import backoff_cap, children, expect_waiting, mark, open_app, sign_in
from .harness import server_checks
from .routines_helpers import calendar_day, school_today


def screen(page, route: str, name: str):
    page.evaluate(f"() => {{ location.hash = '#/{route}'; }}")
    main = page.locator(f"#main[data-screen={name}]")
    expect(main).to_be_visible()
    return main


def test_a_closed_day_asks_for_nothing_and_the_next_shows_the_last_school_days_misses(live, phone):
    today = school_today()
    calendar_day(live.url, today, "holiday")
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")

    notice = page.get_by_test_id("closed-today")
    expect(notice).to_contain_text("今天不上课")
    kid = children(page)[0][0]
    mark(page, kid)  # a child who came in anyway is still checked
    expect_waiting(page, 0)
    assert [c["date"] for c in server_checks(live.url)] == [today.isoformat()]

    expect(screen(page, "checks", "checks").get_by_test_id("closed-today")).to_be_visible()
    dis = screen(page, "disinfect", "disinfect")
    expect(dis.get_by_test_id("closed-today")).to_be_visible()
    expect(dis.locator("li[data-room] a")).to_contain_text("今日不用消毒")
    zones = screen(page, "zones", "zones")
    expect(zones.get_by_test_id("closed-today")).to_be_visible()
    admin = open_app(phone(), live.url)
    sign_in(admin, "admin")
    zones = screen(admin, "zones", "zones")
    expect(zones.get_by_test_id("closed-today")).to_be_visible()
    expect(zones.locator("li.zone").first).to_be_visible()
    expect(zones.locator("li.zmissing")).to_have_count(0)  # nobody owes a check today
    health = screen(admin, "health", "health")
    expect(health.get_by_test_id("closed-day")).to_contain_text("这一天不上课")
    expect(health.locator("table.ov-classes td")).not_to_have_count(0)
    expect(health.locator("table.ov-classes td.due")).to_have_count(0)
    # no attendance rate on a day without school (0 of 75 would read as an alarm)
    expect(health.get_by_test_id("attendance")).to_contain_text("不上课，不计出勤率")
    reports = screen(admin, "reports", "reports")
    expect(reports.locator("[data-figure=attendance]")).to_contain_text("不上课，不计出勤率")
    expect(reports.locator("tr[data-class]").first).to_be_visible()
    expect(reports.get_by_text("未开始")).to_have_count(0)  # nothing was owed
    pickup = screen(page, "pickup", "pickup")  # her class's list: nobody is expected
    expect(pickup.get_by_test_id("closed-today")).to_contain_text("名单上的幼儿不必等接")
    expect(pickup.locator("#remaining li.child").first).to_be_visible()  # still recordable
    expect(screen(admin, "pickup", "pickup").get_by_test_id("closed-today")).to_be_visible()

    # Open today (a make-up workday), the day before a holiday, the one before that a
    # school day on which the room had no round.
    before = today - dt.timedelta(days=2)
    calendar_day(live.url, today, "workday")
    calendar_day(live.url, today - dt.timedelta(days=1), "holiday")
    calendar_day(live.url, before, "workday")
    page.reload()  # Today is drawn again when the pull brings the calendar
    screen(admin, "zones", "zones")
    reports = screen(admin, "reports", "reports")  # the server's today, a school day now
    expect(reports.locator("[data-figure=attendance]")).to_contain_text(re.compile(r"出勤 \d+/\d+（"))
    expect(reports.get_by_text("未开始").first).to_be_visible()  # the classes nobody checked
    expect(screen(page, "", "today").get_by_test_id("closed-today")).to_have_count(0)
    dis = screen(page, "disinfect", "disinfect")
    expect(dis.locator("li[data-room] a")).to_contain_text("还差")
    expect(dis.get_by_test_id("closed-today")).to_have_count(0)
    expect(screen(page, "pickup", "pickup").locator("li.child").first).to_be_visible()
    expect(page.get_by_test_id("closed-today")).to_have_count(0)
    dis = screen(page, "disinfect", "disinfect")
    dis.locator("li[data-room] a").first.click()
    missed = page.locator("#main .dis-items .chip.warn").first
    expect(missed).to_have_attribute("data-overdue", before.isoformat())
    expect(missed).to_contain_text(f"{before:%m-%d} 漏")
