"""A person changes the password the admin gave her to one only she knows, from her name
in the header; a wrong present password or a mistyped new one is said on the form."""
import requests
from playwright.sync_api import expect

from .app import backoff_cap, open_app, sign_in


def test_a_caregiver_changes_her_own_password_from_her_name_in_the_header(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    page.locator("#who .name").click()
    form = page.locator("form[aria-labelledby=password-title]")
    form.get_by_label("现在的密码").fill("sanguan-demo")
    form.get_by_label("新密码（至少 8 位）").fill("only-mine-2026")
    form.get_by_label("再输一次新密码").fill("only-mine-2025")
    form.get_by_role("button", name="修改密码").click()
    expect(form.locator("#password-error")).to_have_text("两次输入的新密码不一样")
    form.get_by_label("现在的密码").fill("not-it-at-all")
    form.get_by_label("再输一次新密码").fill("only-mine-2026")
    form.get_by_role("button", name="修改密码").click()
    expect(form.locator("#password-error")).to_have_text("现在的密码不对")
    form.get_by_label("现在的密码").fill("sanguan-demo")
    form.get_by_role("button", name="修改密码").click()
    expect(page.get_by_test_id("password-changed")).to_have_text("密码已修改。下次登录请用新密码。")
    login = {"site": "demo", "username": "teacher1", "device_id": "0e9b1c2d-3f4a-4b5c-8d6e-7f8091a2b3c5"}
    assert requests.post(f"{live.url}/api/auth/login", json={**login, "password": "only-mine-2026"},
                         timeout=10).status_code == 200
    assert requests.post(f"{live.url}/api/auth/login", json={**login, "password": "sanguan-demo"},
                         timeout=10).status_code == 401
