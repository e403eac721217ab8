"""The hazard loop through the phones: reported, assigned by the admin (an overdue deadline
flagged), fixed by the assignee with a photo, refused with a reason by the health teacher,
fixed again, accepted; a patrol round scanned out of order and ended with missed ones."""
import datetime as dt

from playwright.sync_api import expect

from .app import backoff_cap, expect_waiting, open_app, sign_in
from .zones_helpers import photo_jpeg, pulled, qr_png, sync_now, zone_codes


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
    teacher.fill("#zwhat", "插座松动")
    teacher.locator("form.zreport button[type=submit]").click()
    expect(teacher.get_by_test_id("hazard-status")).to_have_text("已登记")
    hid = teacher.url.rsplit("/", 1)[1]
    synced(teacher)

    admin = signed_in(phone, live, "admin")
    admin.goto(f"{live.url}/#/hazard/{hid}")
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    admin.select_option("#zassignee", label=next(u["name"] for u in pulled(live.url, "user")
                                                 if u.get("username") == "teacher1"))
    admin.fill("#zdeadline", yesterday)
    admin.locator("form.assign button[type=submit]").click()
    expect(admin.get_by_test_id("hazard-status")).to_have_text("整改中")
    synced(admin)
    status_is(live, hid, "assigned")

    synced(teacher, "/hazards?tab=mine")
    row = teacher.locator(f'li.hazard[data-hazard="{hid}"]')
    expect(row.locator(".zoverdue")).to_be_visible()  # the deadline passed yesterday
    row.locator("a").click()
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
    synced(teacher)

    synced(health, f"/hazard/{hid}")
    health.locator("button[data-verify=accept]").click()
    expect(health.get_by_test_id("hazard-status")).to_have_text("已闭环")
    synced(health)
    status_is(live, hid, "verified")
    health.goto(f"{live.url}/#/hazard/{hid}")
    expect(health.locator(".zhistory li")).to_have_count(6)  # report assign fix refuse fix accept
