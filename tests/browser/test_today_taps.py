"""A child's row on Today takes one tap at a time: a double tap on a status or on the reason
for an absence records the child once, and a tap made from the keyboard leaves the focus on
the button tapped."""
from playwright.sync_api import expect

from .app import children, expect_waiting, teacher_at_morning
from .harness import server_checks


def teacher(live, phone):
    return teacher_at_morning(phone(), live.url)


def versions(live, child_id):
    [check] = [c for c in server_checks(live.url) if c["child_id"] == child_id]
    return [(h["values"]["status"], h["values"].get("absence_reason")) for h in check["history"]]


def test_a_double_tap_on_a_childs_status_or_reason_records_it_once(live, phone):
    page = teacher(live, phone)
    (first, _), (second, _) = children(page)[:2]
    row = page.locator(f'li.child[data-child="{first}"]')
    row.locator("button.mark.normal").dblclick()
    expect(row).to_have_class("child normal")
    expect_waiting(page, 0)
    assert versions(live, first) == [("normal", None)]

    other = page.locator(f'li.child[data-child="{second}"]')
    other.locator("button.mark.absent").click()
    expect(other).to_have_class("child absent")
    other.locator("button.reason[data-reason=ill]").dblclick()
    expect(other.locator("button.reason[data-reason=ill]")).to_have_attribute("aria-pressed", "true")
    expect_waiting(page, 0)
    assert versions(live, second) == [("absent", "unknown"), ("absent", "ill")]


def test_a_status_tapped_from_the_keyboard_keeps_the_focus_on_its_button(live, phone):
    page = teacher(live, phone)
    [(kid, _)] = children(page)[:1]
    button = page.locator(f'li.child[data-child="{kid}"] button.mark.normal')
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_be_focused()
