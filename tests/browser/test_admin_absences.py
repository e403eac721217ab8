"""The admin records a day off in the app; the server keeps it, and refuses a range that
ends before it starts with the reason shown beside the form."""
import requests
from playwright.sync_api import expect

from .app import open_app, sign_in
from .harness import api_login
from .test_admin_import import admin_screen


def test_the_admin_records_a_day_off_and_sees_why_a_bad_one_is_refused(live, phone):
    page = open_app(phone(), live.url)
    sign_in(page, "admin")
    admin_screen(page, "staff-absences")
    form = page.locator("#add-staff-absences")
    form.locator("select[name=user_id]").select_option(label="张老师（teacher1）")
    form.locator("input[name=date_from]").fill("2026-12-03")
    form.locator("input[name=date_to]").fill("2026-12-01")
    form.locator("button[type=submit]").click()
    expect(page.locator("#add-staff-absences-error")).to_contain_text("date_to")
    form.locator("input[name=date_to]").fill("2026-12-04")
    form.locator("input[name=reason]").fill("病假")
    form.locator("button[type=submit]").click()
    expect(page.locator("#main tr[data-id]")).to_have_count(1)
    expect(page.locator("#main tr[data-id]")).to_contain_text("张老师")
    auth = {"Authorization": f"Bearer {api_login(live.url, 'admin')['token']}"}
    [row] = requests.get(f"{live.url}/api/admin/staff-absences", headers=auth, timeout=10).json()["staff-absences"]
    assert (row["date_from"], row["date_to"], row["reason"]) == ("2026-12-03", "2026-12-04", "病假")
