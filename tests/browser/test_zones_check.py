"""A zone's opening self-check on the phone: a failed item raises a hazard in the same tap,
presence proven by the zone's QR code read from a picture (jsQR where the browser has no
BarcodeDetector); another zone's code is refused on the spot."""
from playwright.sync_api import expect

from .app import backoff_cap, expect_waiting, kept_offline, open_app, sign_in
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


def test_a_zone_check_opened_the_first_time_offline_has_its_checklist(live, phone, db_file):
    """The checklists come with the school in the first sync: a zone check never opened
    before shows its items with no network. With none on the phone at all, it says so and
    offers nothing to save (a check of no items showed as done and the server refused it)."""
    mine = next(z for name, z in zone_codes(db_file).items() if name.startswith("小一班"))
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    kept_offline(page, "caregiver")
    page.context.set_offline(True)
    page.evaluate("h => { location.hash = h; }", f"#/zone-check/{mine['id']}/opening")
    expect(page.locator("form.zcheck li.zitem").first).to_be_visible()
    assert page.locator("form.zcheck li.zitem").count() > 3

    page.evaluate("""() => new Promise((resolve, reject) => {  // a site record without them
      const open = indexedDB.open('sanguan');
      open.onsuccess = () => {
        const store = open.result.transaction('records', 'readwrite').objectStore('records');
        const req = store.index('entity').getAll('site');
        req.onsuccess = () => { for (const s of req.result) { delete s.zone_checklists; store.put(s); }
          store.transaction.oncomplete = () => { open.result.close(); resolve(); }; };
        req.onerror = () => reject(req.error);
      };
    })""")
    page.evaluate("h => { location.hash = h; }", f"#/zone-check/{mine['id']}/closing")
    expect(page.get_by_test_id("no-checklist")).to_contain_text("联网")
    expect(page.locator("form.zcheck")).to_have_count(0)
    expect_waiting(page, 0)


def test_a_zone_checks_notes_say_what_they_are_and_its_two_marks_are_one_height(live, phone, db_file):
    mine = next(z for name, z in zone_codes(db_file).items() if name.startswith("小一班"))
    page = open_app(phone(), live.url)
    sign_in(page, "teacher1")
    page.evaluate("h => { location.hash = h; }", f"#/zone-check/{mine['id']}/opening")
    note = page.get_by_label("插座有保护盖的备注")
    expect(note).to_have_attribute("placeholder", "备注（可不填）")
    ok, bad = (page.locator(f"button[data-item=sockets][data-ok={v}]") for v in ("true", "false"))
    heights = lambda: (ok.bounding_box()["height"], bad.bounding_box()["height"])  # noqa: E731
    pressed = heights()
    bad.click()
    expect(bad).to_have_attribute("aria-pressed", "true")
    assert pressed[0] == pressed[1] == heights()[0] == heights()[1], (pressed, heights())
