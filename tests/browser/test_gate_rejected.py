"""A gate change the server refuses shows where the guard works — on the visitor's row and
pass, on the child's pick-up row — with its reason and the way to the shared rejected list
(fix and send again, or discard); once dealt with there, the row is clear again."""
import datetime as dt

from playwright.sync_api import expect

from .harness import api_login, push
from .test_gate_visitors import go, register, staff_phone, sync


def discard_from_the_row(page, row):
    """The row's link leads to the shared rejected list; discard it there (asks first)."""
    page.once("dialog", lambda d: d.accept())
    row.get_by_test_id("rejected").get_by_role("link").click()
    expect(page.locator("#main")).to_have_attribute("data-screen", "rejected")
    page.locator("li.rejected button.danger").click()
    expect(page.locator("li.rejected")).to_have_count(0)


def test_a_visitor_the_host_refused_shows_the_guards_refused_allow_on_the_row(live, phone):
    guard = staff_phone(phone, live, "guard")
    host_id = api_login(live.url, "teacher1")["user"]["id"]
    vid = register(guard, host_id, name="被拒访客", id_type="none", number="")
    # the host refuses on the app; the guard has not pulled since
    push(live.url, "teacher1", ("visitor.decide", {"visitor_id": vid, "allow": False, "how": "app"}))
    go(guard, f"#/visitor-call/{vid}")
    guard.locator("button[data-act=call-allow]").click()     # what the guard heard on the phone
    note = guard.locator(".pass-screen").get_by_test_id("rejected")
    expect(note).to_have_attribute("data-code", "conflict")
    expect(note).to_contain_text("服务器未接受：记录当前状态不允许这项操作")
    expect(guard.locator(".pass-screen")).to_have_attribute("data-status", "refused")  # the pull put it back
    go(guard, "#/visitors")
    row = guard.locator(f"#today li[data-visitor='{vid}']")
    expect(row.get_by_test_id("rejected")).to_be_visible()
    discard_from_the_row(guard, row)
    go(guard, "#/visitors")
    expect(row).to_have_attribute("data-status", "refused")
    expect(row.get_by_test_id("rejected")).to_have_count(0)


def test_a_pick_up_already_recorded_elsewhere_shows_its_refusal_on_the_childs_row(live, phone):
    guard = staff_phone(phone, live, "guard")
    go(guard, "#/pickup")
    guard.locator(".pickup-classes a").first.click()
    class_id = guard.locator(".pickup").get_attribute("data-class")
    child_id = guard.locator("#remaining li.child").first.get_attribute("data-child")
    go(guard, f"#/pickup-child/{child_id}")
    expect(guard.locator("button[data-adult]").first).to_be_visible()
    # meanwhile the same child's pick-up is recorded on another phone
    today = guard.evaluate("import('/time.js').then(t => t.today('Asia/Shanghai'))")
    push(live.url, "admin", ("pickup.record", {
        "child_id": child_id, "date": today, "adult_name": "外婆", "relation": "外婆", "minor": False,
        "card": True, "confirmation": {"by": "妈妈", "how": "phone_call", "at": dt.datetime.now().astimezone().isoformat()}}))
    guard.locator("button[data-adult]").first.click()
    row = guard.locator(f"#gone li[data-child='{child_id}']")
    expect(row.get_by_test_id("rejected")).to_have_attribute("data-code", "conflict")
    expect(row).to_contain_text("外婆")                        # the server's pick-up, pulled
    sync(guard)
    discard_from_the_row(guard, row)
    go(guard, f"#/pickup/{class_id}")
    expect(row).to_be_visible()
    expect(row.get_by_test_id("rejected")).to_have_count(0)
