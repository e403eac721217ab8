"""A shared phone: one caregiver signs out with work still waiting and another signs in;
nothing is lost, and each change reaches the server as the work of the one who made it."""
from playwright.sync_api import expect

from .app import (backoff_cap, children, eventually, expect_waiting, idb_setting, mark,
                  open_app, sign_in)
from .harness import api_login, server_checks


def test_signing_out_with_work_waiting_keeps_it_and_pushes_it_as_its_maker(live, phone):
    ctx = phone()
    page = open_app(ctx, live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    first = [k for k, _ in children(page)][:2]
    ctx.set_offline(True)
    for child_id in first:
        mark(page, child_id)
    page.once("dialog", lambda d: d.accept())  # offline: signing in again needs the network
    page.get_by_role("button", name="退出 / 换人").click()
    expect(page.locator("#main[data-screen=signin]")).to_be_visible()
    expect_waiting(page, 2)

    ctx.set_offline(False)
    sign_in(page, "teacher2")
    second = children(page)[0][0]
    mark(page, second)
    expect_waiting(page, 0)

    who = {c["child_id"]: c["recorded_by"] for c in server_checks(live.url)}
    teacher1, teacher2 = (api_login(live.url, u)["user"]["id"] for u in ("teacher1", "teacher2"))
    assert who == {first[0]: teacher1, first[1]: teacher1, second: teacher2}
    # teacher1's work is all pushed: her token is gone from the phone.
    assert eventually(lambda: list(idb_setting(page, "accounts")) == [teacher2])


def test_signing_out_offline_says_signing_in_needs_the_network_and_asks_first(live, phone):
    ctx = phone()
    page = open_app(ctx, live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    ctx.set_offline(True)  # a dead spot of the building
    mark(page, children(page)[0][0])
    sign_out = page.get_by_role("button", name="退出 / 换人")
    with page.expect_event("dialog") as asked:
        sign_out.click()
    assert "要等联网才能再登录" in asked.value.message and "1 条记录没有同步" in asked.value.message
    asked.value.dismiss()
    expect(page.locator("#main[data-screen=today]")).to_be_visible()  # tapped by mistake: still hers
    expect_waiting(page, 1)

    page.once("dialog", lambda d: d.accept())
    sign_out.click()
    expect(page.locator("#main[data-screen=signin]")).to_be_visible()
    ctx.set_offline(False)
    expect_waiting(page, 0)  # kept, and sent with her sign-in once online
    assert len(server_checks(live.url)) == 1


def test_signing_out_online_does_not_ask(live, phone):
    page = open_app(phone(), live.url)
    sign_in(page, "teacher1")
    page.get_by_role("button", name="退出 / 换人").click()  # a dialog would be dismissed
    expect(page.locator("#main[data-screen=signin]")).to_be_visible()
