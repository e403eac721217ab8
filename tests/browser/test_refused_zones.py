"""On the zones screens a zone check, an inspection, a hazard or a patrol round the server
refused is not done: it is marked, in the person's language, with the way to the rejected
list (#/rejected?id=<mutation id>)."""
from playwright.sync_api import expect

from .app import backoff_cap, open_app, queue_refused, sign_in, today_at_school
from .zones_helpers import zone_codes

NO_SUCH_ROUTE = "0e9b1c2d-3f4a-4b5c-8d6e-7f8091a2b3c5"


def signed_in(phone, live, username):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, username)
    return page


def attention(page, n=1):
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", str(n))


def go(page, route):
    page.evaluate("r => { location.hash = r; }", route)


def natural_id(page, kind, *key):
    return page.evaluate("""async ([kind, key]) => {
      const { naturalId } = await import('/ids.js');
      const { currentUser } = await import('/session.js');
      return naturalId((await currentUser()).site_id, kind, ...key);
    }""", [kind, list(key)])


def test_a_refused_zone_check_is_still_to_do_on_the_zones_list_and_marked(live, phone, db_file):
    mine = next(z for name, z in zone_codes(db_file).items() if name.startswith("小一班"))
    page = signed_in(phone, live, "teacher1")
    date = today_at_school(page)
    items = {"floor": {"ok": True, "note": None}}
    mid = queue_refused(page, "zone.check", {"zone_id": mine["id"], "date": date, "kind": "opening", "items": items,
                                             "proof": "qr", "code": "sanguan:zone:elsewhere:x"},  # not this zone's label
                        {"id": natural_id(page, "zone_check", mine["id"], date, "opening"), "entity": "zone_check",
                         "zone_id": mine["id"], "date": date, "kind": "opening", "items": items, "failed": 0,
                         "proof": "qr", "photo": None})
    attention(page)
    go(page, "#/zones")
    row = page.locator(f'li.zone[data-zone="{mine["id"]}"]').first
    expect(row.locator('a.zkind[data-kind="opening"]')).to_have_attribute("data-state", "todo")
    chip = row.locator("[data-refused]")
    expect(chip).to_have_text("开园检查：未被接受，需处理")
    expect(chip).to_have_attribute("href", f"#/rejected?id={mid}")
    go(page, f"#/zone-check/{mine['id']}/opening")
    expect(page.locator("form.zcheck [data-refused]")).to_have_attribute("href", f"#/rejected?id={mid}")


def test_a_refused_inspection_leaves_the_equipment_due_and_marked(live, phone):
    page = signed_in(phone, live, "admin")
    month = today_at_school(page)[:7]
    eq = page.evaluate("import('/db.js').then(d => d.byEntity('equipment')).then(x => x.find(e => e.active !== false))")
    mid = queue_refused(page, "inspection.record", {"equipment_id": eq["id"], "month": "2026-13", "items": {}, "note": None},
                        {"id": natural_id(page, "inspection", eq["id"], month), "entity": "inspection",
                         "equipment_id": eq["id"], "month": month, "items": {}, "ok": True, "note": None})
    attention(page)
    go(page, "#/inspections")
    row = page.locator(f'li.zequip[data-equipment="{eq["id"]}"]')
    expect(row.locator("[data-refused]")).to_have_attribute("href", f"#/rejected?id={mid}")
    expect(row).not_to_have_attribute("data-state", "done")


def test_a_refused_hazard_report_is_marked_on_the_ledger_and_on_its_page(live, phone):
    page = signed_in(phone, live, "teacher1")
    hid = page.evaluate("crypto.randomUUID()")
    hz = {"id": hid, "zone_id": None, "what": "滑梯螺丝松动", "severity": "dire", "photos": [], "source": None}
    mid = queue_refused(page, "hazard.report", hz,  # no such severity
                        {**hz, "entity": "hazard", "status": "reported", "reported_at": "2026-01-01T08:00:00+08:00"})
    attention(page)
    go(page, "#/hazards?tab=all")
    row = page.locator(f'li[data-hazard="{hid}"]')
    expect(row.locator("[data-refused]")).to_have_text("未被接受，需处理")
    expect(row.locator("[data-refused]")).to_have_attribute("href", f"#/rejected?id={mid}")
    go(page, f"#/hazard/{hid}")
    expect(page.locator(".hazard-detail [data-refused]")).to_have_attribute("href", f"#/rejected?id={mid}")


def test_a_refused_patrol_round_is_marked_on_the_rounds_of_today(live, phone):
    page = signed_in(phone, live, "guard")
    date = today_at_school(page)
    route = page.evaluate("import('/db.js').then(d => d.byEntity('patrol_route')).then(x => x[0])")
    rid = page.evaluate("crypto.randomUUID()")
    mid = queue_refused(page, "patrol.start", {"id": rid, "route_id": NO_SUCH_ROUTE, "date": date},
                        {"id": rid, "entity": "patrol_round", "route_id": route["id"], "date": date,
                         "started_at": "2026-01-01T08:00:00+08:00", "scans": []})
    attention(page)
    go(page, "#/patrol")
    row = page.locator(".patrol li", has=page.locator(f'a[href="#/patrol/{rid}"]'))
    expect(row.locator("[data-refused]")).to_have_attribute("href", f"#/rejected?id={mid}")
    go(page, f"#/patrol/{rid}")
    expect(page.locator(".patrol-round [data-refused]")).to_have_attribute("href", f"#/rejected?id={mid}")
