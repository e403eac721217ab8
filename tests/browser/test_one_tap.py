"""A double tap does a thing once: the second tap of a save, however fast, lands on a
disabled button (pwa/dom.js oneTap). Offline, so that what the phone queued is counted
before any of it leaves: the old code queued two visitors, two hazards, two drills."""
import uuid

import requests
from playwright.sync_api import expect

from .app import backoff_cap, expect_waiting, idb_all, kept_offline, open_app, sign_in
from .harness import api_login, push
from .routines_helpers import auth


def signed_in(phone, live, who):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, who)
    kept_offline(page, who)  # the guard's and the admin's screens open offline
    return page


def go(page, route):
    page.evaluate("r => { location.hash = r; }", route)


def queued(page, name: str) -> int:
    return sum(m["name"] == name for m in idb_all(page, "outbox"))


def test_a_double_tap_registers_one_visitor_who_enters_and_leaves_once(live, phone):
    guard = signed_in(phone, live, "guard")
    host = api_login(live.url, "teacher1")["user"]["id"]
    guard.context.set_offline(True)
    go(guard, "#/visitor-new")
    guard.fill("#v-name", "王访客")
    guard.select_option("#v-type", "none")
    guard.fill("#v-purpose", "送教具")
    guard.select_option("#v-host", host)
    guard.get_by_role("button", name="保存登记").dblclick()
    expect(guard.locator("#main[data-screen=visitor]")).to_be_visible()
    guard.get_by_role("link", name="被访人电话同意").click()
    guard.locator("button[data-act=call-allow]").dblclick()
    guard.locator("button[data-act=enter]").dblclick()
    expect(guard.locator(".pass-screen[data-status=entered]")).to_be_visible()
    go(guard, "#/visitors")
    guard.locator("#on-site button[data-act=leave]").dblclick()
    expect(guard.locator("#on-site")).to_have_count(0)
    assert [queued(guard, n) for n in ("visitor.register", "visitor.decide", "visitor.enter", "visitor.leave")] \
        == [1, 1, 1, 1]


def test_a_double_tap_logs_the_gate_once_and_picks_a_child_up_once(live, phone):
    guard = signed_in(phone, live, "guard")
    guard.context.set_offline(True)
    guard.locator("button[data-log=open]").dblclick()
    expect(guard.locator("#live")).to_have_text("已记录开门")
    go(guard, "#/pickup")
    guard.locator(".pickup-classes li a").first.click()
    guard.locator("#remaining li a").first.click()
    guard.locator("button[data-adult]").first.dblclick()
    expect(guard.locator("#gone li")).to_have_count(1)
    assert (queued(guard, "gate.event"), queued(guard, "pickup.record")) == (1, 1)


def test_a_double_tap_reports_one_hazard_and_verifies_a_fix_once(live, phone):
    hid = str(uuid.uuid4())
    teacher = api_login(live.url, "teacher1")["user"]["id"]
    push(live.url, "teacher1", ("hazard.report", {"id": hid, "what": "插座松动"}))
    push(live.url, "admin", ("hazard.assign", {"hazard_id": hid, "assignee_id": teacher,
                                               "deadline": "2099-12-31"}))
    push(live.url, "teacher1", ("hazard.fix", {"hazard_id": hid, "note": "已更换"}))
    admin = signed_in(phone, live, "admin")
    admin.context.set_offline(True)
    go(admin, "#/hazard-new")
    admin.fill("#zwhat", "楼梯扶手松动")
    admin.locator("form.zreport button[type=submit]").dblclick()
    expect(admin.get_by_test_id("hazard-status")).to_have_text("已登记")
    go(admin, f"#/hazard/{hid}")
    admin.locator("button[data-verify=accept]").dblclick()
    expect(admin.get_by_test_id("hazard-status")).to_have_text("已闭环")
    assert (queued(admin, "hazard.report"), queued(admin, "hazard.verify")) == (1, 1)
    admin.context.set_offline(False)
    admin.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect_waiting(admin, 0)
    assert idb_all(admin, "rejected") == []  # no second verify refused in red


def test_a_double_tap_plans_one_drill_and_issues_one_letter(live, phone):
    admin = signed_in(phone, live, "admin")
    go(admin, "#/drills")
    expect(admin.locator("#drill-plan")).to_be_visible()
    before = admin.locator("ul.dlist li").count()
    admin.context.set_offline(True)
    admin.locator("#drill-plan button[type=submit]").dblclick()
    expect(admin.locator("ul.dlist li")).to_have_count(before + 1)
    assert queued(admin, "drill.plan") == 1
    admin.context.set_offline(False)
    go(admin, "#/letters")
    form = admin.locator("#letter-issue")
    form.get_by_label("岗位").fill("夜间值守")
    form.get_by_label("签订人（角色）").select_option("guard")
    form.get_by_role("button", name="下发责任书").dblclick()
    expect(admin.locator("ul.llist.all li", has_text="夜间值守")).to_have_count(1)
    letters = requests.get(f"{live.url}/api/routines/letters", headers=auth(live.url), timeout=10).json()["letters"]
    assert sum(x["post"] == "夜间值守" for x in letters) == 1
