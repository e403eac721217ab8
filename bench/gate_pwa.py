"""The gate in real Chromium (issue 7's phone figures): registering a visitor, from the
last field to durable in IndexedDB; the on-site list and the roll-call for a school of 600
children, 80 staff and 50 visitors on site, drawn from the local store (seeded straight
into IndexedDB in the page). `run()` returns the figures and prints them."""
from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests.browser.app import open_app, sign_in
from tests.browser.harness import LiveServer, launch_chromium, make_demo_db, new_phone

from .report import figure, line

REGISTRATIONS = 12
DRAWS = 9
SCHOOL = {"children": 600, "staff": 80, "visitors": 50, "classes": 20, "days": 35}

# A school's worth of records written the way pull.js stores them (one transaction), with
# the history a phone holds: the pull window's school days (PULL_WINDOW_DAYS, 35) of
# morning and noon checks, pick-ups and signed-out visitors before today. Each record has
# every field the feed sends (server/feed.py): reading a record costs by its size.
SEED = """async ({ children, staff, visitors, classes, days }) => {
  const { tx } = await import('/db.js');
  const { newId } = await import('/ids.js');
  const { today } = await import('/time.js');
  const { currentUser } = await import('/session.js');
  const user = await currentUser();
  const date = today(user.timezone);
  const t = await tx(['records']);
  const put = (r) => t.store.put(r);
  const stamp = (day, at) => ({ hlc: `00${Date.parse(`${day}T${at}:00+08:00`)}:00000:${user.id}`,
    recorded_by: user.id, device_id: user.id, device_time: `${day}T${at}:00.000+08:00`,
    received_at: `${day}T${at}:02.000000+00:00`, clock_skewed: false });
  const check = (c, day, session, status) => ({ id: newId(), entity: 'health_check', child_id: c.id,
    class_id: c.class_id, date: day, session, status, temperature: null, symptoms: null, action: null,
    absence_reason: status === 'absent' ? 'personal' : null, note: null,
    ...stamp(day, session === 'morning' ? '08:05' : '12:10') });
  const pickup = (c, day) => ({ id: newId(), entity: 'pickup', child_id: c.id, class_id: c.class_id,
    date: day, adult_id: newId(), adult_name: '家长', relation: '妈妈', listed: true, card: true,
    confirmed_by: null, confirmed_how: null, confirmed_at: null, ...stamp(day, '16:30') });
  const cls = Array.from({ length: classes }, (_, i) => ({ id: newId(), entity: 'class', name: `班${i}`, active: true }));
  cls.forEach(put);
  const kids = [];
  for (let i = 0; i < children; i++) {
    const c = { id: newId(), entity: 'child', name: `孩子${i}`, class_id: cls[i % classes].id,
      gender: i % 2 ? 'f' : 'm', birthday: '2021-05-01', active: true, left_on: null };
    kids.push(c);
    put(c);
    put(check(c, date, 'morning', i % 30 ? 'normal' : 'absent'));
    if (i % 10 === 0) put(pickup(c, date));
  }
  const past = [];
  for (let d = 1; d <= days; d++) {
    const day = new Date(`${date}T12:00:00Z`);
    day.setUTCDate(day.getUTCDate() - d);
    if (day.getUTCDay() % 6) past.push(day.toISOString().slice(0, 10)); // Monday to Friday
  }
  for (const day of past) {
    for (const [i, c] of kids.entries()) {
      for (const session of ['morning', 'noon']) put(check(c, day, session, i % 30 ? 'normal' : 'absent'));
      put(pickup(c, day));
    }
    for (let i = 0; i < 5; i++) put({ id: newId(), entity: 'visitor', name: `旧访客${i}`, date: day,
      status: 'left', host_id: user.id, people: 1, entered_at: `${day}T09:00:00.000+08:00` });
  }
  for (let i = 0; i < staff; i++) put({ id: newId(), entity: 'user', name: `老师${i}`, role: 'caregiver', active: true });
  for (let i = 0; i < visitors; i++) put({ id: newId(), entity: 'visitor', name: `访客${i}`, date,
    status: 'entered', host_id: user.id, people: 1, entered_at: new Date().toISOString() });
  await t.done;
}"""

# One screen made from the store: every read and the whole DOM tree built, timed in the
# page (not mounted: the browser's own layout and paint come after, once, not per draw).
DRAW = """async ([module, fn, role]) => {
  const screens = await import(module);
  const { currentUser } = await import('/session.js');
  const user = { ...(await currentUser()), role };
  const out = [];
  for (let i = 0; i < %d; i++) {
    const t0 = performance.now();
    await screens[fn](user, [], new URLSearchParams(), () => {});
    out.push(performance.now() - t0);
  }
  return out;
}""" % DRAWS


def _register(page, host_id: str) -> None:
    page.evaluate("location.hash = '#/visitor-new'")
    page.fill("#v-name", "王访客")
    page.fill("#v-number", "11010519491231002X")
    page.fill("#v-purpose", "送教具")
    page.select_option("#v-host", host_id)
    page.get_by_role("button", name="保存登记").click()
    expect(page.locator("#main[data-screen=visitor]")).to_be_visible()


def measure(browser) -> dict:
    page = open_app(new_phone(browser), BASE[0])
    sign_in(page, "guard")
    host = page.evaluate("import('/db.js').then(d => d.byEntity('user'))"
                         ".then(us => us.find(u => u.role === 'caregiver').id)")
    page.evaluate("performance.clearMeasures('visitor-durable')")
    for _ in range(REGISTRATIONS):
        _register(page, host)
    taps = page.evaluate("performance.getEntriesByName('visitor-durable').map(e => e.duration)")
    # The gatehouse's usual state: no network. Nothing syncs while the screens are drawn.
    page.context.set_offline(True)
    page.wait_for_function("import('/sync.js').then(s => !s.status.running)")
    page.evaluate(SEED, SCHOOL)
    page.evaluate("location.hash = '#/gate'")
    on_site = page.evaluate(DRAW, ["/screens/gate/visitors.js", "visitorsScreen", "guard"])
    roll = page.evaluate(DRAW, ["/screens/gate/rollcall.js", "rollcallScreen", "health"])
    page.context.close()
    reg, site_ms, roll_ms = statistics.median(taps), statistics.median(on_site), statistics.median(roll)
    school = ("600 children (20 classes, morning checks, 60 picked up), 80 staff, 50 visitors on site; "
              "the store holds 35 days of checks, pick-ups and visitors")
    return {
        "visitor registration, last field to durable (median)": figure(
            round(reg, 1), "ms", "< 100 ms", reg < 100,
            f"{len(taps)} registrations, worst {max(taps):.1f} ms"),
        "on-site list from the local store (median)": figure(
            round(site_ms, 1), "ms", "< 50 ms", site_ms < 50,
            f"{school}; {DRAWS} draws, worst {max(on_site):.1f} ms"),
        "roll-call from the local store (median)": figure(
            round(roll_ms, 1), "ms", "< 50 ms", roll_ms < 50,
            f"{DRAWS} draws as the health teacher, worst {max(roll):.1f} ms; "
            "load average %.1f on %d cores" % (os.getloadavg()[0], os.cpu_count())),
    }


BASE: list[str] = []


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="sanguan-bench-gate-") as tmp:
        tmp = Path(tmp)
        server = LiveServer(make_demo_db(tmp / "sanguan.db"), tmp / "server.log").start()
        BASE[:] = [server.url]
        try:
            with sync_playwright() as pw:
                browser = launch_chromium(pw)
                try:
                    figures = measure(browser)
                finally:
                    browser.close()
        finally:
            server.stop()
    for name, f in figures.items():
        print(line("gate pwa", name, f))
    return figures


if __name__ == "__main__":
    run()
