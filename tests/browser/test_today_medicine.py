"""Today's medicine: what parents handed over at the morning check is on the caregiver's
Today, each dose given, due (its time has come) or later, and the dose due is recorded in
one tap; another class's caregiver does not see it."""
from playwright.sync_api import expect

from .app import backoff_cap, children, expect_waiting, open_app, sign_in
from .harness import pulled
from .test_accessibility import serious_violations


def test_a_dose_due_is_on_today_and_given_in_one_tap(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    kid, name = children(page)[0]
    page.goto(f"{live.url}/#/hcheck/{kid}/morning")
    page.fill("#med-name", "布洛芬")
    page.fill("#med-dose", "5ml")
    page.fill("#med-times", "00:00 23:59")  # the first due whenever the test runs, the second later
    page.get_by_role("button", name="登记带药").click()
    expect(page.locator("li[data-medicine]")).to_have_count(1)

    page.goto(f"{live.url}/#/today")
    med = page.locator(".meds li[data-medicine]")
    expect(med).to_have_count(1)
    expect(med).to_contain_text(f"{name} 布洛芬 5ml")
    expect(med.locator(".dose")).to_have_text(["00:00 该服了", "23:59 待服"])
    assert serious_violations(page) == []
    med.get_by_role("button", name=f"已喂药：{name} 布洛芬").click()
    expect(med.locator(".dose")).to_have_text(["00:00 已服", "23:59 待服"])
    expect(med.locator("button.give")).to_have_count(0)  # nothing more due now
    expect_waiting(page, 0, timeout=30_000)
    [stored] = pulled(live.url, "medicine")
    assert stored["child_id"] == kid and len(stored["given"]) == 1

    other = open_app(phone(), live.url)
    sign_in(other, "teacher2")
    expect(other.locator("#main[data-screen=today] li.child").first).to_be_visible()
    expect(other.locator(".meds")).to_have_count(0)
