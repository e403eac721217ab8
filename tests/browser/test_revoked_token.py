"""A token revoked on the server: the waiting changes stay, the person is asked to sign
in again, and after signing in everything syncs."""
from playwright.sync_api import expect

from .app import backoff_cap, children, expect_waiting, mark, open_app, revoke_sign_in, sign_in
from .harness import PASSWORD, server_checks


def test_a_revoked_token_keeps_the_queue_asks_for_sign_in_and_then_syncs(live, phone):
    ctx = phone()
    page = open_app(ctx, live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    expect_waiting(page, 0)
    revoke_sign_in(page, live.url)  # e.g. the principal revoked a lost phone's sign-in

    kids = [k for k, _ in children(page)][:2]
    ctx.set_offline(True)  # two checks in the playground, then back on the Wi-Fi
    for child_id in kids:
        mark(page, child_id)
    ctx.set_offline(False)
    expect(page.locator("#main[data-screen=signin]")).to_be_visible()
    expect(page.locator("form.signin .notice")).to_contain_text("张老师")
    expect_waiting(page, 2)
    expect(page.locator("#username")).to_have_value("teacher1")

    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect_waiting(page, 0)
    assert sorted(c["child_id"] for c in server_checks(live.url)) == sorted(kids)
