"""A change the server refused is not shown as done while it waits for a person, and once
discarded the phone's record is what the server holds: the row as last pulled, or none if
the server never had it. An edit laid over the refused one since is kept."""
from playwright.sync_api import expect

from .app import (backoff_cap, children, expect_waiting, idb_all, mark, open_app, queue_check,
                  queue_round, sign_in)


def records(page, entity):
    return [r for r in idb_all(page, "records") if r.get("entity") == entity]


def sync(page):
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")


def discard(page, n_left=0):
    page.get_by_test_id("attention").click()
    page.once("dialog", lambda d: d.accept())
    page.locator("li.rejected button.danger").first.click()
    expect(page.locator("li.rejected")).to_have_count(n_left)


def open_room(page, name="小一班活动室"):
    page.evaluate("location.hash = '#/disinfect'")
    page.locator("li[data-room] a", has_text=name).click()
    expect(page.locator("form.dis-form")).to_be_visible()


def test_a_refused_disinfection_round_is_not_done_and_once_discarded_is_gone(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    open_room(page)
    # Past the form's own bound: the server takes at most 100000.
    queue_round(page, item="door_handles", method="chlorine", amount=250000)
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "1")

    open_room(page)  # drawn again: the round needs attention, it is not done
    item = page.locator('li[data-item="door_handles"]')
    expect(item.locator("[data-refused]")).to_contain_text("未被接受")
    expect(item.locator("[data-below]")).to_have_count(0)

    discard(page)
    page.reload()
    open_room(page)
    expect(item.locator("[data-refused], [data-below]")).to_have_count(0)
    assert records(page, "disinfection") == []


def test_a_discarded_refused_check_goes_back_to_the_check_the_server_holds(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    first, second = [k for k, _ in children(page)][:2]
    mark(page, first)  # normal, on the server
    expect_waiting(page, 0)
    queue_check(page, first, status="abnormal", temperature=45.0)   # refused over it
    queue_check(page, second, status="abnormal", temperature=45.0)  # refused, never on the server
    sync(page)
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "2")
    page.evaluate("location.hash = '#/today'")
    for child in (first, second):
        row = page.locator(f'li.child[data-child="{child}"]')
        expect(row.get_by_test_id("refused")).to_be_visible()
        expect(row.locator("button.mark.abnormal")).to_have_attribute("aria-pressed", "false")

    discard(page, 1)
    discard(page, 0)
    page.reload()
    page.evaluate("location.hash = '#/today'")
    expect(page.locator(f'li.child[data-child="{first}"] button.mark.normal')).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f'li.child[data-child="{second}"]')).to_have_class("child none")
    checks = {c["child_id"]: c for c in records(page, "health_check")}
    assert checks[first]["status"] == "normal" and "refused" not in checks[first]
    assert second not in checks


def test_an_edit_made_over_a_refused_one_stays_when_the_refused_one_is_discarded(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    child = children(page)[0][0]
    queue_check(page, child, status="abnormal", temperature=45.0)
    sync(page)
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "1")
    page.evaluate("location.hash = '#/today'")
    mark(page, child, "absent")  # done again, rightly, before the refusal is dealt with
    expect_waiting(page, 0)
    discard(page)
    page.evaluate("location.hash = '#/today'")
    expect(page.locator(f'li.child[data-child="{child}"] button.mark.absent')).to_have_attribute("aria-pressed", "true")
    [check] = records(page, "health_check")
    assert check["status"] == "absent"
