"""The top of a 360 px phone: the status strip on one line, however much it says, the
areas in one row that scrolls sideways with the screen open marked and in sight, and the
language switch in the header. (`make test` installs a Chinese font: without one, the
text measured is a row of boxes, not the width a phone draws.)"""
from playwright.sync_api import expect

from .app import backoff_cap, children, expect_waiting, mark, open_app, queue_check, sign_in


def rows(page, selector: str) -> int:
    """How many lines the shown children of `selector` are laid out on (by their middles:
    the chips one taps are taller than the ones one reads)."""
    return page.evaluate("""(sel) => new Set([...document.querySelector(sel).children]
      .filter((c) => c.getClientRects().length)
      .map((c) => { const r = c.getBoundingClientRect(); return Math.round((r.top + r.bottom) / 2); })).size""", selector)


def strip(page) -> dict:
    """The status strip's chips as shown: text, and whether each lies wholly inside it."""
    return page.evaluate("""() => { const s = document.querySelector('#status');
      const box = s.getBoundingClientRect();
      return Object.fromEntries([...s.children].filter((c) => c.getClientRects().length)
        .map((c) => { const r = c.getBoundingClientRect();
          return [c.dataset.testid, { text: c.textContent, width: Math.round(r.width),
                                      inside: r.left >= box.left && r.right <= box.right,
                                      cut: c.scrollWidth > c.clientWidth }]; })); }""")


def test_the_areas_are_one_row_with_the_open_one_marked_and_in_sight(live, phone):
    page = open_app(phone(), live.url)
    sign_in(page, "teacher1")
    nav = page.locator("#nav")
    assert nav.locator("a").count() > 6  # more than a 360 px row holds
    assert rows(page, "#nav") == 1 and rows(page, "#status") == 1
    expect(nav.locator("[aria-current=page]")).to_have_attribute("href", "#/today")
    last = nav.locator("a").last
    href = last.get_attribute("href")
    assert not last.evaluate("""(a) => { const n = a.parentElement.getBoundingClientRect(),
      r = a.getBoundingClientRect(); return r.left >= n.left && r.right <= n.right; }""")
    page.evaluate("(h) => { location.hash = h; }", href)
    expect(nav.locator("[aria-current=page]")).to_have_attribute("href", href)
    expect(nav.locator("[aria-current=page]")).to_be_in_viewport(ratio=1)
    assert nav.locator("[aria-current=page]").count() == 1
    page.evaluate("() => { location.hash = '#/reports/scorecard'; }")  # a link two steps deep
    expect(nav.locator("[aria-current=page]")).to_have_attribute("href", "#/reports/scorecard")
    page.evaluate("(h) => { location.hash = h; }", href)

    page.get_by_role("button", name="English").click()  # in the header, signed in or not
    expect(page.locator("#who").get_by_role("button", name="中文")).to_be_visible()
    expect(nav.locator("[aria-current=page]")).to_have_attribute("href", href)


def test_the_status_strip_stays_one_line_offline_with_changes_waiting_and_one_refused(
        live, proxy, phone):
    """Offline, a dozen changes waiting, one refused: the strip says it all on one line in
    both languages, so the roster below never moves under a finger as the strip changes;
    the last sync's chip gives way first, its time still shown."""
    context = phone()
    page = open_app(context, proxy.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    chips = strip(page)
    assert set(chips) == {"network", "waiting", "last-sync"}  # nothing needs attention
    assert all(c["inside"] and not c["cut"] for c in chips.values()), chips
    kids = [k for k, _ in children(page)]
    queue_check(page)  # a child the school no longer has: refused
    mark(page, kids[0])  # and a tick sends both
    expect(page.get_by_test_id("attention")).to_be_visible()
    context.set_offline(True)
    for child_id in kids[1:13]:
        mark(page, child_id)
    expect_waiting(page, 12)
    for language in ("中文", "English"):
        if language == "English":
            page.get_by_role("button", name="English").click()
            expect(page.get_by_test_id("network")).to_have_text("Offline")
        else:
            expect(page.get_by_test_id("network")).to_have_text("离线")
        assert rows(page, "#status") == 1
        chips = strip(page)
        assert set(chips) == {"network", "waiting", "last-sync", "attention"}
        assert all(c["inside"] for c in chips.values()), chips
        assert not any(c["cut"] for k, c in chips.items() if k != "last-sync"), chips
        assert chips["last-sync"]["text"][:1].isdigit(), chips  # its time comes first


def test_the_signed_in_name_is_whole_on_a_320_px_phone_in_both_languages(live, phone):
    """A shared phone: who is signed in must be read at a glance, on the narrowest phone."""
    page = open_app(phone(viewport={"width": 320, "height": 640}), live.url)
    sign_in(page, "teacher1")
    name = page.locator("#who .name")
    for language in ("English", "中文"):
        expect(name).to_have_text("张老师")
        assert not name.evaluate("(n) => n.scrollWidth > n.clientWidth"), language
        page.locator("#who").get_by_role("button", name=language).click()
        expect(page.locator("#who").get_by_role("button", name="中文" if language == "English" else "English")).to_be_visible()


def test_the_last_sync_time_is_whole_in_english_on_a_360_px_phone(live, phone):
    """"02:21 A…": the English clock's AM/PM pushed the time itself off the chip. The time
    reads as the school's timetables do, on a 24-hour clock, in both languages."""
    page = open_app(phone(viewport={"width": 360, "height": 740}), live.url)
    sign_in(page, "teacher1")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_test_id("last-sync")).to_contain_text("synced")
    chips = strip(page)
    assert not any(c["cut"] for c in chips.values()), chips
    assert all(c["inside"] for c in chips.values()), chips
    assert "M" not in chips["last-sync"]["text"], chips  # no AM / PM
