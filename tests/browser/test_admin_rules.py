"""The admin sets the school's rules in the app and the phones follow them: a room's
disinfection needs show on its caregiver's phone (and are counted offline), a phone holding
work it cannot send says so to the device view, zone checklists are edited, days come off
the calendar and people go on and off the block list."""
import requests
from playwright.sync_api import expect

from .app import (backoff_cap, children, eventually, expect_waiting, idb_all, idb_setting, kept_offline,
                  mark, open_app, revoke_sign_in, sign_in)
from .harness import api_login
from .routines_helpers import open_school_today, school_today
from .test_admin_import import admin_screen


def auth(base_url):
    return {"Authorization": f"Bearer {api_login(base_url, 'admin')['token']}"}


def sync(page):
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")


def test_a_rooms_need_set_by_the_admin_shows_on_the_caregivers_phone_and_counts_offline(live, phone):
    open_school_today(live.url, school_today())  # on a closed day no round is due
    ctx = phone()
    teacher = open_app(ctx, live.url)
    backoff_cap(teacher)
    sign_in(teacher, "teacher1")
    room = next(r for r in idb_all(teacher, "records") if r["entity"] == "room")

    admin = open_app(phone(), live.url)
    sign_in(admin, "admin")
    admin_screen(admin, f"rooms/{room['id']}")
    admin.fill("#need-air", "3")
    admin.fill("#need-bedding", "1")
    admin.fill("#need-tableware", "0")
    admin.get_by_role("button", name="保存消毒需求").click()
    expect(admin.get_by_test_id("needs-saved")).to_have_text("已保存")

    sync(teacher)
    expect(admin.get_by_test_id("needs-state")).to_have_text("本房间按这里设定的次数。")
    assert eventually(lambda: len([r for r in idb_all(teacher, "records") if r["entity"] == "room_need"]) == 7)
    kept_offline(teacher, "caregiver")
    ctx.set_offline(True)  # in the classroom, no Wi-Fi: the phone counts with the room's needs
    teacher.evaluate(f"location.hash = '#/disinfect/{room['id']}'")
    expect(teacher.locator('li[data-item="air"]')).to_contain_text("0/3 轮")
    expect(teacher.locator('li[data-item="bedding"]')).to_contain_text("0/1 轮")
    expect(teacher.locator('li[data-item="tableware"]')).to_have_count(0)
    expect(teacher.locator('li[data-item="towels"]')).to_contain_text("0/1 轮")  # left as it was
    teacher.select_option("#dis-item", "air")
    teacher.select_option("#dis-method", "airing")
    teacher.fill("#dis-amount", "12")
    teacher.locator("form.dis-form button[type=submit]").click()
    expect(teacher.locator('li[data-item="air"]')).to_contain_text("1/3 轮")


def test_a_phone_holding_work_it_cannot_send_shows_its_count_on_the_device_view(live, phone):
    ctx = phone()
    page = open_app(ctx, live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    expect_waiting(page, 0)
    revoke_sign_in(page, live.url)  # her sign-in revoked on the server
    ctx.set_offline(True)
    for child_id in [k for k, _ in children(page)][:2]:
        mark(page, child_id)
    ctx.set_offline(False)
    expect(page.locator("#main[data-screen=signin]")).to_be_visible()
    sign_in(page, "teacher2")  # a colleague signs in on the same phone: her pull says 2 wait
    expect_waiting(page, 2)
    client_id = idb_setting(page, "device_id")

    admin = open_app(phone(), live.url)
    sign_in(admin, "admin")
    admin_screen(admin, "devices")
    row = admin.locator(f'tr[data-client="{client_id}"]')
    expect(row.get_by_test_id("outbox")).to_have_attribute("data-count", "2")
    expect(row.locator('[data-flag="queued"]')).to_have_text("有未能上传的修改")


def test_a_zone_checklist_is_edited_in_the_app(live, phone):
    admin = open_app(phone(), live.url)
    sign_in(admin, "admin")
    admin_screen(admin, "settings?kind=gate")
    editor = admin.locator('.checklist-editor[data-kind="gate"]')
    first_key = editor.locator("li.checklist-item").first.get_attribute("data-key")
    editor.get_by_test_id("item-add").click()
    admin.locator("li.checklist-item").last.locator("input").first.fill("消防通道畅通")
    admin.locator("li.checklist-item").last.get_by_role("button", name="上移").click()
    editor.locator("li.checklist-item").first.get_by_test_id("item-remove").click()
    editor.get_by_role("button", name="保存").click()
    expect(admin.locator('.checklist-editor[data-kind="gate"] h3')).to_contain_text("本园自定")
    gate = requests.get(f"{live.url}/api/zones/checklists", headers=auth(live.url), timeout=10).json()["zones"]["gate"]
    assert [i["zh"] for i in gate] == ["防卫器械在位", "消防通道畅通", "监控正常"]
    assert first_key not in {i["key"] for i in gate}


def test_a_day_comes_off_the_calendar_and_a_person_off_the_block_list(live, phone):
    requests.put(f"{live.url}/api/admin/calendar/2026-12-31", json={"kind": "holiday"},
                 headers=auth(live.url), timeout=10).raise_for_status()
    admin = open_app(phone(), live.url)
    sign_in(admin, "admin")
    admin.on("dialog", lambda d: d.accept())
    admin_screen(admin, "calendar")
    admin.locator('tr[data-date="2026-12-31"]').get_by_test_id("remove-day").click()
    expect(admin.locator('tr[data-date="2026-12-31"]')).to_have_count(0)

    admin_screen(admin, "block-list")
    form = admin.locator("#add-block")
    form.get_by_label("姓名").fill("某人")
    form.get_by_label("证件号（可不填）").fill("11010519491231002X")
    form.get_by_label("原因").fill("家长纠纷")
    form.get_by_role("button", name="添加").click()
    row = admin.locator("#main .admin-table tr", has_text="某人")
    expect(row).to_contain_text("110***********002X")
    row.get_by_test_id("block-remove").click()
    expect(admin.locator("#main .admin-table tr", has_text="某人")).to_have_count(0)
    audit = requests.get(f"{live.url}/api/admin/audit?entity=block_entry", headers=auth(live.url),
                         timeout=10).json()["audit"]
    assert [a["action"] for a in audit] == ["delete", "create"]


def test_a_holiday_of_many_days_is_set_in_one_go_from_its_first_and_last_day(live, phone):
    admin = open_app(phone(), live.url)
    sign_in(admin, "admin")
    admin_screen(admin, "calendar")
    form = admin.locator("#calendar-day")
    form.get_by_label("日期").fill("2027-01-30")
    form.get_by_label("到（最后一天，可不填）").fill("2027-01-25")  # before the first: said
    form.get_by_role("button", name="保存").click()
    expect(form.locator(".error")).to_have_text("最后一天须不早于第一天，一次最多 100 天")
    form.get_by_label("到（最后一天，可不填）").fill("2027-02-12")
    form.get_by_label("备注").fill("寒假")
    form.get_by_role("button", name="保存").click()
    expect(admin.locator("tr.day-holiday")).to_have_count(14)
    days = requests.get(f"{live.url}/api/admin/calendar", headers=auth(live.url), timeout=10).json()["calendar"]
    assert [d["date"] for d in days][:1] + [d["date"] for d in days][-1:] == ["2027-01-30", "2027-02-12"]
    assert {(d["kind"], d["note"]) for d in days} == {("holiday", "寒假")}


def test_a_patrol_routes_checkpoints_are_put_in_order(live, phone):
    admin = open_app(phone(), live.url)
    sign_in(admin, "admin")
    routes = requests.get(f"{live.url}/api/admin/patrol-routes", headers=auth(live.url),
                          timeout=10).json()["patrol-routes"]
    route = routes[0]
    zones = {z["id"]: z["name"] for z in requests.get(
        f"{live.url}/api/admin/zones", headers=auth(live.url), timeout=10).json()["zones"]}
    first, second = route["zone_ids"][:2]
    admin_screen(admin, f"patrol-routes/{route['id']}")
    items = admin.locator("#edit-patrol-routes ol.ordered li")
    # The route's own order first, each checked.
    expect(items.first).to_have_attribute("data-value", first)
    expect(items.nth(1)).to_have_attribute("data-value", second)
    items.nth(1).get_by_role("button", name=f"上移“{zones[second]}”").click()
    expect(items.first).to_have_attribute("data-value", second)
    expect(admin.locator("#live")).to_contain_text("第 1 个")
    # The button keeps the focus, so a keyboard can go on moving the same checkpoint.
    assert admin.evaluate("document.activeElement.classList.contains('up')")
    # A zone not yet on the route is ticked and moved up to be second.
    spare_id = items.nth(len(route["zone_ids"])).get_attribute("data-value")
    spare = admin.locator(f'#edit-patrol-routes ol.ordered li[data-value="{spare_id}"]')
    spare.locator("input").check()
    for _ in range(len(route["zone_ids"]) - 1):
        spare.get_by_role("button", name=f"上移“{zones[spare_id]}”").click()
    admin.locator("#edit-patrol-routes").get_by_role("button", name="保存").click()
    expect(admin.locator('#main .admin[data-section="patrol-routes"]')).to_be_visible()
    saved = {r["id"]: r for r in requests.get(f"{live.url}/api/admin/patrol-routes", headers=auth(live.url),
                                              timeout=10).json()["patrol-routes"]}[route["id"]]
    assert saved["zone_ids"] == [second, spare_id, first, *route["zone_ids"][2:]]
