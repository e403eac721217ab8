"""Steps the routines browser tests share: a phone whose clock reads a chosen school time
today (the school open that day), the screens, and the server's rows."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import requests
from playwright.sync_api import Page, expect

from .app import backoff_cap, sign_in
from .harness import api_login

TZ = ZoneInfo("Asia/Shanghai")


def school_today() -> dt.date:
    return dt.datetime.now(TZ).date()


def test_day() -> dt.date:
    """The school day the tests' phones live in: the latest whose noon has come (every
    time these tests set is earlier). CI runs at any hour: at 01:00 in Shanghai a phone
    set to 11:15 today would be ten hours ahead of the server, and what it sends refused
    for its clock."""
    return (dt.datetime.now(TZ) - dt.timedelta(hours=12)).date()


def auth(base_url: str, username: str = "admin") -> dict:
    return {"Authorization": f"Bearer {api_login(base_url, username)['token']}"}


def calendar_day(base_url: str, day: dt.date, kind: str) -> None:
    """Put `day` on the school's calendar as the admin does: a holiday or a workday."""
    requests.put(f"{base_url}/api/admin/calendar/{day.isoformat()}", json={"kind": kind, "note": "测试"},
                 headers=auth(base_url), timeout=10).raise_for_status()


def open_school_today(base_url: str, day: dt.date | None = None) -> None:
    """The test day (or `day`) a school day whatever the weekday (a make-up workday if it
    is a weekend)."""
    calendar_day(base_url, day or test_day(), "workday")


def phone_at(context, base_url: str, username: str, hhmm: str, day: dt.date | None = None) -> Page:
    """The app signed in on a phone whose clock says `hhmm` of the test day (or `day`),
    school time (an earlier time than the server's is fine: a phone may be slow, never
    far ahead)."""
    at = dt.datetime.combine(day or test_day(), dt.time.fromisoformat(hhmm), TZ)
    page = context.new_page()
    page.clock.set_fixed_time(at)
    page.goto(base_url)
    page.wait_for_function("() => Boolean(navigator.serviceWorker && navigator.serviceWorker.controller)")
    backoff_cap(page)
    sign_in(page, username)
    return page


def my_list(page: Page) -> None:
    page.evaluate("() => { location.hash = '#/routines'; }")
    expect(page.locator("#main[data-screen=routines] .routines")).to_be_visible()


def item(page: Page, key: str):
    return page.locator(f"li.ritem[data-item={key}]")


def server_rows(base_url: str, entity: str, username: str = "admin") -> list[dict]:
    h = auth(base_url, username)
    cursor, out = 0, []
    while True:
        body = requests.get(f"{base_url}/api/sync/pull?cursor={cursor}&limit=1000", headers=h, timeout=10).json()
        out += [c["data"] for c in body["changes"] if c["entity"] == entity and c["op"] == "put"]
        cursor = body["cursor"]
        if not body["has_more"]:
            return out


