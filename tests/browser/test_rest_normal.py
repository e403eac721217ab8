"""'Mark the rest normal' on Today and 'all others normal' on the checks roster: one tap is
one record a child, however fast the second tap; a child who needs a check of her own (away
ill, or at noon unwell or away this morning) is left out, and the phone says who and why."""
import datetime as dt

from playwright.sync_api import expect

from .app import children, choose_session, expect_waiting, teacher_at_morning
from .harness import pulled, push, server_checks


def teacher(live, phone):
    return teacher_at_morning(phone(), live.url)


def answered(page):
    """Accept every question the page asks; the questions asked, in order."""
    asked = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    return asked


def test_a_double_tap_on_mark_the_rest_normal_asks_once_and_records_each_child_once(live, phone):
    page = teacher(live, phone)
    asked = answered(page)
    rest = page.get_by_role("button", name="其余 25 名全部记为正常")
    rest.dblclick()
    expect(rest).to_have_count(0)
    expect_waiting(page, 0)
    assert len(asked) == 1
    checks = server_checks(live.url)
    assert len(checks) == 25 and {len(c["history"]) for c in checks} == {1}


def away_ill_since_before_today(live, page, kid):
    today = page.evaluate("import('/time.js').then(t => t.today('Asia/Shanghai'))")
    since = (dt.date.fromisoformat(today) - dt.timedelta(days=2)).isoformat()
    push(live.url, "teacher1", ("check.record", {"child_id": kid, "date": since, "session": "morning",
                                                 "status": "absent", "absence_reason": "ill", "symptoms": ["fever"]}))
    page.reload()  # the pull brings her follow-up
    expect(page.get_by_test_id("away-ill")).to_have_count(1)
    return since


def test_the_rest_normal_leaves_out_a_child_away_ill_and_says_why(live, phone):
    page = teacher(live, phone)
    kids = children(page)
    ill, name = kids[0]
    since = away_ill_since_before_today(live, page, ill)
    choose_session(page, "morning")
    said = f"{name}（因病缺勤中，{since[5:]} 起）"
    expect(page.get_by_test_id("left-out")).to_contain_text(said)
    expect(page.get_by_test_id("mark-rest")).to_have_text("其余 24 名全部记为正常")
    asked = answered(page)
    page.get_by_test_id("mark-rest").click()
    expect(page.get_by_test_id("mark-rest")).to_have_count(0)
    assert len(asked) == 1 and said in asked[0] and "24" in asked[0]
    expect(page.locator(f'li.child[data-child="{ill}"]')).to_have_class("child none")
    expect_waiting(page, 0)
    assert ill not in {c["child_id"] for c in server_checks(live.url) if c["date"] != since}
    [followup] = [f for f in pulled(live.url, "followup") if f["child_id"] == ill]
    assert (followup["status"], followup["returned_on"]) == ("open", None)


def test_all_others_normal_on_the_checks_roster_leaves_out_the_same_children(live, phone):
    page = teacher(live, phone)
    kids = children(page)
    ill, name = kids[0]
    unwell, unwell_name = kids[1]
    since = away_ill_since_before_today(live, page, ill)
    page.evaluate("() => { location.hash = '#/checks'; }")
    choose_session(page, "morning")
    page.locator(f'li.child[data-child="{unwell}"] a.mark.abnormal').click()
    page.locator("label.hc-chip", has_text="发热").click()
    page.locator("form.hc-check button[type=submit]").click()
    expect(page.get_by_test_id("left-out")).to_have_text(f"以下 1 名不包括在内，请逐个检查：{name}（因病缺勤中，{since[5:]} 起）")
    page.get_by_test_id("all-normal").dblclick()
    expect(page.get_by_test_id("all-normal")).to_have_count(0)
    # At noon she is left out again, and so is the child unwell this morning.
    choose_session(page, "noon")
    expect(page.get_by_test_id("left-out")).to_contain_text("以下 2 名不包括在内")
    expect(page.get_by_test_id("left-out")).to_contain_text(f"{unwell_name}（晨检异常）")
    expect(page.get_by_test_id("all-normal")).to_have_text("其余全部正常（23 人）")
    expect_waiting(page, 0)
    morning = [c for c in server_checks(live.url) if c["session"] == "morning" and c["date"] != since]
    assert len(morning) == 24 and ill not in {c["child_id"] for c in morning}
    assert {len(c["history"]) for c in morning} == {1}
