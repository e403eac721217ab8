"""Zones forms redraw when a pull brings new records: what another phone did shows, and
what this person is typing, marking or has scanned stays, with the cursor in its field."""
import datetime as dt
import uuid

from playwright.sync_api import expect

from .app import backoff_cap, expect_waiting, open_app, sign_in
from .harness import push
from .zones_helpers import qr_png, sync_now, zone_codes


def teacher_phone(phone, live):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    return page


def focused(page) -> str | None:
    return page.evaluate("document.activeElement?.dataset?.focus ?? null")


def test_a_zone_check_shows_another_phones_marks_and_keeps_what_is_typed(live, phone, db_file, tmp_path):
    mine = next(z for name, z in zone_codes(db_file).items() if name.startswith("小一班"))
    page = teacher_phone(phone, live)
    page.goto(f"{live.url}/#/zone-check/{mine['id']}/opening")
    expect(page.locator("form.zcheck")).to_be_visible()
    page.set_input_files("#zscan-file", str(qr_png(tmp_path, mine["text"])))
    expect(page.get_by_test_id("proof")).to_have_attribute("data-proof", "qr")
    page.locator("button[data-item=sockets][data-ok=false]").click()
    note = page.get_by_label("插座有保护盖的备注")
    note.fill("午睡室插座盖脱落")
    # the same check from the teacher's other phone: the exits blocked
    today = page.evaluate("import('/time.js').then(t => t.today('Asia/Shanghai'))")
    push(live.url, "teacher1", ("zone.check", {
        "zone_id": mine["id"], "date": today, "kind": "opening", "proof": "qr", "code": mine["text"],
        "items": {"exits": {"ok": False, "note": "走廊堆放纸箱"}}}))
    sync_now(page)
    expect(page.locator("button[data-item=exits][data-ok=false]")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_label("安全出口畅通的备注")).to_have_value("走廊堆放纸箱")
    expect(page.locator("button[data-item=sockets][data-ok=false]")).to_have_attribute("aria-pressed", "true")
    expect(note).to_have_value("午睡室插座盖脱落")
    assert focused(page).startswith("zcheck:") and focused(page).endswith(":note:sockets")
    expect(page.get_by_test_id("proof")).to_have_attribute("data-proof", "qr")
    note.press("End")
    note.type("，已报修")
    page.locator("form.zcheck button[type=submit]").click()
    expect(page.locator("#main")).to_have_attribute("data-screen", "zones")
    expect_waiting(page, 0)


def test_a_hazard_shows_a_new_deadline_and_keeps_the_fix_being_typed(live, phone):
    page = teacher_phone(phone, live)
    me = page.evaluate("import('/session.js').then(s => s.currentUser()).then(u => u.id)")
    hid = str(uuid.uuid4())
    first = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    later = (dt.date.today() + dt.timedelta(days=9)).isoformat()
    push(live.url, "teacher1", ("hazard.report", {"id": hid, "what": "滑梯螺丝松动"}))
    assign = {"hazard_id": hid, "assignee_id": me, "deadline": first}
    push(live.url, "admin", ("hazard.assign", assign))
    sync_now(page)
    page.goto(f"{live.url}/#/hazard/{hid}")
    expect(page.locator(".hazard-detail")).to_contain_text(first)
    fix = page.locator("#zfix-note")
    fix.fill("已紧固全部螺丝")
    push(live.url, "admin", ("hazard.assign", dict(assign, deadline=later)))
    sync_now(page)
    expect(page.locator(".hazard-detail")).to_contain_text(later)
    expect(page.get_by_test_id("hazard-status")).to_have_text("整改中")
    expect(fix).to_have_value("已紧固全部螺丝")
    assert focused(page) == f"hazard:{hid}:fix_note"
    page.locator("form.fix button[type=submit]").click()
    expect(page.locator(".hazard-detail")).to_have_attribute("data-status", "fixed")
    expect_waiting(page, 0)


def test_why_a_zone_check_was_refused_is_still_said_after_a_redraw(live, phone, db_file):
    mine = next(z for name, z in zone_codes(db_file).items() if name.startswith("小一班"))
    page = teacher_phone(phone, live)
    page.goto(f"{live.url}/#/zone-check/{mine['id']}/opening")
    expect(page.locator("form.zcheck")).to_be_visible()
    page.locator("form.zcheck button[type=submit]").click()  # no QR code scanned, no photo
    error = page.locator("#zcheck-error")
    expect(error).not_to_be_empty()
    said = error.text_content()
    page.evaluate("""async () => {
      const { changed } = await import('/bus.js');
      const drawn = new Promise((resolve) => new MutationObserver((_, obs) => { obs.disconnect(); resolve(); })
        .observe(document.querySelector('#main'), { childList: true }));
      changed('pull', { local: true });
      await drawn;
    }""")
    expect(page.locator("#zcheck-error")).to_have_text(said)
