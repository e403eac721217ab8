"""axe-core finds no serious or critical violation on any admin screen, in either language,
at 360 px (with 44 px targets and nothing wider than the screen) and on a laptop."""
import pytest
import requests
from playwright.sync_api import expect

from .app import open_app, sign_in
from .harness import api_login
from .test_accessibility import serious_violations
from .test_admin_import import admin_screen

SECTIONS = ["home", "site", "settings", "staff", "classes", "children", "rooms", "zones",
            "gate-times", "equipment", "patrol-routes", "calendar", "staff-absences", "block-list",
            "devices", "audit", "import"]


def first_item(page, section):
    """The address of the first row's own page on a list screen."""
    href = page.locator("#main a.row-link").first.get_attribute("href")
    return href.removeprefix("#/admin/")


def some_admin_changes(base_url):
    """A holiday, a renamed room and a block-list entry, so the audit, calendar and block-list
    screens have rows to show."""
    auth = {"Authorization": f"Bearer {api_login(base_url, 'admin')['token']}"}
    requests.put(f"{base_url}/api/admin/calendar/2026-12-31", json={"kind": "holiday", "note": "元旦前"},
                 headers=auth, timeout=10).raise_for_status()
    requests.post(f"{base_url}/api/admin/block-list", json={"name": "某人", "reason": "家长纠纷"},
                  headers=auth, timeout=10).raise_for_status()
    room = requests.get(f"{base_url}/api/admin/rooms", headers=auth, timeout=10).json()["rooms"][0]
    requests.patch(f"{base_url}/api/admin/rooms/{room['id']}", json={"volume_m3": 210},
                   headers=auth, timeout=10).raise_for_status()


@pytest.mark.parametrize("language, width", [("中文", 360), ("English", 360), ("中文", 1200)])
def test_no_serious_accessibility_violation_on_any_admin_screen(live, phone, language, width):
    some_admin_changes(live.url)
    page = open_app(phone(), live.url)
    page.set_viewport_size({"width": width, "height": 800})
    if language == "English":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    sign_in(page, "admin", button="登录" if language == "中文" else "Sign in")
    found = {}
    for section in SECTIONS:
        admin_screen(page, section if section != "home" else "")
        found[section] = serious_violations(page)
        if section in ("staff", "classes", "children", "rooms"):
            item = first_item(page, section)
            admin_screen(page, item)
            found[item.split("/")[0] + "/item"] = serious_violations(page)
    page.set_input_files("#import-file", files=[{"name": "r.csv", "mimeType": "text/csv",
                                                 "buffer": "姓名,班级\n新人,小一班\n无班,火星班\n".encode()}])
    page.locator("#main form button[type=submit]").click()
    expect(page.locator("tr[data-line]")).to_have_count(2)
    found["import preview"] = serious_violations(page)
    assert found == {name: [] for name in found}
