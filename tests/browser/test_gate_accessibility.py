"""The gate's screens pass axe-core (no serious or critical violation) and the 44 px /
360 px check, in both languages: the guard's home, registration, visitors, the pass, the
phone-call decision, pick-up and the roll-call."""
import pytest
from playwright.sync_api import expect

from .test_accessibility import serious_violations
from .test_gate_visitors import go, register, staff_phone


@pytest.mark.parametrize("language", ["中文", "English"])
def test_gate_screens_have_no_serious_accessibility_violation(live, phone, language):
    guard = staff_phone(phone, live, "guard")
    host = guard.evaluate("import('/db.js').then(d => d.byEntity('user'))"
                          ".then(us => us.find(u => u.role === 'caregiver').id)")
    vid = register(guard, host, id_type="none", number="", pushed=False)
    if language == "English":
        guard.get_by_role("button", name="English").click()
        expect(guard.locator("html")).to_have_attribute("lang", "en")
    child = guard.evaluate("import('/db.js').then(d => d.byEntity('child')).then(cs => cs[0])")
    screens = {"gate": "#/gate", "visitor-new": "#/visitor-new", "visitors": "#/visitors",
               "visitor": f"#/visitor/{vid}", "visitor-call": f"#/visitor-call/{vid}",
               "pickup": f"#/pickup/{child['class_id']}", "pickup-child": f"#/pickup-child/{child['id']}",
               "rollcall": "#/rollcall"}
    found = {}
    for name, route in screens.items():
        go(guard, route)
        expect(guard.locator(f"#main[data-screen='{name}']")).to_be_visible()
        found[name] = serious_violations(guard)
    assert found == {name: [] for name in found}
