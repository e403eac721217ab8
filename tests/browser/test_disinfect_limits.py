"""The disinfection form refuses, before saving and in the person's language, the amount
disinfection.record would refuse (its bound sent to the phone in the site record), so no
round is lost to a refusal hours later; what the server takes, the phone takes."""
import pytest
from playwright.sync_api import expect

from server.rules.disinfection import AMOUNT_MAX, amount_max

from .app import backoff_cap, eventually, expect_waiting, idb_all, open_app, outbox_count, sign_in
from .harness import pulled


def rounds(page):
    return [r for r in idb_all(page, "records") if r.get("entity") == "disinfection"]


def record(page, item, method, amount):
    page.select_option("#dis-item", item)
    page.select_option("#dis-method", method)
    page.fill("#dis-amount", amount)
    page.locator("form.dis-form button[type=submit]").click()


@pytest.mark.parametrize("language, refused, longest", [
    ("zh-CN", f"用量须大于 0，最多 {AMOUNT_MAX} mg/L", "用量须大于 0，最多 1440 min"),
    ("en", f"The amount must be over 0 and at most {AMOUNT_MAX} mg/L",
     "The amount must be over 0 and at most 1440 min")])
def test_an_amount_the_server_would_refuse_is_refused_before_saving(live, phone, language, refused,
                                                                    longest):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    if language == "en":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    [site] = [r for r in idb_all(page, "records") if r.get("entity") == "site"]
    assert site["disinfection"]["amount_max"] == AMOUNT_MAX  # the server's bounds, pulled
    assert site["disinfection"]["amount_max_by_method"]["airing"] == amount_max("airing") == 1440
    page.goto(live.url + "/#/disinfect")
    page.locator("li[data-room] a").first.click()
    for typed in ("250000", str(AMOUNT_MAX + 1), "0"):
        record(page, "surfaces_toys", "chlorine", typed)
        expect(page.locator("#dis-error")).to_have_text(refused)
        expect(page.locator("#dis-amount")).to_have_attribute("aria-invalid", "true")
    record(page, "air", "airing", "1441")  # a round lasts at most a day
    expect(page.locator("#dis-error")).to_have_text(longest)
    assert outbox_count(page) == 0 and rounds(page) == []

    record(page, "surfaces_toys", "chlorine", "500")
    # the saved round redraws the room; the next is typed into the form drawn after it
    expect(page.locator("li[data-item=surfaces_toys] span.chip[data-below]")).to_have_count(1)
    record(page, "air", "airing", "500")  # long, and the server takes it
    assert eventually(lambda: len(rounds(page)) == 2)
    expect_waiting(page, 0)
    kept = sorted((r["method"], float(r["amount"])) for r in pulled(live.url, "disinfection"))
    assert kept == [("airing", 500.0), ("chlorine", 500.0)]
