"""axe-core finds no serious or critical violation on the zones screens; every control is a
44 px target and nothing is wider than a 360 px phone."""
from playwright.sync_api import expect

from .app import backoff_cap, open_app, sign_in
from .test_accessibility import serious_violations
from .zones_helpers import sync_now

SCREENS = {"zones": ".zones", "zone-check/{zone}/opening": "form.zcheck", "hazards?tab=all": ".hazards",
           "hazard-new": "form.zreport", "hazard/{hazard}": ".hazard-detail", "patrol": ".patrol",
           "inspections": ".inspections", "inspection/{equipment}": "form.zinspection",
           "zone-labels": ".zlabels"}


def test_zones_screens_have_no_serious_violation(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "admin")
    page.goto(f"{live.url}/#/hazard-new")
    page.fill("#zwhat", "台阶破损")
    page.locator("form.zreport button[type=submit]").click()
    expect(page.locator(".hazard-detail")).to_be_visible()
    sync_now(page)
    ids = page.evaluate("""async () => {
      const { byEntity } = await import('/db.js');
      const [z, h, e] = await Promise.all([byEntity('zone'), byEntity('hazard'), byEntity('equipment')]);
      return { zone: z[0].id, hazard: h[0].id, equipment: e.find((x) => x.kind === 'extinguisher').id };
    }""")
    found = {}
    for path, selector in SCREENS.items():
        page.goto(f"{live.url}/#/zones" if path != "zones" else f"{live.url}/#/today")
        page.goto(f"{live.url}/#/{path.format(**ids)}")
        expect(page.locator(selector)).to_be_visible()
        found[path] = serious_violations(page)
    assert found == {name: [] for name in found}
