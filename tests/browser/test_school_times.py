"""Stored times read on the school's clock: the feed sends them in UTC, and a screen that
cut the hour out of that text showed a hazard reported at 07:42 as 23:42 the day before."""
import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from .app import open_app, sign_in
from .harness import api_login, pulled, push
from .routines_helpers import open_school_today, phone_at, school_today

SHANGHAI = ZoneInfo("Asia/Shanghai")


def school_now(fmt: str) -> str:
    return dt.datetime.now(SHANGHAI).strftime(fmt)


def test_a_hazards_steps_are_dated_on_the_schools_clock(live, phone):
    hid = str(uuid.uuid4())
    before = school_now("%Y-%m-%d %H:%M")
    push(live.url, "teacher1", ("hazard.report", {"id": hid, "what": "滑梯螺丝松动", "severity": "high"}))
    after = school_now("%Y-%m-%d %H:%M")
    health = open_app(phone(timezone_id="UTC"), live.url)
    sign_in(health, "health")
    health.goto(f"{live.url}/#/hazard/{hid}")
    step = health.locator(".zhistory > li")
    expect(step).to_have_count(1)
    text = step.inner_text()
    assert text.startswith(before) or text.startswith(after), text


def test_a_sessions_first_and_last_check_are_by_instant_whatever_their_offset(live, phone):
    """A check queued on the phone says its time with the phone's offset, one pulled
    in UTC: the session's first and last are the earliest and latest instants."""
    page = open_app(phone(), live.url, controlled=False)
    got = page.evaluate("""async () => {
      const { sessionSummary } = await import('/screens/health/shared.js');
      const kids = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
      const checks = [
        { child_id: 'a', status: 'normal', device_time: '2026-11-27T07:50:00.000+08:00' },
        { child_id: 'b', status: 'normal', device_time: '2026-11-27T00:10:00+00:00' },   // 08:10
        { child_id: 'c', status: 'normal', device_time: '2026-11-26T23:45:00+00:00' }];  // 07:45
      const s = sessionSummary(kids, checks);
      return [s.first_at, s.last_at];
    }""")
    assert got == ["2026-11-26T23:45:00+00:00", "2026-11-27T00:10:00+00:00"]


def test_the_scorecard_opens_on_the_schools_month(live, phone):
    """07:00 on 1 November at the school is still 31 October in UTC: the scorecard opens
    November, the school's month (it opened October's)."""
    page = phone_at(phone(), live.url, "admin", "07:00", day=dt.date(2026, 11, 1))
    page.evaluate("() => { location.hash = '#/reports/scorecard'; }")
    expect(page.locator("#rep-month")).to_have_value("2026-11")


def test_the_reports_tell_times_on_the_schools_clock_in_english_too(live, phone):
    """A class's morning on the principal's today, on a phone set to UTC, in English:
    the check's time on the school's clock (it read '53 AM', the end of 'Nov 28, 08:53 AM')."""
    open_school_today(live.url, school_today())
    teacher = api_login(live.url, "teacher1")
    class_id = teacher["user"]["class_ids"][0]
    kid = next(c for c in pulled(live.url, "child") if c["class_id"] == class_id)
    before = school_now("%H:%M")
    push(live.url, "teacher1", ("check.record", {"child_id": kid["id"], "date": school_now("%Y-%m-%d"),
                                                 "session": "morning", "status": "normal"}))
    after = school_now("%H:%M")
    page = open_app(phone(timezone_id="UTC"), live.url)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    sign_in(page, "admin", button="Sign in")
    page.evaluate("() => { location.hash = '#/reports'; }")
    row = page.locator(f'#main tr[data-class="{class_id}"]')
    expect(row).to_contain_text("1/25")
    text = row.inner_text()
    assert f"{before}–{before}" in text or f"{after}–{after}" in text, text
