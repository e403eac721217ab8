"""A shared phone: one caregiver signs out with work still waiting and another signs in;
nothing is lost, and each change reaches the server as the work of the one who made it.
A change the server refused stays its maker's: the next person is told of it, and only its
maker, signed in again, sends it again or discards it."""
import sqlite3
from contextlib import closing

import requests
from playwright.sync_api import expect

from .app import (backoff_cap, children, choose_session, eventually, expect_waiting, idb_all,
                  idb_setting, mark, open_app, outbox_count, sign_in)
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


def refused_check_of_teacher1(live, ctx):
    """teacher1 on a shared phone, her noon check of a child refused (the child set
    inactive by mistake meanwhile, then active again): her page, the child's id."""
    admin = {"Authorization": f"Bearer {api_login(live.url, 'admin')['token']}"}

    def set_active(child_id, on):
        r = requests.patch(f"{live.url}/api/admin/children/{child_id}", json={"active": on},
                           headers=admin, timeout=10)
        assert r.ok, r.text
    page = open_app(ctx, live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    child = children(page)[5][0]
    ctx.set_offline(True)
    choose_session(page, "noon")
    mark(page, child)
    set_active(child, False)
    ctx.set_offline(False)
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "1")
    set_active(child, True)
    return page, child


def switch_to(page, username):
    """Sign the one signed in out (she has nothing of her own refused: no question) and
    `username` in."""
    page.get_by_role("button", name="退出 / 换人").click()  # a dialog would be dismissed
    expect(page.locator("#main[data-screen=signin]")).to_be_visible()
    sign_in(page, username)


def sign_out_answering(page, accept: bool) -> list[str]:
    """Tap sign out and answer the question it asks; what it asked (the question is
    answered as it comes: a click waiting for a dialog answered after it may hang)."""
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()
    page.once("dialog", answer)
    page.get_by_role("button", name="退出 / 换人").click()
    for _ in range(100):  # the handler runs while Playwright waits, not while Python sleeps
        if asked:
            return asked
        page.wait_for_timeout(100)
    raise AssertionError("signing out asked nothing")


def sign_out_with_refused(page):
    """She is told her refused change stays hers, kept on the phone, and signs out."""
    [asked] = sign_out_answering(page, accept=True)
    assert "1 条修改未被接受，只能由你本人处理" in asked
    expect(page.locator("#main[data-screen=signin]")).to_be_visible()


def test_signing_out_with_a_refused_change_says_it_stays_hers_and_asks_first(live, phone):
    ctx = phone()
    page, _ = refused_check_of_teacher1(live, ctx)
    sign_out_answering(page, accept=False)
    expect(page.locator("#main[data-screen=today]")).to_be_visible()  # tapped by mistake: still hers
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "1")
    sign_out_with_refused(page)


def test_a_refused_change_is_only_mentioned_to_the_next_person_on_the_phone(live, phone):
    ctx = phone()
    page, _ = refused_check_of_teacher1(live, ctx)
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="退出 / 换人").click()
    expect(page.locator("#main[data-screen=signin]")).to_be_visible()
    sign_in(page, "health")
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "0")
    expect(page.get_by_test_id("attention")).to_be_hidden()
    page.goto(live.url + "/#/rejected")
    expect(page.locator(".rejected-list .empty")).to_be_visible()
    expect(page.locator("li.rejected")).to_have_count(0)  # nothing to send or discard as hers
    assert len(idb_all(page, "rejected")) == 1  # kept, teacher1's
    expect(page.get_by_test_id("refused-elsewhere")).to_have_text(
        "张老师 有 1 条修改未被接受，只能由本人处理：请 张老师 在这台手机上登录后重新提交或放弃。")


def test_a_refused_change_is_sent_again_by_its_maker_once_she_is_back(live, phone):
    ctx = phone()
    page, child = refused_check_of_teacher1(live, ctx)
    sign_out_with_refused(page)
    sign_in(page, "health")
    switch_to(page, "teacher1")
    expect(page.get_by_test_id("refused-elsewhere")).to_have_count(0)
    page.get_by_test_id("attention").click()
    page.locator("li.rejected").get_by_role("button", name="重新提交").click()
    assert eventually(lambda: outbox_count(page) == 0 and not idb_all(page, "rejected"), 15)
    teacher1 = api_login(live.url, "teacher1")["user"]["id"]
    [check] = [c for c in server_checks(live.url) if c["child_id"] == child]
    assert (check["session"], check["recorded_by"]) == ("noon", teacher1)


def test_a_refused_change_is_discarded_by_its_maker_once_she_is_back(live, phone, db_file):
    ctx = phone()
    page, _ = refused_check_of_teacher1(live, ctx)
    sign_out_with_refused(page)
    sign_in(page, "health")
    switch_to(page, "teacher1")
    page.get_by_test_id("attention").click()
    page.once("dialog", lambda d: d.accept())
    page.locator("li.rejected").get_by_role("button", name="放弃").click()
    expect(page.locator("li.rejected")).to_have_count(0)
    expect(page.locator(".rejected-list p.error")).to_be_empty()
    teacher1 = api_login(live.url, "teacher1")["user"]["id"]
    with closing(sqlite3.connect(db_file)) as conn:
        logged = conn.execute("SELECT status, user_id FROM mutation_log WHERE code = 'not_found'").fetchall()
    assert logged == [("rejected", teacher1), ("discarded", teacher1)]
    # Nothing of hers left on the phone: signing out asks nothing, and her token goes.
    switch_to(page, "health")
    assert eventually(lambda: teacher1 not in idb_setting(page, "accounts"))
