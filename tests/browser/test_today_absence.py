"""Today's roster: a child marked absent gets the reason the caregiver knows (a parent's
message at the door) in one more tap; ill opens the health teacher's follow-up, and a child
away ill since an earlier day is pointed out at the next morning's check."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from .app import backoff_cap, children, expect_waiting, mark, open_app, sign_in
from .harness import pulled, push, server_checks


def test_a_caregiver_says_why_a_child_is_absent_and_ill_opens_the_follow_up(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    ill, away, here = [k for k, _ in children(page)][:3]
    mark(page, here)
    expect(page.locator("li.child button.reason")).to_have_count(0)  # only under an absence

    mark(page, ill, "absent")
    row = page.locator(f'li.child[data-child="{ill}"]')
    expect(row.locator("button.reason")).to_have_count(2)
    expect(row.locator(".badge")).to_have_text("缺勤 · 不明")
    row.locator("button.reason[data-reason=ill]").click()
    expect(row.locator("button.reason[data-reason=ill]")).to_have_attribute("aria-pressed", "true")
    expect(row.locator(".badge")).to_have_text("缺勤 · 因病")
    row.locator("button.mark.absent").click()  # a second tap on absent keeps the reason
    expect(row.locator(".badge")).to_have_text("缺勤 · 因病")

    mark(page, away, "absent")
    other = page.locator(f'li.child[data-child="{away}"]')
    other.locator("button.reason[data-reason=personal]").click()
    expect(other.locator(".badge")).to_have_text("缺勤 · 事假")
    other.locator("button.reason[data-reason=personal]").click()  # tapped again: not known
    expect(other.locator(".badge")).to_have_text("缺勤 · 不明")
    expect(other.locator("button.reason[aria-pressed=true]")).to_have_count(0)

    expect_waiting(page, 0)
    checks = {c["child_id"]: c for c in server_checks(live.url)}
    assert [checks[k]["absence_reason"] for k in (ill, away)] == ["ill", "unknown"]
    assert checks[here]["status"] == "normal"
    assert [f["child_id"] for f in pulled(live.url, "followup") if f["status"] == "open"] == [ill]


def test_a_child_away_ill_since_before_today_is_pointed_out_until_checked(live, phone):
    """At the morning check the caregiver sees who is away ill since an earlier day (their
    follow-up open, not checked back in), on Today and on the checks roster; once the
    child is checked today, or was checked back in before, it is not said."""
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    ill, back = [k for k, _ in children(page)][:2]
    today = page.evaluate("import('/time.js').then(t => t.today('Asia/Shanghai'))")
    days = [(dt.date.fromisoformat(today) - dt.timedelta(days=n)).isoformat() for n in (3, 2)]
    away = {"session": "morning", "status": "absent", "absence_reason": "ill", "symptoms": ["fever"]}
    push(live.url, "teacher1",
         ("check.record", {"child_id": ill, "date": days[0], **away}),
         ("check.record", {"child_id": back, "date": days[0], **away}),
         ("check.record", {"child_id": back, "date": days[1], "session": "morning", "status": "normal"}))
    page.reload()  # signed in: the pull brings the follow-ups
    hint = page.get_by_test_id("away-ill")
    expect(hint).to_have_count(1)
    expect(page.locator(f'li.child[data-child="{ill}"]').get_by_test_id("away-ill")).to_have_text(
        f"因病缺勤中，{days[0][5:]} 起")
    page.evaluate("() => { location.hash = '#/checks'; }")
    expect(page.locator("#main[data-screen=checks]")).to_be_visible()
    expect(page.locator(f'li.child[data-child="{ill}"]').get_by_test_id("away-ill")).to_be_visible()
    expect(hint).to_have_count(1)
    page.evaluate("() => { location.hash = '#/today'; }")
    expect(page.locator("#main[data-screen=today]")).to_be_visible()
    mark(page, ill)  # back today: checked, no longer said
    expect(page.locator(f'li.child[data-child="{ill}"]')).to_have_class("child normal")
    expect(hint).to_have_count(0)


@pytest.mark.parametrize("language", ["中文", "English"])
def test_a_row_away_ill_keeps_its_buttons_in_line_with_every_other_row_at_360_px(live, phone, language):
    """Its 'away ill since' under the name wraps inside the name's column: the buttons stay
    where every row has them, on Today (three) and on the checks roster (two)."""
    page = open_app(phone(), live.url)
    backoff_cap(page)
    if language == "English":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    sign_in(page, "teacher1", button="登录" if language == "中文" else "Sign in")
    ill = children(page)[0][0]
    since = (dt.date.fromisoformat(page.evaluate("import('/time.js').then(t => t.today('Asia/Shanghai'))"))
             - dt.timedelta(days=2)).isoformat()
    push(live.url, "teacher1", ("check.record", {"child_id": ill, "date": since, "session": "morning",
                                                 "status": "absent", "absence_reason": "ill"}))
    page.reload()
    for screen in ("today", "checks"):
        page.evaluate("(s) => { location.hash = '#/' + s; }", screen)
        expect(page.locator(f"#main[data-screen={screen}]").get_by_test_id("away-ill")).to_have_count(1)
        # Each row's buttons: where every row has them, right-aligned; in Chinese beside the
        # name (overlapping it top to bottom). Today's three English words need a line of
        # their own, in every row alike.
        placed = page.eval_on_selector_all(f"#main[data-screen={screen}] li.child", """rows => rows.map((li) => {
          const name = li.querySelector('.name').getBoundingClientRect();
          const marks = li.querySelector('.marks').getBoundingClientRect();
          return [li.dataset.child, marks.top < name.bottom && marks.bottom > name.top, Math.round(marks.right)];
        })""")
        assert len(placed) == 25
        assert len({(beside, right) for _, beside, right in placed}) == 1, placed
        assert placed[0][1] or (language, screen) == ("English", "today")
