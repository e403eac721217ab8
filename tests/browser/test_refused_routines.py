"""On the routines screens what the server refused is not done: a refused tick leaves its
item to do, and a drill planned or recorded here counts as the server has it (its kind
still to do, a planned one still planned); each is marked, in the person's language, with
the way to the rejected list."""
from playwright.sync_api import expect

from .app import backoff_cap, open_app, queue_refused, sign_in, today_at_school
from .routines_helpers import open_school_today, school_today


def admin_on_drills(phone, live):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "admin")
    page.evaluate("() => { location.hash = '#/drills'; }")
    expect(page.locator("li.dkind").first).to_be_visible()
    return page


def term_of(page, date):
    return page.evaluate("d => import('/screens/routines/rules.js').then(r => r.termOf(d))", date)


def test_a_refused_drill_plan_leaves_its_kind_still_to_do_and_is_marked(live, phone):
    page = admin_on_drills(phone, live)
    kind = page.locator('li.dkind[data-state="todo"]').first.get_attribute("data-kind")
    date = today_at_school(page)
    did = page.evaluate("crypto.randomUUID()")
    mid = queue_refused(page, "drill.plan", {"id": did, "kind": kind, "date": date, "scenario": "x" * 2001},  # too long
                        {"id": did, "entity": "drill", "kind": kind, "date": date, "scenario": "x" * 2001,
                         "term": term_of(page, date), "status": "planned"})
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "1")
    page.evaluate("() => { location.hash = '#/'; location.hash = '#/drills'; }")
    expect(page.locator(f'li[data-drill="{did}"] [data-refused]')).to_have_attribute("href", f"#/rejected?id={mid}")
    expect(page.locator(f'li.dkind[data-kind="{kind}"]')).to_have_attribute("data-state", "todo")


def test_a_refused_drill_record_leaves_the_planned_drill_planned_and_marked(live, phone):
    page = admin_on_drills(phone, live)
    planned = page.locator('.dlist li[data-state="planned"]').first
    did = planned.get_attribute("data-drill")
    drill = page.evaluate("id => import('/db.js').then(d => d.db()).then(d => d.get('records', id))", did)
    args = {"id": did, "kind": drill["kind"], "date": drill["date"], "scenario": drill.get("scenario"),
            "started_at": f'{drill["date"]}T10:00:00+08:00', "ended_at": f'{drill["date"]}T10:07:00+08:00',
            "evacuate_seconds": 0, "children": 75, "staff": 10, "classes": {}, "problems": [], "note": None}  # 0 s: refused
    mid = queue_refused(page, "drill.record", args, {**args, "status": "done"})
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "1")
    page.evaluate("() => { location.hash = '#/'; location.hash = '#/drills'; }")
    row = page.locator(f'li[data-drill="{did}"]')
    expect(row).to_have_attribute("data-state", "planned")
    expect(row.locator("[data-refused]")).to_have_attribute("href", f"#/rejected?id={mid}")
    expect(page.locator(f'li.dkind[data-kind="{drill["kind"]}"]')).not_to_have_attribute("data-state", "done")


def test_a_refused_tick_leaves_its_item_to_do_and_marked(live, phone):
    open_school_today(live.url, school_today())  # on a closed day nothing is listed
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    entry = page.evaluate("""async () => {
      const { myItems } = await import('/screens/routines/data.js');
      const { tickItem } = await import('/screens/routines/list.js');
      const { currentUser } = await import('/session.js');
      const { schoolNow } = await import('/screens/routines/rules.js');
      const user = await currentUser();
      const { items } = await myItems(user, schoolNow(user.timezone).date);
      const e = items.find((x) => (x.item.needs ?? 'tick') === 'tick');
      return { key: e.item.key, owner: e.owner.id, ...tickItem(user, e) };
    }""")
    args = {**entry["args"], "item_key": "no_such_item"}  # not on the checklist: refused
    mid = queue_refused(page, "routine.tick", args, entry["record"])
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "1")
    page.evaluate("() => { location.hash = '#/drills'; location.hash = '#/routines'; }")
    key, owner = entry["key"], entry["owner"]
    row = page.locator(f'li.ritem[data-item="{key}"][data-owner="{owner}"]')
    expect(row.locator("[data-refused]")).to_have_attribute("href", f"#/rejected?id={mid}")
    expect(row).not_to_have_attribute("data-state", "done")
    expect(row.locator("p.rdone")).to_have_count(0)
