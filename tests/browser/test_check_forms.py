"""A child's check form records what was seen, once: nothing filled in that nobody
measured or said (no temperature, an absence's reason unknown), an abnormal check says at
least one thing, a temperature is read as a phone types it, and a double tap on 保存 is
one version."""
import pytest
from playwright.sync_api import expect

from .app import backoff_cap, children, expect_waiting, open_app, outbox_count, sign_in
from .harness import pulled, server_checks


def teacher(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    return page


def go(page, hash_):
    page.evaluate("(h) => { location.hash = h; }", hash_)


def check_of(live, kid):
    return next(c for c in server_checks(live.url) if c["child_id"] == kid)


def test_the_checks_form_starts_with_no_temperature_and_an_absence_as_unknown(live, phone):
    page = teacher(live, phone)
    rash, away = [k for k, _ in children(page)][:2]
    go(page, f"#/hcheck/{rash}/morning?status=abnormal")
    expect(page.locator("#hc-temp")).to_have_value("")  # nobody measured it
    page.locator("label.hc-chip", has_text="皮疹").click()
    page.locator("form.hc-check button[type=submit]").click()
    expect(page.locator("#main[data-screen=checks]")).to_be_visible()

    go(page, f"#/hcheck/{away}/morning?status=absent")
    expect(page.locator("input[name=reason][value=unknown]")).to_be_checked()
    page.locator("form.hc-check button[type=submit]").click()
    expect(page.locator("#main[data-screen=checks]")).to_be_visible()
    expect_waiting(page, 0)
    got = check_of(live, rash)
    assert (got["status"], got["temperature"], got["symptoms"]) == ("abnormal", None, ["rash"])
    assert check_of(live, away)["absence_reason"] == "unknown"
    assert [f for f in pulled(live.url, "followup") if f["child_id"] == away] == []  # none opened


@pytest.mark.parametrize("form", ["today", "checks"])
def test_an_abnormal_check_with_nothing_in_it_is_not_saved(live, phone, form):
    page = teacher(live, phone)
    kid = children(page)[0][0]
    go(page, f"#/check/{kid}/morning" if form == "today" else f"#/hcheck/{kid}/morning?status=abnormal")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="异常请至少填写一项")).to_be_visible()
    assert outbox_count(page) == 0
    page.get_by_role("combobox", name="处理").select_option("observe")  # one thing is enough
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("#main[data-screen=today], #main[data-screen=checks]")).to_be_visible()
    expect_waiting(page, 0)
    assert check_of(live, kid)["action"] == "observe"


def test_a_temperature_typed_with_its_unit_a_comma_or_full_width_digits_is_read(live, phone):
    page = teacher(live, phone)
    typed = ["38.2°", "38.2℃", "38.2 °C", "38.2°c", "38.2度", "38,2", "３８.２", "３８．２℃"]
    got = page.evaluate("""async (typed) => {
      const { parseTemperature } = await import('/screens/check.js');
      return typed.map((s) => { const v = parseTemperature(s); return Number.isNaN(v) ? 'NaN' : v; });
    }""", typed)
    assert got == [38.2] * len(typed)
    for hash_, field in (("#/check/{}/morning", "#temperature"), ("#/hcheck/{}/noon?status=abnormal", "#hc-temp")):
        kid = children(page)[0][0]
        go(page, hash_.format(kid))
        page.fill(field, "38.2°")
        page.get_by_role("button", name="保存", exact=True).click()
        expect(page.locator("#main[data-screen=today], #main[data-screen=checks]")).to_be_visible()
    expect_waiting(page, 0)
    temps = sorted((c["session"], float(c["temperature"])) for c in server_checks(live.url))
    assert temps == [("morning", 38.2), ("noon", 38.2)]


@pytest.mark.parametrize("form", ["today", "checks"])
def test_a_double_tap_on_save_records_one_version(live, phone, form):
    page = teacher(live, phone)
    kid = children(page)[0][0]
    go(page, f"#/check/{kid}/morning" if form == "today" else f"#/hcheck/{kid}/morning?status=abnormal")
    page.locator("label", has_text="发热").first.click()
    page.get_by_role("button", name="保存", exact=True).dblclick()
    expect(page.locator("#main[data-screen=today], #main[data-screen=checks]")).to_be_visible()
    expect_waiting(page, 0)
    assert len(check_of(live, kid)["history"]) == 1
