"""A change the server refuses is kept, shown with its reason in the person's language,
and does not hold back the changes queued behind it; discarding it asks first and is
logged on the server."""
from playwright.sync_api import expect

from .app import (backoff_cap, children, expect_waiting, mark, mutation_log, open_app, queue_check,
                  queue_round, sign_in)
from .harness import server_checks


def test_a_rejected_change_is_shown_with_its_reason_and_does_not_block_the_rest(
        live, proxy, phone, db_file):
    page = open_app(phone(), proxy.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    proxy.block_pushes = True
    queue_check(page)  # first in the queue
    kids = [k for k, _ in children(page)][:2]
    for child_id in kids:
        mark(page, child_id)
    expect_waiting(page, 3)

    proxy.block_pushes = False
    expect_waiting(page, 0)
    attention = page.get_by_test_id("attention")
    expect(attention).to_have_attribute("data-count", "1")
    assert sorted(c["child_id"] for c in server_checks(live.url)) == sorted(kids)

    attention.click()
    item = page.locator("li.rejected")
    expect(item).to_have_count(1)
    expect(item.locator(".reason")).to_have_text("找不到这条记录对应的幼儿或对象")
    page.get_by_role("button", name="English").click()
    expect(item.locator(".reason")).to_have_text("The child or item this refers to does not exist")

    page.once("dialog", lambda d: d.accept())
    item.get_by_role("button", name="Discard").click()
    expect(page.locator("li.rejected")).to_have_count(0)
    expect(attention).to_have_attribute("data-count", "0")
    assert [s for _, s, c in mutation_log(db_file) if c == "not_found"] == ["rejected", "discarded"]


def test_a_rejected_check_can_be_fixed_and_sent_again(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    child = children(page)[0][0]
    queue_check(page, child, status="abnormal", temperature=45.0)  # a typing slip
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")
    attention = page.get_by_test_id("attention")
    expect(attention).to_have_attribute("data-count", "1")
    attention.click()
    expect(page.locator("li.rejected .reason")).to_have_attribute("data-code", "validation_failed")

    page.get_by_role("link", name="修改后重新提交").click()
    expect(page.locator("#temperature")).to_have_value("45")
    page.fill("#temperature", "38.2")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("li.rejected")).to_have_count(0)
    expect(attention).to_have_attribute("data-count", "0")
    expect_waiting(page, 0)
    [check] = server_checks(live.url)
    assert (check["child_id"], check["status"], check["temperature"]) == (child, "abnormal", 38.2)


def test_a_refused_round_is_described_in_words_and_leads_back_to_its_room(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    queue_round(page, item="door_handles", method="chlorine", amount=250000)  # past the form
    page.get_by_test_id("attention").click()

    item = page.locator("li.rejected")
    expect(item.locator("strong")).to_contain_text("消毒 · 小一班活动室 · 门把手 第 1 轮（含氯消毒液 250000）")
    expect(item.locator(".reason")).to_have_text("“用量”应大于 0 且不超过 100000")
    expect(item.locator(".detail")).to_contain_text("amount: Must be greater than 0 and less than or equal to 100000.")
    # the same values would be refused again: no "send again", the way to the room instead
    expect(item.get_by_test_id("same-fails")).to_be_visible()
    expect(item.get_by_role("button", name="重新提交")).to_have_count(0)
    page.get_by_role("button", name="English").click()
    expect(item.locator("strong")).to_contain_text("Disinfection · 小一班活动室 · door handles round 1")
    expect(item.locator(".reason")).to_have_text("Amount must be more than 0 and at most 100000")

    item.get_by_test_id("open").click()
    expect(page.locator("#main")).to_have_attribute("data-screen", "disinfect")
    expect(page.locator("form.dis-form h2")).to_be_visible()
    expect(page.locator(".hc-disinfect h1")).to_contain_text("小一班活动室")
