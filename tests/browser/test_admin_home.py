"""The admin's start page leads to every part of setting the school up, the routine
checklists too (a new school has none until she loads them)."""
from playwright.sync_api import expect

from .app import backoff_cap, open_app, sign_in


def test_the_admin_reaches_the_routine_checklists_from_her_start_page(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "admin")
    page.goto(live.url + "/#/admin")
    page.locator(".admin-menu").get_by_role("link", name="日常工作清单设置").click()
    expect(page.locator("#main")).to_have_attribute("data-screen", "routine-templates")
