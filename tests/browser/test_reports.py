"""The reports in the browser: the dashboard's numbers open the records they count, and
every reports screen passes axe-core with 44 px targets at 360 px and on a laptop."""
import datetime as dt
import uuid

import pytest
import requests
from playwright.sync_api import expect

from .app import open_app, sign_in
from .harness import api_login, push
from .routines_helpers import open_school_today, school_today
from .test_accessibility import serious_violations


def a_morning(base_url):
    """Two of 小一班's children checked (one with a fever), and a hazard past its deadline."""
    teacher = api_login(base_url, "teacher1")
    auth = {"Authorization": f"Bearer {teacher['token']}"}
    kids = [c["data"] for c in requests.get(f"{base_url}/api/sync/pull?cursor=0&limit=5000", headers=auth,
                                             timeout=10).json()["changes"] if c["entity"] == "child"]
    mine = [k for k in kids if k["class_id"] == teacher["user"]["class_ids"][0]]
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    hid = str(uuid.uuid4())
    push(base_url, "teacher1",
         ("check.record", {"child_id": mine[0]["id"], "date": today.isoformat(), "session": "morning",
                           "status": "abnormal", "temperature": 38.3, "symptoms": ["fever"]}),
         ("check.record", {"child_id": mine[1]["id"], "date": today.isoformat(), "session": "morning",
                           "status": "normal"}),
         ("hazard.report", {"id": hid, "what": "插座松动", "severity": "high"}))
    push(base_url, "admin", ("hazard.assign", {"hazard_id": hid, "assignee_id": teacher["user"]["id"],
                                               "deadline": (today - dt.timedelta(days=1)).isoformat()}),
         ago=dt.timedelta(days=2))  # assigned on a phone offline since: its deadline has passed
    return len(mine), mine[0]["class_id"]


def reports_screen(page, address, section):
    page.evaluate("a => { location.hash = a; }", address)
    expect(page.locator(f'#main .admin[data-section="{section}"]')).to_be_visible()


def test_the_dashboards_numbers_open_the_records_behind_them(live, phone):
    open_school_today(live.url, school_today())  # a closed day owes no check
    in_class, class_id = a_morning(live.url)
    page = open_app(phone(), live.url)
    sign_in(page, "health")
    page.get_by_role("link", name="报表").first.click()
    tile = page.locator('a[data-figure="abnormal"]')
    expect(tile.locator(".rep-n")).to_have_text("1")
    tile.click()
    expect(page.locator("#main tr.record")).to_have_count(1)
    expect(page.locator("#main tr.record")).to_contain_text("38.3")
    # in words, as the files say them: not "abnormal", "morning", "fever", "abnormal: 1"
    for word in ("异常", "晨检", "发热"):
        expect(page.locator("#main tr.record")).to_contain_text(word)
    expect(page.locator('#main .rep-filters [data-filter="abnormal"]')).to_have_text("只看异常")
    page.go_back()
    page.locator('a[data-figure="hazards_overdue"]').click()
    expect(page.locator("#main tr.record")).to_have_count(1)
    expect(page.locator("#main tr.record")).to_contain_text("插座松动")
    page.go_back()
    missing = page.locator(f'#main tr[data-class="{class_id}"] a[data-gate="missing"]').first
    expect(missing).to_have_text(f"未查 {in_class - 2}")
    missing.click()
    expect(page.locator("#main tr.record")).to_have_count(in_class - 2)
    expect(page.locator('#main .rep-filters [data-filter="class_id"]')).to_have_text("班级: 小一班")
    # The columns the files have, headed in Chinese, and a filter in words: no "outbreak"
    # column nor "情况: missing" chip.
    reports_screen(page, f"#/reports/records/disinfection_due?date={school_today()}&state=missing",
                   "records")
    expect(page.locator('#main .rep-filters [data-filter="state"]')).to_have_text("只看未做")
    expect(page.locator("#main tr.record").first).to_be_visible()
    assert page.locator("#main th").all_inner_texts() == [
        "日期", "房间", "班级", "项目", "应做", "已做", "未做", "逾期", "未达标"]
    # In English, the codes in the app's English words, not the files' Chinese nor codes.
    page.get_by_role("button", name="English").click()
    page.evaluate("location.hash = '#/reports/records/health_checks?abnormal=1&session=morning'")
    record = page.locator("#main tr.record")
    expect(record).to_have_count(1)
    for words in ("Abnormal", "Morning check", "Fever"):
        expect(record).to_contain_text(words)
    expect(record).not_to_contain_text("晨检")
    expect(page.locator('#main .rep-filters [data-filter="session"]')).to_have_text("Session: Morning check")
    assert "Device time" in page.locator("#main th").all_inner_texts()


@pytest.mark.parametrize("language, width", [("中文", 360), ("English", 360), ("中文", 1200)])
def test_no_serious_accessibility_violation_on_the_reports(live, phone, language, width):
    a_morning(live.url)
    page = open_app(phone(), live.url)
    page.set_viewport_size({"width": width, "height": 800})
    if language == "English":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    sign_in(page, "admin", button="登录" if language == "中文" else "Sign in")
    month = dt.date.today().strftime("%Y-%m")
    found = {}
    for address, section in [("#/reports", "today"), ("#/reports/records/health_checks?abnormal=1", "records"),
                             ("#/reports/records/visitors?on_site=1", "records"),
                             (f"#/reports/scorecard?month={month}", "scorecard"), ("#/reports/charts", "charts")]:
        reports_screen(page, address, section)
        found[address] = serious_violations(page)
    assert found == {a: [] for a in found}
