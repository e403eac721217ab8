"""The top of a 360 px phone: the status strip on one line (in Chinese), the areas in one
row that scrolls sideways with the screen open marked and in sight, and the language
switch in the header."""
from playwright.sync_api import expect

from .app import open_app, sign_in


def rows(page, selector: str) -> int:
    """How many lines the children of `selector` are laid out on (by their middles: the
    chips one taps are taller than the ones one reads)."""
    return page.evaluate("""(sel) => new Set([...document.querySelector(sel).children]
      .map((c) => { const r = c.getBoundingClientRect(); return Math.round((r.top + r.bottom) / 2); })).size""", selector)


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
