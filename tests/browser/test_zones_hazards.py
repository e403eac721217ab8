"""The hazard loop through the phones: reported (only spaces said nothing), assigned by the
admin (whom she chose, by a deadline not past), fixed by the assignee with a photo (a note
of only spaces refused), refused with a reason by the health teacher,
fixed again, accepted; a patrol round scanned out of order and ended with missed ones."""
import datetime as dt
from zoneinfo import ZoneInfo

import requests
from playwright.sync_api import expect

from tests.conftest import by_person

from .app import (apply_stale_pull, backoff_cap, expect_waiting, fetch_stale_pull,
                  open_app, sign_in)
from .harness import pulled
from .routines_helpers import auth
from .zones_helpers import photo_jpeg, qr_png, sync_now, zone_codes

SHANGHAI = ZoneInfo("Asia/Shanghai")


def signed_in(phone, live, who):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, who)
    return page


def synced(page, hash_=None):
    sync_now(page)
    expect_waiting(page, 0)
    if hash_:  # through another screen: a form screen is not redrawn by a pull
        page.goto(f"{page.url.split('#')[0]}#/zones")
        page.goto(f"{page.url.split('#')[0]}#{hash_}")


def status_is(live, hid, status):
    [h] = [h for h in pulled(live.url, "hazard") if h["id"] == hid]
    assert h["status"] == status, h
    return h


def test_the_hazard_loop_closes_through_the_ui(live, phone, tmp_path):
    teacher = signed_in(phone, live, "teacher1")
    teacher.goto(f"{live.url}/#/hazard-new")
    teacher.select_option("#zwhere", index=1)
    teacher.fill("#zwhat", "   ")  # passes the browser's `required`; the server refuses it
    teacher.locator("form.zreport button[type=submit]").click()
    expect(teacher.locator("#zreport-error")).to_have_text("请写明隐患是什么")
    teacher.fill("#zwhat", "插座松动")
    teacher.locator("form.zreport button[type=submit]").click()
    expect(teacher.get_by_test_id("hazard-status")).to_have_text("已登记")
    hid = teacher.url.rsplit("/", 1)[1]
    synced(teacher)

    admin = signed_in(phone, live, "admin")
    admin.goto(f"{live.url}/#/hazard/{hid}")
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    # The staff to choose from by name, surnames read as surnames, not in the store's order.
    users = pulled(live.url, "user")
    # Nobody chosen for her: she picks the fixer.
    expect(admin.locator("#zassignee option")).to_have_text(
        ["请选择整改人…", *[u["name"] for u in by_person(users) if u.get("active", True) is not False]])
    expect(admin.locator("#zassignee")).to_have_value("")
    admin.locator("form.assign button[type=submit]").click()
    expect(admin.locator("#zassign-error")).to_have_text("请选择整改人")
    admin.select_option("#zassignee", label=next(u["name"] for u in users
                                                 if u.get("username") == "teacher1"))
    admin.fill("#zdeadline", yesterday)  # overdue the moment it was assigned: refused
    admin.locator("form.assign button[type=submit]").click()
    expect(admin.locator("#zassign-error")).to_have_text("期限请选今天或以后的日期")
    expect(admin.get_by_test_id("hazard-status")).to_have_text("已登记")
    admin.fill("#zdeadline", dt.datetime.now(SHANGHAI).date().isoformat())
    admin.locator("form.assign button[type=submit]").click()
    expect(admin.get_by_test_id("hazard-status")).to_have_text("整改中")
    synced(admin)
    status_is(live, hid, "assigned")

    synced(teacher, "/hazards?tab=mine")
    row = teacher.locator(f'li.hazard[data-hazard="{hid}"]')
    expect(row.locator(".zoverdue")).to_have_count(0)  # due today
    row.locator("a").click()
    teacher.fill("#zfix-note", " \n ")
    teacher.locator("form.fix button[type=submit]").click()
    expect(teacher.locator("#zfix-error")).to_have_text("请填写整改情况")
    teacher.fill("#zfix-note", "已更换插座面板")
    teacher.set_input_files("#zfix-photo", str(photo_jpeg(tmp_path, (1200, 900))))
    expect(teacher.locator("form.fix img.zthumb")).to_have_count(1)
    teacher.locator("form.fix button[type=submit]").click()
    expect(teacher.get_by_test_id("hazard-status")).to_have_text("待复查")
    synced(teacher)
    fixed = status_is(live, hid, "fixed")
    assert len(fixed["fix_photos"]) == 1

    health = signed_in(phone, live, "health")
    health.goto(f"{live.url}/#/hazards?tab=verify")
    health.locator(f'li.hazard[data-hazard="{hid}"] a').click()
    health.locator("button[data-verify=refuse]").click()
    expect(health.locator("#zstep-error")).to_have_text("请填写不通过的原因")
    health.fill("#zrefuse-reason", "面板仍松动")
    health.locator("button[data-verify=refuse]").click()
    expect(health.get_by_test_id("hazard-status")).to_have_text("整改中")
    synced(health)
    assert status_is(live, hid, "assigned")["refused_reason"] == "面板仍松动"

    synced(teacher, f"/hazard/{hid}")
    expect(teacher.locator(".notice")).to_contain_text("面板仍松动")
    teacher.fill("#zfix-note", "已加固")
    teacher.locator("form.fix button[type=submit]").click()
    expect(teacher.get_by_test_id("hazard-status")).to_have_text("待复查")  # queued: now it can be sent
    synced(teacher)

    synced(health, f"/hazard/{hid}")
    health.locator("button[data-verify=accept]").click()
    expect(health.get_by_test_id("hazard-status")).to_have_text("已闭环")
    synced(health)
    status_is(live, hid, "verified")
    health.goto(f"{live.url}/#/hazard/{hid}")
    expect(health.locator(".zhistory > li")).to_have_count(6)  # report assign fix refuse fix accept
    # Its numbers in sight, not cut off at the screen's left edge.
    assert health.locator(".zhistory").evaluate("ol => parseFloat(getComputedStyle(ol).paddingLeft)") >= 24


def test_the_guard_chooses_a_patrol_route_by_name(live, phone):
    headers = auth(live.url)
    zones = requests.get(f"{live.url}/api/admin/zones", headers=headers, timeout=10).json()["zones"]
    for name in ("午间巡查", "傍晚巡查", "入园前巡查"):
        requests.post(f"{live.url}/api/admin/patrol-routes", headers=headers, timeout=10, json={
            "name": name, "zone_ids": [z["id"] for z in zones[:2]]}).raise_for_status()
    guard = signed_in(phone, live, "guard")
    guard.goto(f"{live.url}/#/patrol")
    # By pinyin (bàng, lí, rù, wǔ), not in the store's order of ids.
    expect(guard.locator(".patrol .zlist li .name")).to_have_text(
        ["傍晚巡查", "离园后巡查", "入园前巡查", "午间巡查"])


def test_a_patrol_round_out_of_order_with_missed_checkpoints(live, phone, db_file, tmp_path):
    codes = zone_codes(db_file)
    by_kind = {z["kind"]: z for z in codes.values()}
    guard = signed_in(phone, live, "guard")
    guard.goto(f"{live.url}/#/patrol")
    guard.locator("button[data-route]").first.click()
    expect(guard.locator(".patrol-round")).to_be_visible()
    guard.fill("#zpatrol-note", "楼梯灯不亮")
    before = dt.datetime.now(SHANGHAI).strftime("%H:%M")
    guard.set_input_files("#zpatrol-file", str(qr_png(tmp_path, by_kind["stairs"]["text"], "stairs.png")))
    stairs = guard.locator(f'.zcheckpoints li[data-zone="{by_kind["stairs"]["id"]}"]')
    expect(stairs).to_have_class("scanned")
    after = dt.datetime.now(SHANGHAI).strftime("%H:%M")
    assert before in stairs.inner_text() or after in stairs.inner_text()  # the school's clock
    guard.set_input_files("#zpatrol-file", str(qr_png(tmp_path, by_kind["gate"]["text"], "gate.png")))
    expect(guard.locator(f'.zcheckpoints li[data-zone="{by_kind["gate"]["id"]}"]')).to_have_class("scanned")
    guard.get_by_role("button", name="结束巡查").click()
    # the result reads the same before the end is queued: wait for the round to be ended
    expect(guard.locator(".patrol-round")).to_have_attribute("data-ended", "true")
    expect(guard.get_by_test_id("patrol-result")).to_have_text("漏查2处 · 顺序不对")
    synced(guard)
    [r] = pulled(live.url, "patrol_round")
    assert r["ended_at"] and r["out_of_order"] is True and len(r["missed"]) == 2
    assert [s["note"] for s in r["scans"]][0] == "楼梯灯不亮"


def redrawn(page, selector):
    """Redraw the screen and wait until the new one is mounted."""
    page.evaluate("s => { document.querySelector(s).dataset.old = '1'; dispatchEvent(new HashChangeEvent('hashchange')); }",
                  selector)
    expect(page.locator(f"{selector}:not([data-old])")).to_be_visible()


# A pull fetched before a scan is pushed, and applied after the scan was queued, puts the
# server's older round in the store; once the push is answered the screen must not fall
# back to it (the race that made the round above fail 1 run in 3): a later tap would build
# on a round without the scan.
def test_a_scan_pushed_before_its_pull_is_not_hidden_by_an_older_pull(live, proxy, phone, db_file, tmp_path):
    by_kind = {z["kind"]: z for z in zone_codes(db_file).values()}
    stairs = f'.zcheckpoints li[data-zone="{by_kind["stairs"]["id"]}"]'
    guard = open_app(phone(), proxy.url)
    backoff_cap(guard)
    sign_in(guard, "guard")
    guard.goto(f"{proxy.url}/#/patrol")
    guard.locator("button[data-route]").first.click()
    expect(guard.locator(".patrol-round")).to_be_visible()
    expect_waiting(guard, 0)
    fetch_stale_pull(guard)                       # the round as the server has it: no scan
    proxy.block_pushes = True
    guard.set_input_files("#zpatrol-file", str(qr_png(tmp_path, by_kind["stairs"]["text"], "stairs.png")))
    expect(guard.locator(stairs)).to_have_class("scanned")
    apply_stale_pull(guard)                       # the older pull lands after the scan
    proxy.on_pull = lambda cursor: "drop"            # and the next pull does not come back
    proxy.block_pushes = False
    sync_now(guard)
    expect_waiting(guard, 0)                         # the scan is applied on the server
    redrawn(guard, ".patrol-round")
    expect(guard.locator(stairs)).to_have_class("scanned")
    guard.set_input_files("#zpatrol-file", str(qr_png(tmp_path, by_kind["gate"]["text"], "gate.png")))
    # the scan is read and queued after the picture is given: end the round after it
    expect(guard.locator(f'.zcheckpoints li[data-zone="{by_kind["gate"]["id"]}"]')).to_have_class("scanned")
    guard.get_by_role("button", name="结束巡查").click()
    expect(guard.locator(".patrol-round")).to_have_attribute("data-ended", "true")
    expect(guard.get_by_test_id("patrol-result")).to_have_text("漏查2处 · 顺序不对")
    proxy.on_pull = lambda cursor: None
    synced(guard)
    [r] = pulled(live.url, "patrol_round")
    assert [s["zone_id"] for s in r["scans"]] == [by_kind["stairs"]["id"], by_kind["gate"]["id"]]
    assert r["out_of_order"] is True and len(r["missed"]) == 2
