"""Issue 11's figures, in real Chromium: "my list for now" of a caregiver with 40 items a
day, drawn from the phone's store (five weeks of her class's ticks in it), and one tick
from the tap to durable in IndexedDB. `run()` returns the figures and prints them."""
from __future__ import annotations

import re
import statistics
import tempfile
from pathlib import Path

import requests
from playwright.sync_api import expect, sync_playwright

from tests.browser.app import backoff_cap, open_app, sign_in
from tests.browser.harness import LiveServer, api_login, launch_chromium, make_demo_db, new_phone
from tests.browser.routines_helpers import item, my_list, open_school_today, school_today

from .report import figure, line

ITEMS = 40
DRAWS = 9
TICKS = 12
HISTORY_DAYS = 35
DONE = re.compile("^(done|late|early)$")


def forty_items(base_url: str) -> None:
    """The caregiver's day as 40 items (the default flow retired), from 07:00 to 17:30."""
    auth = {"Authorization": f"Bearer {api_login(base_url, 'admin')['token']}"}
    for t in requests.get(f"{base_url}/api/routines/templates", headers=auth, timeout=10).json()["templates"]:
        if t["assign"] == "class":
            requests.post(f"{base_url}/api/routines/templates/{t['id']}/retire", headers=auth, timeout=10)
    items = []
    for i in range(ITEMS):
        start = 7 * 60 + i * 15
        items.append({"key": f"i{i}", "label": f"保育事项 {i + 1}", "start": f"{start // 60:02d}:{start % 60:02d}",
                      "end": f"{(start + 15) // 60:02d}:{(start + 15) % 60:02d}",
                      "needs": "number" if i % 10 == 3 else "tick", "min": 30, "max": 45})
    requests.post(f"{base_url}/api/routines/templates", headers=auth, timeout=10, json={
        "name": "保育员一日工作流程（40项）", "assign": "class", "items": items}).raise_for_status()
    open_school_today(base_url, school_today())  # the phone lives on the real clock


# Five weeks of the class's ticks, written the way pull.js stores them (one transaction).
SEED = """async ([days, today]) => {
  const { tx, byEntity } = await import('/db.js');
  const { currentUser } = await import('/session.js');
  const { tickId } = await import('/screens/routines/rules.js');
  const user = await currentUser();
  const [tpl] = (await byEntity('routine_template')).filter((t) => t.active && t.items.length === %d);
  const owner = user.class_ids[0];
  const t = await tx(['records']);
  const base = new Date(`${today}T12:00:00Z`);
  for (let d = 1; d <= days; d++) {
    const date = new Date(base - d * 86400000).toISOString().slice(0, 10);
    for (const item of tpl.items) {
      t.store.put({ id: tickId(user.site_id, tpl.id, item.key, date, owner), entity: 'routine_tick',
        template_id: tpl.id, item_key: item.key, date, owner_id: owner, class_id: owner, label: item.label,
        value: { v: true }, timing: 'on_time', recorded_by: user.id, device_time: `${date}T08:00:00+08:00` });
    }
  }
  await t.done;
}""" % ITEMS

# The screen made from the store and mounted: every read, the DOM tree, and the layout.
DRAW = """async (n) => {
  const { routinesScreen } = await import('/screens/routines/list.js');
  const { currentUser } = await import('/session.js');
  const user = await currentUser();
  const main = document.querySelector('#main');
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const view = await routinesScreen(user, [], new URLSearchParams(), () => {});
    main.replaceChildren(view);
    void main.offsetHeight;
    out.push(performance.now() - t0);
  }
  return [out, document.querySelectorAll('#main li.ritem').length];
}"""


def measure(browser, base_url: str) -> dict:
    page = open_app(new_phone(browser), base_url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    my_list(page)
    expect(page.locator("li.ritem")).to_have_count(ITEMS)
    page.evaluate(SEED, [HISTORY_DAYS, school_today().isoformat()])
    draws, shown = page.evaluate(DRAW, DRAWS)
    page.reload()
    my_list(page)
    page.evaluate("performance.clearMeasures('routine-tick-durable')")
    for i in [k for k in range(ITEMS) if k % 10 != 3][:TICKS]:
        item(page, f"i{i}").get_by_role("button", name="完成").click()
        expect(item(page, f"i{i}")).to_have_attribute("data-state", DONE)
    ticks = page.evaluate("performance.getEntriesByName('routine-tick-durable').map(e => e.duration)")
    page.context.close()
    return {"draws": draws, "shown": shown, "ticks": ticks}


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="sanguan-bench-routines-") as tmp:
        tmp = Path(tmp)
        server = LiveServer(make_demo_db(tmp / "sanguan.db"), tmp / "server.log").start()
        try:
            forty_items(server.url)
            with sync_playwright() as pw:
                browser = launch_chromium(pw)
                try:
                    got = measure(browser, server.url)
                finally:
                    browser.close()
        finally:
            server.stop()
    draw, tick = statistics.median(got["draws"]), statistics.median(got["ticks"])
    figures = {
        "my list for now (40 items) from the local store": figure(
            round(draw, 1), "ms", "< 50 ms", draw < 50,
            f"median of {DRAWS} (max {max(got['draws']):.1f} ms): reads, {got['shown']} rows built, "
            f"mounted and laid out; {HISTORY_DAYS * ITEMS} older ticks in the store"),
        "a routine tick durable on the phone": figure(
            round(tick, 1), "ms", "< 50 ms", tick < 50,
            f"median of {len(got['ticks'])} (max {max(got['ticks']):.1f} ms): record + outbox in one "
            f"IndexedDB transaction"),
    }
    for name, f in figures.items():
        print(line("routines pwa", name, f))
    return figures


if __name__ == "__main__":
    run()
