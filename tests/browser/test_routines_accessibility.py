"""axe-core finds no serious or critical violation on the routines screens (my list, a
drill, letters, the checklist editor, the missed panel), at 360 px with 44 px targets, in
both languages."""
import pytest
from playwright.sync_api import expect

from .routines_helpers import open_school_today, phone_at
from .test_accessibility import serious_violations

SCREENS = {"routines": ".routines", "drills": ".drills", "drill/new": "form#drill-record",
           "letters": ".letters", "letter/{letter}": ".letter-view", "routine-templates": ".tlist",
           "routine-templates/{template}": "form#template-form", "admin": "[data-testid=routine-missed]"}


@pytest.mark.parametrize("language", ["中文", "English"])
def test_routines_screens_have_no_serious_violation(live, phone, language):
    open_school_today(live.url)
    page = phone_at(phone(), live.url, "admin", "11:15")
    page.set_viewport_size({"width": 360, "height": 800})
    if language == "English":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    ids = page.evaluate("""async () => {
      const { byEntity } = await import('/db.js');
      const [l, t] = await Promise.all([byEntity('safety_letter'), byEntity('routine_template')]);
      return { letter: l[0].id, template: t.find((x) => x.assign === 'class').id };
    }""")
    found = {}
    for path, selector in SCREENS.items():
        page.evaluate("p => { location.hash = '#/' + p; }", path.format(**ids))
        expect(page.locator(selector).first).to_be_visible()
        found[path] = serious_violations(page)
    # a caregiver's list, with an item that asks for a number refused on the spot
    teacher = phone_at(phone(), live.url, "teacher1", "11:15")
    teacher.set_viewport_size({"width": 360, "height": 800})
    teacher.evaluate("() => { location.hash = '#/routines'; }")
    water = teacher.locator("li.ritem[data-item=water]")
    water.locator("input").fill("99")
    water.locator("button[type=submit]").click()
    expect(water.get_by_role("alert")).not_to_be_empty()
    found["routines (caregiver)"] = serious_violations(teacher)
    assert found == {name: [] for name in found}
