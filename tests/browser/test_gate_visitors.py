"""Visitors at the gate on real phones: registered by the guard (offline too), decided by the
host on the app or by the guard for a host on the phone, the block list, entering, signing
out and the on-site list. ID numbers never reach a phone in full."""
import json
import uuid

import requests
from playwright.sync_api import expect

from .app import backoff_cap, expect_waiting, idb_all, kept_offline, open_app, sign_in
from .harness import api_login, push

VALID_ID = "11010519491231002X"  # GB 11643's own example: a correct check digit


def sync(page):
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")


def go(page, route):
    page.evaluate("r => { location.hash = r; }", route)


def staff_phone(phone, live, username):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, username)
    return page


def user_id(page) -> str:
    return page.evaluate("import('/session.js').then(s => s.currentUser()).then(u => u.id)")


def register(page, host_id, name="王访客", id_type="cn_id", number=VALID_ID, purpose="送教具",
             pushed=True):
    go(page, "#/visitor-new")
    page.fill("#v-name", name)
    page.select_option("#v-type", id_type)
    page.fill("#v-number", number)
    page.fill("#v-purpose", purpose)
    page.select_option("#v-host", host_id)
    page.get_by_role("button", name="保存登记").click()
    expect(page.locator("#main[data-screen=visitor]")).to_be_visible()
    if pushed:  # on the server before another phone pulls
        expect_waiting(page, 0)
    return page.evaluate("location.hash.split('/')[2]")


def expect_status(page, visitor_id, status):
    """Pull until the pass shows the visitor in `status` (the other phone decided)."""
    go(page, f"#/visitor/{visitor_id}")
    sync(page)
    expect(page.locator(f".pass-screen[data-status={status}]")).to_be_visible()


def test_host_allows_on_their_phone_and_the_guard_sees_it_after_sync(live, phone):
    guard, host = staff_phone(phone, live, "guard"), staff_phone(phone, live, "teacher1")
    vid = register(guard, user_id(host))
    go(host, "#/visitors")
    sync(host)
    row = host.locator(f"#mine li[data-visitor='{vid}']")
    row.locator("button[data-act=allow]").click()
    expect(host.locator("#mine li")).to_have_count(0)
    expect_waiting(host, 0)
    expect_status(guard, vid, "allowed")
    guard.locator("button[data-act=enter]").click()
    expect(guard.locator(".pass-screen[data-status=entered]")).to_be_visible()
    expect(guard.get_by_test_id("time-in")).not_to_have_text("—")
    expect(guard.locator("svg.qr path")).to_have_count(1)


def test_guard_records_a_host_who_allowed_by_phone(live, phone):
    guard = staff_phone(phone, live, "guard")
    host_id = api_login(live.url, "teacher2")["user"]["id"]
    vid = register(guard, host_id)
    guard.get_by_role("link", name="被访人电话同意").click()
    expect(guard.locator("#call-who")).not_to_have_value("")
    guard.fill("#call-who", "李老师本人")
    guard.locator("button[data-act=call-allow]").click()
    expect(guard.locator(".pass-screen[data-status=allowed]")).to_be_visible()
    sync(guard)
    expect_waiting(guard, 0)  # on the server: the pass shows the decision once it is queued
    admin = api_login(live.url, "admin")["token"]
    body = requests.get(f"{live.url}/api/gate/visitors/{vid}", timeout=10,
                        headers={"Authorization": f"Bearer {admin}"}).json()
    assert (body["status"], body["decided_how"], body["decided_for"]) == ("allowed", "phone_call", "李老师本人")


def test_a_refused_visitor_cannot_enter(live, phone):
    guard, host = staff_phone(phone, live, "guard"), staff_phone(phone, live, "teacher1")
    vid = register(guard, user_id(host))
    go(host, "#/visitors")
    sync(host)
    host.locator(f"#mine li[data-visitor='{vid}'] button[data-act=refuse]").click()
    expect(host.locator("#mine li")).to_have_count(0)
    expect_waiting(host, 0)
    expect_status(guard, vid, "refused")
    expect(guard.locator("button[data-act=enter]")).to_have_count(0)


def test_a_block_list_match_alerts_at_once_and_only_the_admin_may_allow(live, phone):
    push(live.url, "admin", ("blocklist.put", {"id": str(uuid.uuid4()), "name": "黑名单",
                             "id_number": VALID_ID, "reason": "test"}))
    guard = staff_phone(phone, live, "guard")
    sync(guard)
    expect(guard.locator("#status")).to_be_visible()
    host_id = api_login(live.url, "teacher1")["user"]["id"]
    go(guard, "#/visitor-new")
    guard.fill("#v-name", "张三")
    guard.fill("#v-number", VALID_ID)
    expect(guard.get_by_test_id("block-alert")).to_contain_text("只有园长")
    guard.fill("#v-purpose", "找人")
    guard.select_option("#v-host", host_id)
    guard.get_by_role("button", name="保存登记").click()
    expect(guard.locator(".pass-screen[data-status=waiting]")).to_be_visible()
    expect(guard.get_by_test_id("block-alert")).to_be_visible()
    expect(guard.get_by_role("link", name="被访人电话同意")).to_have_count(0)


def test_a_wrong_check_digit_is_refused_on_the_phone(live, phone):
    guard = staff_phone(phone, live, "guard")
    go(guard, "#/visitor-new")
    guard.fill("#v-number", VALID_ID[:-1] + "1")
    expect(guard.locator("#id-hint")).to_contain_text("校验码")
    expect(guard.locator("#v-number")).to_have_attribute("aria-invalid", "true")


def test_signing_out_leaves_the_on_site_list(live, phone):
    guard = staff_phone(phone, live, "guard")
    host_id = api_login(live.url, "teacher1")["user"]["id"]
    vids = [register(guard, host_id, name=n, id_type="none", number="") for n in ("甲", "乙")]
    for vid in vids:
        go(guard, f"#/visitor-call/{vid}")
        guard.locator("button[data-act=call-allow]").click()
        expect(guard.locator(".pass-screen[data-status=allowed]")).to_be_visible()
        guard.locator("button[data-act=enter]").click()
        expect(guard.locator(".pass-screen[data-status=entered]")).to_be_visible()
    go(guard, "#/visitors")
    expect(guard.get_by_test_id("on-site")).to_have_attribute("data-count", "2")
    guard.locator(f"#on-site li[data-visitor='{vids[0]}'] button[data-act=leave]").click()
    expect(guard.get_by_test_id("on-site")).to_have_attribute("data-count", "1")
    expect(guard.locator(f"#on-site li[data-visitor='{vids[1]}']")).to_be_visible()
    sync(guard)
    expect_waiting(guard, 0)  # on the server: the list shows the departure once it is queued
    token = api_login(live.url, "guard")["token"]
    on_site = requests.get(f"{live.url}/api/gate/visitors", params={"status": "entered"}, timeout=10,
                           headers={"Authorization": f"Bearer {token}"}).json()["visitors"]
    assert [v["id"] for v in on_site] == [vids[1]]


def test_a_registration_made_with_the_server_down_is_synced_later(live, phone):
    guard = staff_phone(phone, live, "guard")
    host_id = api_login(live.url, "teacher1")["user"]["id"]
    kept_offline(guard, "guard")
    live.stop()
    vid = register(guard, host_id, name="离线访客", pushed=False)
    outbox = idb_all(guard, "outbox")
    assert [m["name"] for m in outbox] == ["visitor.register"]
    live.start()
    sync(guard)
    expect_waiting(guard, 0)
    token = api_login(live.url, "guard")["token"]
    listed = requests.get(f"{live.url}/api/gate/visitors", timeout=10,
                          headers={"Authorization": f"Bearer {token}"}).json()["visitors"]
    assert [(v["id"], v["name"], v["id_masked"]) for v in listed] == [(vid, "离线访客", "110***********002X")]
    assert VALID_ID not in json.dumps(listed) and VALID_ID not in json.dumps(idb_all(guard, "records"))


def test_a_visitor_count_that_is_not_a_whole_number_is_refused_on_the_phone(live, phone):
    """"1.5" passed the phone and was refused by the server ("people: Not a valid integer")."""
    guard = staff_phone(phone, live, "guard")
    go(guard, "#/visitor-new")
    guard.fill("#v-name", "王访客")
    guard.select_option("#v-type", "none")
    guard.fill("#v-purpose", "送教具")
    guard.select_option("#v-host", index=1)
    guard.fill("#v-people", "1.5")
    guard.get_by_role("button", name="保存登记").click()
    expect(guard.locator("#visitor-error")).to_have_text("人数应为1–50的整数")
    assert idb_all(guard, "outbox") == []
    guard.fill("#v-people", "2")
    guard.get_by_role("button", name="保存登记").click()
    expect(guard.locator("#main[data-screen=visitor]")).to_be_visible()
