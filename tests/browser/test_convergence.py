"""Two phones record the same child's check offline, differently: after both sync they
show the same value, and so does the server (the later edit wins by its clock)."""
from playwright.sync_api import expect

from .app import backoff_cap, children, choose_session, expect_waiting, mark, open_app, sign_in
from .harness import server_checks


def row(page, child_id):
    return page.locator(f'li.child[data-child="{child_id}"]')


def test_two_phones_editing_one_check_offline_converge_on_the_same_value(live, phone):
    a_ctx, b_ctx = phone(), phone()
    a, b = open_app(a_ctx, live.url), open_app(b_ctx, live.url)
    for page in (a, b):
        backoff_cap(page)
        sign_in(page, "teacher1")
        choose_session(page, "morning")
    child = children(a)[0][0]

    a_ctx.set_offline(True)
    b_ctx.set_offline(True)
    mark(a, child)  # phone A: normal
    row(b, child).locator("button.mark.abnormal").click()  # phone B, a moment later: fever
    b.fill("#temperature", "38.5")
    b.get_by_label("发热").check()
    b.get_by_role("button", name="保存").click()
    expect(row(b, child)).to_have_class("child abnormal")
    expect_waiting(a, 1)
    expect_waiting(b, 1)

    b_ctx.set_offline(False)  # the later edit reaches the server first ...
    expect_waiting(b, 0)
    a_ctx.set_offline(False)  # ... and the earlier one after it: it must not win
    expect_waiting(a, 0)

    for page in (a, b):
        expect(row(page, child)).to_have_class("child abnormal")
        expect(row(page, child).locator(".badge")).to_contain_text("38.5")
    [check] = server_checks(live.url)
    assert (check["status"], check["temperature"], check["symptoms"]) == ("abnormal", 38.5, ["fever"])
