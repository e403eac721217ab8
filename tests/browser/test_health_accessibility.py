"""The health area's screens, like every screen: no serious or critical axe-core violation
in either language, 44 px targets, nothing wider than a 360 px phone."""
import pytest
from playwright.sync_api import expect

from .app import backoff_cap, open_app
from .test_accessibility import serious_violations


def go(page, url, hash_, ready):
    page.goto(f"{url}/#/{hash_}")
    # that screen's: the one before may have the same rows (the today screen's children)
    # until the routed screen's module has loaded
    expect(page.locator(f"#main[data-screen={hash_.split('/')[0]}] {ready}").first).to_be_visible()
    return serious_violations(page)


@pytest.mark.parametrize("language", ["中文", "English"])
def test_health_screens_are_accessible(live, phone, language):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    if language == "English":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    # The form is drawn again in the new language: fill that one, not the one it replaces.
    expect(page.get_by_role("button", name="登录" if language == "中文" else "Sign in")).to_be_visible()
    page.fill("#site", "demo")
    page.fill("#username", "health")
    page.fill("#password", "sanguan-demo")
    page.get_by_role("button", name="登录" if language == "中文" else "Sign in").click()
    expect(page.locator("#main[data-screen=today]")).to_be_visible()
    screens = {"checks": go(page, live.url, "checks", "li.child")}
    child = page.locator("li.child").first.get_attribute("data-child")
    page.locator(f'li.child[data-child="{child}"] a.mark.abnormal').click()
    expect(page.locator("form.hc-check")).to_be_visible()
    page.locator("label.hc-chip").first.click()  # an abnormal check says something
    page.locator("form.hc-check button[type=submit]").click()
    expect(page.locator("#main[data-screen=checks]")).to_be_visible()
    screens["child"] = go(page, live.url, f"hcheck/{child}/morning", "form.hc-check")
    screens["disinfect"] = go(page, live.url, "disinfect", "li[data-room]")
    page.locator("li[data-room] a").first.click()
    expect(page.locator("form.dis-form")).to_be_visible()
    page.select_option("#dis-method", "chlorine") if page.locator("#dis-method option[value=chlorine]").count() else None
    screens["room"] = serious_violations(page)
    screens["today"] = go(page, live.url, "health", "table.ov-classes")
    assert screens == {name: [] for name in screens}
