"""Child pick-up and the emergency roll-call on real phones: who has gone home and who
remains, a listed adult, an unlisted adult with the parent's confirmation and no card, a
minor refused; the roll-call's counts after pick-ups and a visitor's departure."""
import datetime as dt
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from .app import children, expect_waiting, idb_setting, kept_offline, mark, open_app, sign_in
from .harness import api_login
from .routines_helpers import calendar_day
from .test_gate_visitors import go, register, staff_phone, sync


def group(page, key):
    return page.locator(f"section.rc-group[data-group={key}]")


def test_pick_ups_move_children_home_and_out_of_the_roll_call(live, phone):
    teacher = staff_phone(phone, live, "teacher1")
    kids = children(teacher)[:4]
    for child_id, _ in kids[:3]:
        mark(teacher, child_id)
    mark(teacher, kids[3][0], "absent")
    go(teacher, "#/rollcall")
    # A caregiver sees checks: present = checked in this morning (not absent).
    expect(group(teacher, "children")).to_have_attribute("data-total", "3")
    go(teacher, "#/pickup")
    expect(teacher.get_by_test_id("pickup-counts")).to_have_attribute("data-gone", "0")
    teacher.locator(f"#remaining li[data-child='{kids[0][0]}'] a").click()
    teacher.locator("button[data-adult]").first.click()
    expect(teacher.locator(f"#gone li[data-child='{kids[0][0]}']")).to_be_visible()
    # Not on the list: a minor is refused with the reason, nothing saved.
    go(teacher, f"#/pickup-child/{kids[1][0]}")
    teacher.fill("#pk-name", "小表哥")
    teacher.fill("#pk-relation", "表哥")
    teacher.check("#pk-minor")
    teacher.fill("#pk-conf", "孩子妈妈")
    teacher.get_by_role("button", name="家长已确认，记录接走").click()
    expect(teacher.get_by_test_id("pickup-error")).to_contain_text("未成年人")
    # An adult with the parent's confirmation and no card: the no-card register.
    teacher.uncheck("#pk-minor")
    teacher.fill("#pk-name", "王阿姨")
    teacher.fill("#pk-relation", "邻居")
    teacher.uncheck("#pk-card")
    teacher.get_by_role("button", name="家长已确认，记录接走").click()
    gone = teacher.locator(f"#gone li[data-child='{kids[1][0]}']")
    expect(gone).to_contain_text("无卡接送")
    expect(gone).to_contain_text("非登记接送人")
    expect(teacher.get_by_test_id("pickup-counts")).to_have_attribute("data-gone", "2")
    go(teacher, f"#/pickup-child/{kids[0][0]}")
    expect(teacher.locator(".gate-alert")).to_contain_text("已")
    go(teacher, "#/rollcall")
    expect(group(teacher, "children")).to_have_attribute("data-total", "1")
    expect_waiting(teacher, 0)


def test_roll_call_counts_visitors_on_site_and_lists_the_missing_first(live, phone):
    guard = staff_phone(phone, live, "guard")
    host_id = api_login(live.url, "teacher1")["user"]["id"]
    vid = register(guard, host_id, name="访客甲", id_type="none", number="")
    go(guard, f"#/visitor-call/{vid}")
    guard.locator("button[data-act=call-allow]").click()
    guard.locator("button[data-act=enter]").click()
    expect(guard.locator(".pass-screen[data-status=entered]")).to_be_visible()
    go(guard, "#/rollcall")
    expect(group(guard, "visitors")).to_have_attribute("data-total", "1")
    # The guard has no checks: every child of an active class counts, and it says so.
    total = int(group(guard, "children").get_attribute("data-total"))
    assert total > 0
    expect(guard.locator(".rollcall .note")).to_contain_text("晨检")
    staff = group(guard, "staff")
    first = staff.locator("li").first
    person = first.get_attribute("data-person")
    first.locator("button.mark-ok").click()
    expect(staff).to_have_attribute("data-missing", str(int(staff.get_attribute("data-total")) - 1))
    go(guard, "#/gate")
    go(guard, "#/rollcall")  # drawn again: the accounted-for go last, the missing first
    expect(group(guard, "staff").locator("li").last).to_have_attribute("data-person", person)
    expect(group(guard, "staff").locator("li").first.locator("button")).to_have_attribute("aria-pressed", "false")
    go(guard, f"#/visitor/{vid}")
    guard.locator("button[data-act=leave]").click()
    expect(guard.locator(".pass-screen[data-status=left]")).to_be_visible()
    go(guard, "#/rollcall")
    expect(group(guard, "visitors")).to_have_attribute("data-total", "0")
    sync(guard)


def before_the_first_opening() -> bool:
    """Whether it is more than 90 minutes before the demo school's 07:30 opening: a gate
    opened then is logged beside the timetable, not as that opening done early."""
    now = dt.datetime.now(ZoneInfo("Asia/Shanghai"))
    return now.hour * 60 + now.minute < 7 * 60 + 30 - 90


def test_the_guard_logs_the_gate_from_home(live, phone):
    guard = staff_phone(phone, live, "guard")
    go(guard, "#/gate")
    guard.locator("button[data-log=open]").click()
    expect(guard.locator("#live")).to_have_text("已记录开门")
    expect_waiting(guard, 0)
    sync(guard)  # the server's copy comes back, matched to its slot, late or not
    # The demo's gate opens Monday to Friday; at its weekend the opening is listed beside
    # the timetable.
    weekday = dt.datetime.now(ZoneInfo("Asia/Shanghai")).weekday() < 5
    states = ("[data-state=done], [data-state=late]" if weekday and not before_the_first_opening()
              else "[data-state=unscheduled]")
    expect(guard.locator(f"li.slot[data-kind=open]:is({states})")).to_have_count(1)
    go(guard, "#/pickup")  # every class to choose from, as the school lists them
    classes = guard.locator(".pickup-classes li a")
    expect(classes).to_contain_text(["小一班", "中一班", "大一班"])
    # each with its counts: the guard's phone has no checks, so every child remains
    expect(classes.first).to_contain_text("未接 25 人，已接 0 人")
    classes.first.click()
    guard.locator("#remaining li a").first.click()
    guard.locator("button[data-adult]").first.click()
    expect(guard.locator("#gone li")).to_have_count(1)
    go(guard, "#/pickup")
    expect(classes.first).to_contain_text("未接 24 人，已接 1 人")
    expect(classes.first).to_have_attribute("data-gone", "1")
    expect(classes.nth(1)).to_have_attribute("data-remaining", "25")


def test_a_phone_set_to_another_zone_tells_the_gate_times_on_the_schools_clock(live, phone):
    """A guard's phone left on New York time: the opening logged now is shown at the
    school's time, as the printed gate log and the principal's screen say it. Today a
    school day, so the opening is the timetable's (its time was the phone's own)."""
    shanghai = ZoneInfo("Asia/Shanghai")
    calendar_day(live.url, dt.datetime.now(shanghai).date(), "workday")
    guard = open_app(phone(timezone_id="America/New_York"), live.url)
    sign_in(guard, "guard")
    go(guard, "#/gate")
    before = dt.datetime.now(shanghai).strftime("%H:%M")
    guard.locator("button[data-log=open]").click()
    expect(guard.locator("#live")).to_have_text("已记录开门")
    after = dt.datetime.now(shanghai).strftime("%H:%M")
    states = ("[data-state=unscheduled]" if before_the_first_opening()
              else "[data-state=done], [data-state=late]")
    logged = guard.locator(f"li.slot[data-kind=open]:is({states})")
    expect(logged).to_have_count(1)
    text = logged.inner_text()
    assert before in text or after in text, text


# Records of another day, put in the store the way a pull puts them: yesterday's check and
# pick-up must not count today.
YESTERDAY = """async (rows) => {
  const { tx } = await import('/db.js');
  const { newId } = await import('/ids.js');
  const { today } = await import('/time.js');
  const { currentUser } = await import('/session.js');
  const date = new Date(`${today((await currentUser()).timezone)}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  const t = await tx(['records']);
  for (const r of rows) t.store.put({ id: newId(), date: date.toISOString().slice(0, 10), ...r });
  await t.done;
}"""


def test_roll_call_and_pick_up_count_todays_checks_and_pick_ups_only(live, phone):
    teacher = staff_phone(phone, live, "teacher1")
    kept_offline(teacher, "caregiver")
    teacher.context.set_offline(True)  # ticked with no network: queued, not yet on the server
    (a, _), (b, _), (c, _) = children(teacher)[:3]
    cls = teacher.evaluate("import('/session.js').then(s => s.currentUser()).then(u => u.class_ids[0])")
    teacher.evaluate(YESTERDAY, [
        {"entity": "health_check", "child_id": b, "class_id": cls, "session": "morning", "status": "normal"},
        {"entity": "health_check", "child_id": c, "class_id": cls, "session": "noon", "status": "absent"},
        {"entity": "pickup", "child_id": a, "class_id": cls, "adult_name": "家长", "relation": "妈妈"}])
    mark(teacher, a)
    mark(teacher, c)
    expect(teacher.get_by_test_id("waiting")).to_have_attribute("data-count", "2")
    go(teacher, "#/rollcall")
    # Present: today's checks, the queued ones included; not b, checked yesterday only;
    # a, picked up yesterday, is here today; c, absent yesterday at noon, is here today.
    people = group(teacher, "children").locator("li[data-person]")
    expect(people).to_have_count(2)
    assert sorted(people.evaluate_all("els => els.map(e => e.dataset.person)")) == sorted([a, c])
    go(teacher, f"#/pickup/{cls}")
    expect(teacher.get_by_test_id("pickup-counts")).to_have_attribute("data-gone", "0")
    expect(teacher.locator(f"#remaining li[data-child='{a}']")).to_be_visible()
    expect(teacher.locator(f"#remaining li[data-child='{c}']")).to_be_visible()
    go(teacher, f"#/pickup-child/{a}")
    expect(teacher.locator("button[data-adult]").first).to_be_visible()  # not "already picked up"


def test_a_roll_call_tap_made_while_new_data_is_drawn_is_kept(live, phone):
    """New data redraws the roll-call while someone taps: the redraw may have read the
    marks before the tap and finish after it. The tap must stay on screen (a row shown
    unmarked invites a second tap, which would unmark it) and in the phone's marks.
    The test holds the redraw's read of the records (a write transaction of its own on
    that store) until the tap is made, so the order is the same every run."""
    guard = staff_phone(phone, live, "guard")
    go(guard, "#/rollcall")
    children_group = group(guard, "children")
    expect(children_group).to_be_visible()
    total = int(children_group.get_attribute("data-total"))
    person = guard.evaluate("""async () => {
      const { changed } = await import('/bus.js');
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const open = indexedDB.open('sanguan');
      const conn = await new Promise((r) => { open.onsuccess = () => r(open.result); });
      let hold = true;
      const store = conn.transaction('records', 'readwrite').objectStore('records');
      const spin = () => { if (hold) store.get('-').onsuccess = spin; };
      spin();
      const drawn = new Promise((resolve) => new MutationObserver((_, obs) => { obs.disconnect(); resolve(); })
        .observe(document.querySelector('#main'), { childList: true }));
      changed('pull', { local: true });   // a pull landed: the screen redraws
      await sleep(300);                   // the redraw has read the marks, waits for records
      const btn = document.querySelector('section[data-group=children] li:not(.ok) button.mark-ok');
      const id = btn.closest('li').dataset.person;
      btn.click();
      hold = false;                       // the redraw goes on and is drawn
      await drawn;
      conn.close();
      return id;
    }""")
    row = children_group.locator(f'li[data-person="{person}"]')
    expect(row).to_have_class("ok")
    expect(row.locator("button")).to_have_attribute("aria-pressed", "true")
    expect(children_group).to_have_attribute("data-missing", str(total - 1))
    date = guard.evaluate("import('/screens/gate/data.js').then(d => d.todayOf({ timezone: 'Asia/Shanghai' }))")
    assert idb_setting(guard, f"rollcall:{date}") == [person]
    # A second tap on the row unmarks it, as it says.
    row.locator("button").click()
    expect(children_group).to_have_attribute("data-missing", str(total))
