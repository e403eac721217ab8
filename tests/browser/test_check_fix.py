"""A number typed as a Chinese keyboard types it counts; a refused abnormal check is fixed
in its form and sent again; a link to a child this phone no longer has says so instead
of offering a form whose check could only be refused again."""
from playwright.sync_api import expect

from .app import NO_SUCH_CHILD, backoff_cap, children, open_app, queue_check, sign_in
from .harness import server_checks


def test_numbers_are_read_as_typed_on_a_phone(live, phone):
    page = open_app(phone(), live.url, controlled=False)
    got = page.evaluate("""async () => {
      const { readNumber } = await import('/numbers.js');
      const { parseTemperature } = await import('/screens/check.js');
      const shown = (v) => (Number.isNaN(v) ? 'NaN' : v);
      const typed = ['37.8', '３７．８', '37。8', '37,8', '３７，８', ' 36 ', '', '  ', '.5', '－2',
                     '37.8.1', 'abc', '3e1', '37度'];
      return { read: typed.map((s) => [s, shown(readNumber(s))]),
               temp: ['３６．６', '36.55', '33.9', '43.1', '', '三十七'].map((s) => shown(parseTemperature(s))) };
    }""")
    assert dict(got["read"]) == {
        "37.8": 37.8, "３７．８": 37.8, "37。8": 37.8, "37,8": 37.8, "３７，８": 37.8, " 36 ": 36,
        "": None, "  ": None, ".5": 0.5, "－2": -2,
        "37.8.1": "NaN", "abc": "NaN", "3e1": "NaN", "37度": "NaN"}
    assert got["temp"] == [36.6, "NaN", "NaN", "NaN", None, "NaN"]


def test_a_refused_abnormal_check_is_fixed_with_full_width_digits_and_sent_again(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    child = children(page)[0][0]
    # Past the phone's own form, as an older app might have sent it: the server refuses.
    queue_check(page, child, status="abnormal", temperature=50, symptoms=["fever"])
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")
    attention = page.get_by_test_id("attention")
    expect(attention).to_have_attribute("data-count", "1")
    attention.click()
    item = page.locator("li.rejected")
    expect(item).to_have_count(1)
    item.get_by_role("link", name="修改后重新提交").click()
    form = page.locator("form.check")
    expect(form).to_be_visible()
    expect(page.locator("#temperature")).to_have_value("50")
    expect(form.locator("input[value=fever]")).to_be_checked()
    page.fill("#temperature", "３７．８")
    form.get_by_role("button", name="保存").click()
    expect(page.locator("#main[data-screen=rejected]")).to_be_visible()
    expect(attention).to_have_attribute("data-count", "0")
    expect(page.get_by_test_id("waiting")).to_have_attribute("data-count", "0")
    [check] = [c for c in server_checks(live.url) if c["child_id"] == child]
    assert (check["status"], float(check["temperature"]), check["symptoms"]) == ("abnormal", 37.8, ["fever"])


def test_a_child_no_longer_on_the_phone_gets_a_notice_not_a_form(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    page.evaluate("(h) => { location.hash = h; }", f"#/check/{NO_SUCH_CHILD}/morning")
    expect(page.get_by_role("heading", name="找不到这个孩子")).to_be_visible()
    expect(page.locator("form.check")).to_have_count(0)
    page.get_by_role("link", name="返回").click()
    expect(page.locator("#main[data-screen=today]")).to_be_visible()
    child = children(page)[0][0]
    page.evaluate("(h) => { location.hash = h; }", f"#/check/{child}/evening")  # no such session
    expect(page.get_by_role("heading", name="找不到这个孩子")).to_be_visible()

    # Refused for a child the school no longer has: a normal check is offered to be sent
    # as it was; an abnormal one's fix says why it cannot be, and leads back to the list.
    queue_check(page, session="morning")
    queue_check(page, session="noon", status="abnormal", temperature=38.2)
    page.evaluate("import('/sync.js').then(s => s.syncSoon())")
    expect(page.get_by_test_id("attention")).to_have_attribute("data-count", "2")
    page.get_by_test_id("attention").click()
    items = page.locator("li.rejected")
    expect(items).to_have_count(2)
    expect(items.get_by_role("button", name="重新提交")).to_have_count(1)
    items.get_by_role("link", name="修改后重新提交").click()
    expect(page.get_by_role("alert").filter(has_text="无法修改")).to_be_visible()
    expect(page.locator("form.check")).to_have_count(0)
    page.get_by_role("link", name="返回").click()
    expect(page.locator("li.rejected")).to_have_count(2)
