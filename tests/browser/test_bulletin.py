"""The weekly hygiene bulletin in the app: the admin drafts it from the records, edits and
publishes it; a caregiver's phone pulls it and shows it, offline too. The printouts screen
downloads a PDF of the caregiver's own class, and the guard's visitor register alone. axe-core finds nothing serious on any of
these screens."""
import datetime as dt
import uuid

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import today

from .app import children, open_app, sign_in
from .harness import api_login, push
from .test_accessibility import serious_violations

TEXT = "本周各班晨午检按时完成。\n请注意：中一班午检漏检 2 人。"


def go(page, hash_, screen):
    page.evaluate("h => { location.hash = h; }", hash_)
    expect(page.locator(f"#main[data-screen={screen}]")).to_be_visible()


def publish_a_bulletin(page) -> str:
    go(page, "#/bulletin-admin", "bulletin-admin")
    page.get_by_role("button", name="根据记录起草").click()
    expect(page.locator("#bulletin-text")).to_be_visible()
    page.fill("#bulletin-title", "第一周卫生通报")
    page.fill("#bulletin-text", TEXT)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#main p.status")).to_have_text("已保存")
    page.get_by_role("button", name="发布给全体教职工").click()
    expect(page.locator('#main [data-status="published"]')).to_be_visible()
    return page.evaluate("location.hash").rsplit("/", 1)[1]


def a_school_day_this_week() -> str:
    """This week's latest weekday up to today on the demo school's clock: a check made on
    its Saturday or Sunday counts in no week's figures (only school days do)."""
    day = dt.date.fromisoformat(today())
    return (day - dt.timedelta(days=max(0, day.weekday() - 4))).isoformat()


def test_the_admin_publishes_and_a_caregiver_reads_it_offline(live, phone):
    teacher = open_app(phone(), live.url)
    sign_in(teacher, "teacher1")
    # A record on a school day of this week, so that the classes are ranked.
    push(live.url, "teacher1", ("check.record", {
        "child_id": children(teacher)[0][0], "date": a_school_day_this_week(),
        "session": "morning", "status": "normal"}))
    go(teacher, "#/bulletins", "bulletins")
    expect(teacher.get_by_test_id("no-bulletin")).to_be_visible()
    admin = open_app(phone(), live.url)
    sign_in(admin, "admin")
    bulletin_id = publish_a_bulletin(admin)

    teacher.evaluate("import('/sync.js').then(s => s.syncSoon())")
    link = teacher.locator(f'a[data-bulletin="{bulletin_id}"]')
    expect(link).to_contain_text("第一周卫生通报")
    teacher.context.set_offline(True)
    link.click()
    expect(teacher.locator("#main .bulletin-text")).to_have_text(TEXT)
    expect(teacher.locator("#main .bulletin-ranking tr[data-class]")).to_have_count(3)


def test_a_caregiver_downloads_her_class_record_as_pdf(live, phone):
    page = open_app(phone(), live.url)
    sign_in(page, "teacher1")
    go(page, "#/printouts", "printouts")
    expect(page.locator("#print-class option")).to_have_count(1)      # her class only
    for form in ("visitors", "gate"):
        expect(page.locator(f'button[data-form="{form}"]')).to_have_count(0)
    with page.expect_download() as got:
        page.locator('button[data-form="health-checks"]').click()
    path = got.value.path()
    assert got.value.suggested_filename.endswith(".pdf")
    assert open(path, "rb").read(5) == b"%PDF-"
    with page.expect_download() as got:
        page.locator('button[data-form="medicine"]').click()
    assert "幼儿服药记录表" in got.value.suggested_filename
    text = "".join(p.extract_text() for p in PdfReader(got.value.path()).pages)
    assert "幼儿服药记录表" in text and "小一班" in text
    # No month: the field says it is needed, no request goes out (it got the server's 422,
    # with its English words, in the Chinese page).
    page.locator("#print-month").fill("")
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/api/printouts/" in r.url else None)
    page.locator('button[data-form="health-checks"]').click()
    assert page.locator("#print-month").evaluate("m => m.validity.valueMissing")
    expect(page.locator(".printouts .status")).not_to_contain_text("month")
    assert asked == []


def test_the_guard_downloads_the_visitor_register_and_gate_log_and_nothing_else(live, phone):
    host = api_login(live.url, "teacher1")["user"]
    push(live.url, "guard", ("visitor.register", {
        "id": str(uuid.uuid4()), "date": today(), "name": "周访客", "id_type": "cn_id",
        "id_number": "11010519491231002X", "purpose": "送教具", "host_id": host["id"]}))
    page = open_app(phone(), live.url)
    sign_in(page, "guard")
    go(page, "#/printouts", "printouts")
    for form in ("visitors", "gate"):
        expect(page.locator(f'button[data-form="{form}"]')).to_be_visible()
    for form in ("health-checks", "disinfection", "hazards"):
        expect(page.locator(f'button[data-form="{form}"]')).to_have_count(0)
    expect(page.locator("#print-class")).to_have_count(0)
    with page.expect_download() as got:
        page.locator('button[data-form="visitors"]').click()
    expect(page.locator("#main p.status")).to_contain_text(".pdf")
    text = "".join(p.extract_text() for p in PdfReader(got.value.path()).pages)
    assert "周访客" in text and "110***********002X" in text
    assert "11010519491231002X" not in text


@pytest.mark.parametrize("language", ["中文", "English"])
def test_no_serious_accessibility_violation_on_the_bulletin_screens(live, phone, language):
    page = open_app(phone(), live.url)
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, "admin")
    bulletin_id = publish_a_bulletin(page)
    go(page, "#/bulletin-admin", "bulletin-admin")
    page.get_by_role("button", name="根据记录起草").click()  # this week's is published: a draft of it is refused
    if language == "English":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    found = {}
    for hash_, screen in [("#/bulletins", "bulletins"), (f"#/bulletin/{bulletin_id}", "bulletin"),
                          ("#/bulletin-admin", "bulletin-admin"),
                          (f"#/bulletin-admin/{bulletin_id}", "bulletin-admin"),
                          ("#/printouts", "printouts")]:
        go(page, hash_, screen)
        page.wait_for_load_state("networkidle")
        found[hash_] = serious_violations(page)
    assert found == {k: [] for k in found}
