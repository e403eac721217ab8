"""A zone's opening self-check on the phone: a failed item raises a hazard in the same tap,
presence proven by the zone's QR code read from a picture (jsQR where the browser has no
BarcodeDetector); another zone's code is refused on the spot."""
from playwright.sync_api import expect

from .app import backoff_cap, expect_waiting, open_app, sign_in
from .routines_helpers import open_school_today, school_today
from .harness import pulled
from .zones_helpers import qr_png, zone_codes


def test_opening_check_with_a_failed_item_raises_its_hazard_once(live, phone, db_file, tmp_path):
    codes = zone_codes(db_file)
    mine = next(z for name, z in codes.items() if name.startswith("小一班"))
    other = next(z for name, z in codes.items() if z["kind"] == "kitchen")
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    page.get_by_role("link", name="区域安全").click()
    row = page.locator(f'li.zone[data-zone="{mine["id"]}"]')
    expect(row.locator("a[data-kind=opening]")).to_have_attribute("data-state", "todo")
    row.locator("a[data-kind=opening]").click()
    expect(page.locator("form.zcheck")).to_be_visible()

    page.locator("button[data-item=sockets][data-ok=false]").click()
    page.get_by_label("插座有保护盖的备注").fill("午睡室插座盖脱落")
    page.locator("form.zcheck button[type=submit]").click()
    expect(page.locator("#zcheck-error")).to_have_text("请扫描区域二维码，或在现场拍照")

    page.set_input_files("#zscan-file", str(qr_png(tmp_path, other["text"], "other.png")))
    expect(page.locator("#zcheck-error")).to_contain_text("不是本区域的二维码")
    page.set_input_files("#zscan-file", str(qr_png(tmp_path, mine["text"])))
    expect(page.get_by_test_id("proof")).to_have_attribute("data-proof", "qr")
    page.locator("form.zcheck button[type=submit]").click()

    expect(page.locator("#main")).to_have_attribute("data-screen", "zones")
    expect_waiting(page, 0)
    expect(row.locator("a[data-kind=opening]")).to_have_attribute("data-state", "failed")

    [check] = pulled(live.url, "zone_check")
    assert check["proof"] == "qr" and check["failed"] == 1 and check["items"]["sockets"]["ok"] is False
    [hazard] = pulled(live.url, "hazard")
    assert hazard["zone_id"] == mine["id"] and hazard["source"].endswith(":sockets")
    assert "午睡室插座盖脱落" in hazard["what"] and hazard["status"] == "reported"


def test_admin_sees_who_has_not_done_todays_checks(live, phone):
    open_school_today(live.url, school_today())  # on a closed day none are due
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "admin")
    page.goto(f"{live.url}/#/zones")
    missing = page.locator("li.zmissing")
    expect(missing.first).to_be_visible()
    n = missing.count()
    assert n >= 2 and n % 2 == 0  # every zone, opening and closing
