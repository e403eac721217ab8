"""axe-core finds no serious or critical violation on any screen, in either language; every
control is a 44 px target, nothing is wider than a 360 px phone and no row of a few words
stands taller than half the screen's width."""
import pytest
from playwright.sync_api import expect

from .app import backoff_cap, children, open_app, queue_check, sign_in
from .harness import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def small_targets(page) -> list[str]:
    """Controls under 44 × 44 px, and anything wider than the 360 px screen."""
    return page.evaluate("""() => {
      const small = [...document.querySelectorAll(
          'button, a[href], input:not([type=checkbox]), select, textarea, label.tick')]
        .filter((e) => e.offsetParent !== null)
        .filter((e) => { const r = e.getBoundingClientRect(); return r.height < 44 || r.width < 44; })
        .map((e) => e.outerHTML.slice(0, 100));
      const wide = document.documentElement.scrollWidth > innerWidth ? ['page wider than screen'] : [];
      return [...small, ...wide];
    }""") + tall_rows(page)


def tall_rows(page) -> list[str]:
    """List rows of a few words (no picture, field or inner list) taller than 150 px: a
    layout rule stretching them (a flex basis meant for a row, applied to a column, made
    each monthly inspection row 209 px of white)."""
    return page.evaluate("""() => [...document.querySelectorAll('#main li')]
      .filter((li) => li.offsetParent !== null)
      .filter((li) => !li.querySelector('img, textarea, canvas, video, ul, ol, table, input, select'))
      .map((li) => [li.innerText.trim().replace(/\\s+/g, ' '), li.getBoundingClientRect().height])
      .filter(([text, height]) => text.length <= 40 && height > 150)
      .map(([text, height]) => `row ${Math.round(height)} px tall: ${text}`)""")


def serious_violations(page) -> list[str]:
    # Evaluated through DevTools: the page's own policy allows no injected script tag.
    page.evaluate(AXE.read_text() + "\n;0")
    found = page.evaluate("axe.run(document).then(r => r.violations)")
    return small_targets(page) + [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['html'][:120]})"
            for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("language", ["中文", "English"])
def test_no_serious_accessibility_violation_on_any_screen(live, phone, language):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    if language == "English":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    button = "登录" if language == "中文" else "Sign in"
    # The form is drawn again in the new language: fill that one, not the one it replaces.
    expect(page.get_by_role("button", name=button)).to_be_visible()
    page.fill("#site", "demo")
    page.fill("#username", "teacher1")
    page.fill("#password", "wrong")  # the error message is part of the screen too
    page.get_by_role("button", name=button).click()
    expect(page.locator("#signin-error")).not_to_be_empty()
    screens = {"signin": serious_violations(page)}
    sign_in(page, "teacher1", button=button)
    screens["today"] = serious_violations(page)
    child = children(page)[0][0]
    page.locator(f'li.child[data-child="{child}"] button.mark.abnormal').click()
    expect(page.locator("form.check")).to_be_visible()
    page.fill("#temperature", "50")
    page.locator("form.check button[type=submit]").click()
    expect(page.locator("#check-error")).not_to_be_empty()
    screens["check"] = serious_violations(page)
    queue_check(page)
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "1")
    page.get_by_test_id("attention").click()
    expect(page.locator("li.rejected")).to_have_count(1)
    screens["rejected"] = serious_violations(page)
    assert screens == {name: [] for name in screens}

