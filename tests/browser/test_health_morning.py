"""A whole morning of the three gates on the phone (issue 5): checks by exception offline,
'all others normal' in one go, 零报告 from the records, the outbreak alert for the health
teacher; two phones converging; the UV timer surviving a closed page."""
from collections import Counter

import requests
from playwright.sync_api import expect

from tests.conftest import out_of_order

from .app import (backoff_cap, choose_session, eventually, expect_waiting, idb_all, kept_offline, mark,
                  open_app, sign_in)
from .harness import api_login, pulled, push, server_checks
from .routines_helpers import school_today


def roster(page):
    """The roster at the morning check (the app picks the session by the school's clock:
    a test run in the afternoon chooses it, as a caregiver catching up would)."""
    page.goto(page.url.split("#")[0] + "#/checks")
    expect(page.locator("#main[data-screen=checks] li.child").first).to_be_visible()
    choose_session(page, "morning")


def abnormal_with_fever(page, child_id):
    page.locator(f'li.child[data-child="{child_id}"] a.mark.abnormal').click()
    expect(page.locator("form.hc-check")).to_be_visible()
    for _ in range(11):  # 37.5 → 38.6 with the stepper
        page.get_by_role("button", name="体温加 0.1").click()
    expect(page.locator("#hc-temp")).to_have_value("38.6")
    page.locator("label.hc-chip", has_text="发热").click()
    page.locator("form.hc-check button[type=submit]").click()
    expect(page.locator(f'li.child[data-child="{child_id}"]')).to_have_class("child abnormal")


def class_kids(page, class_id):
    return page.eval_on_selector_all(f'section[data-class="{class_id}"] li.child', "els => els.map(e => e.dataset.child)")


def test_a_morning_offline_then_synced(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    roster(page)
    cls = page.locator("section.hc-class").first.get_attribute("data-class")
    kids = class_kids(page, cls)
    assert len(kids) == 25

    kept_offline(page, "caregiver")
    live.stop()
    page.reload()
    expect(page.locator("li.child")).to_have_count(25)
    choose_session(page, "morning")
    abnormal_with_fever(page, kids[0])
    abnormal_with_fever(page, kids[1])
    page.get_by_test_id("all-normal").click()
    expect(page.get_by_test_id("all-normal")).to_have_count(0)
    expect(page.get_by_test_id("has-cases")).to_be_visible()
    expect(page.get_by_test_id("zero-report")).to_have_count(0)
    expect_waiting(page, 25)
    # a correction keeps its history
    page.locator(f'li.child[data-child="{kids[2]}"] a.name').click()
    expect(page.get_by_test_id("history").locator("li")).to_have_count(1)

    page.close()
    page = open_app(page.context, live.url + "/#/checks")
    choose_session(page, "morning")
    expect(page.locator("li.child.abnormal")).to_have_count(2)
    expect_waiting(page, 25)
    live.start()
    expect_waiting(page, 0, timeout=30_000)

    checks = [c for c in server_checks(live.url) if c["class_id"] == cls and c["session"] == "morning"]
    assert Counter(c["child_id"] for c in checks) == Counter(kids)
    assert Counter(c["status"] for c in checks) == {"normal": 23, "abnormal": 2}

    # another class, fully normal, done through the API: its zero report is there
    token = api_login(live.url)["token"]
    today = requests.get(f"{live.url}/api/health/today", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    ours = next(c for c in today["classes"] if c["id"] == cls)
    assert ours["morning"]["done"] and not ours["morning"]["zero_report"]

    # a third child with fever: the health teacher sees the outbreak alert after a pull
    page.locator(f'li.child[data-child="{kids[2]}"] a.mark.abnormal').click()
    page.locator("label.hc-chip", has_text="发热").click()
    page.locator("form.hc-check button[type=submit]").click()
    # saved (the roster shows it once queued), then sent: only then may the nurse's phone
    # ask the server, whose summary it draws once
    expect(page.locator(f'li.child[data-child="{kids[2]}"]')).to_have_class("child abnormal")
    expect_waiting(page, 0, timeout=30_000)

    nurse = open_app(phone(), live.url)
    sign_in_staff(nurse, "health")
    nurse.goto(live.url + "/#/health")
    expect(nurse.get_by_test_id("alerts").locator("li.alert")).to_have_count(1, timeout=30_000)
    expect(nurse.locator(f'tr[data-class="{cls}"] [data-testid=ov-zero]')).to_have_count(0)
    expect(nurse.get_by_test_id("alerts")).to_contain_text("剩 23 小时")
    nurse.get_by_test_id("alerts").get_by_role("button", name="已上报").click()
    expect(nurse.get_by_test_id("alerts")).to_have_count(0)
    expect_waiting(nurse, 0, timeout=30_000)
    alerts = requests.get(f"{live.url}/api/health/today", headers={"Authorization": f"Bearer {token}"},
                          timeout=10).json()["outbreak_alerts"]
    assert alerts == []


def test_a_correction_offline_shows_the_versions_pulled_and_the_one_not_sent(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    kid = page.locator("li.child").first.get_attribute("data-child")
    mark(page, kid)
    expect_waiting(page, 0, timeout=30_000)
    check = lambda: next((r for r in idb_all(page, "records")
                          if r.get("entity") == "health_check" and r["child_id"] == kid), {})
    assert eventually(lambda: len(check().get("history", [])) == 1, timeout=30)
    screen = f"{live.url}/#/hcheck/{kid}/{check()['session']}"

    kept_offline(page, "caregiver")  # the check's screen, not opened yet, opens with no server
    live.stop()
    page.goto(screen + "?status=abnormal")
    page.locator("label.hc-chip", has_text="发热").click()
    page.locator("form.hc-check button[type=submit]").click()
    expect(page.locator("#main[data-screen=checks] li.child").first).to_be_visible()
    expect_waiting(page, 1)
    page.goto(screen)
    versions = page.get_by_test_id("history").locator("li")
    expect(versions).to_have_count(2)  # the server's version stays on show beside the new one
    expect(versions.nth(1).locator(".chip.warn")).to_have_count(1)

    live.start()
    expect_waiting(page, 0, timeout=30_000)
    assert eventually(lambda: len(check().get("history", [])) == 2, timeout=30)
    page.goto(live.url + "/#/checks")
    expect(page.locator("#main[data-screen=checks] li.child").first).to_be_visible()
    page.goto(screen)
    expect(versions).to_have_count(2)
    expect(versions.locator(".chip.warn")).to_have_count(0)


def sign_in_staff(page, username):
    page.fill("#site", "demo")
    page.fill("#username", username)
    page.fill("#password", "sanguan-demo")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#main[data-screen=today]")).to_be_visible()


def test_the_health_teacher_sees_the_sick_children_by_class_then_by_name(live, phone):
    # Away ill, recorded in an order neither the sick list nor the follow-ups (all opened
    # today) may keep.
    picked = out_of_order(pulled(live.url, "class"), pulled(live.url, "child"))
    date = school_today().isoformat()
    push(live.url, "health", *(("check.record", {"child_id": k["id"], "date": date, "session": "morning",
                                                 "status": "absent", "absence_reason": "ill",
                                                 "symptoms": ["fever", "cough"]}) for k in picked))
    nurse = open_app(phone(), live.url)
    sign_in_staff(nurse, "health")
    nurse.goto(live.url + "/#/health")
    shown = nurse.locator("ul.hc-list > li[data-child]")
    expect(shown).to_have_count(4)
    assert [li.get_attribute("data-child") for li in shown.all()] == [k["id"] for k in reversed(picked)]
    followups = nurse.locator("li[data-followup] > strong")
    expect(followups).to_have_text([k["name"] for k in reversed(picked)])
    expect(shown.first).to_contain_text("发热、咳嗽")
    # In English, a list as English writes one (it was joined with 、 there too).
    nurse.get_by_role("button", name="English").click()
    expect(shown.first).to_contain_text("Fever, Cough")



def test_the_sick_children_are_by_class_even_before_the_phone_holds_the_classes(live, phone):
    # Just after signing in, the server's day came before the pull: the phone had no
    # classes to order by, and the screen, not drawn again for a pull, kept them by name.
    picked = out_of_order(pulled(live.url, "class"), pulled(live.url, "child"))
    date = school_today().isoformat()
    push(live.url, "health", *(("check.record", {"child_id": k["id"], "date": date, "session": "morning",
                                                 "status": "abnormal", "temperature": 38.2})
                               for k in picked))
    nurse = open_app(phone(), live.url)
    nurse.route("**/api/sync/pull**", lambda route: route.abort())
    sign_in_staff(nurse, "health")
    nurse.goto(live.url + "/#/health")
    shown = nurse.locator("ul.hc-list > li[data-child]")
    expect(shown).to_have_count(4)
    assert [li.get_attribute("data-child") for li in shown.all()] == [k["id"] for k in reversed(picked)]
    classes = {c["id"]: c["name"] for c in pulled(live.url, "class")}
    expect(shown.first).to_contain_text(classes[picked[-1]["class_id"]])

def test_a_fully_normal_class_has_its_zero_report(live, phone):
    page = open_app(phone(), live.url)
    backoff_cap(page)
    sign_in(page, "teacher2")
    roster(page)
    page.get_by_test_id("all-normal").click()
    expect(page.get_by_test_id("zero-report")).to_be_visible()
    expect_waiting(page, 0, timeout=30_000)
    token = api_login(live.url)["token"]
    today = requests.get(f"{live.url}/api/health/today", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    zero = [c["name"] for c in today["classes"] if c["morning"]["zero_report"]]
    assert len(zero) == 1
    assert [c["name"] for c in today["classes"]] == ["小一班", "中一班", "大一班"]  # by grade


def test_two_phones_all_normal_offline_converge(live, phone):
    pages = []
    for _ in range(2):
        p = open_app(phone(), live.url)
        backoff_cap(p)
        sign_in(p, "teacher1")
        roster(p)
        kept_offline(p, "caregiver")
        pages.append(p)
    live.stop()
    for p in pages:
        p.reload()
        choose_session(p, "morning")
        p.get_by_test_id("all-normal").click()
        expect(p.get_by_test_id("all-normal")).to_have_count(0)
        expect_waiting(p, 25)
    live.start()
    for p in pages:
        expect_waiting(p, 0, timeout=30_000)
    checks = server_checks(live.url)
    assert len(checks) == 25
    assert len({c["child_id"] for c in checks}) == 25


def test_the_uv_timer_survives_a_closed_page(live, phone):
    ctx = phone()
    page = open_app(ctx, live.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    page.goto(live.url + "/#/disinfect")
    page.locator("li[data-room] a").first.click()
    page.select_option("#dis-item", "air")
    page.select_option("#dis-method", "uv")
    page.fill("#uv-min", "1")
    page.get_by_test_id("uv-start").click()
    expect(page.locator("li[data-timer]")).to_have_count(1)
    # the page closes; the lamp runs on; the phone's clock moves past the end
    timers = page.evaluate("import('/db.js').then(d => d.getSetting('uv_timers'))")
    assert len(timers) == 1
    page.evaluate("""() => import('/db.js').then(async (d) => {
      const list = await d.getSetting('uv_timers');
      const back = (iso, ms) => new Date(new Date(iso).getTime() - ms).toISOString();
      await d.setSetting('uv_timers', list.map((x) => ({ ...x, started_at: back(x.started_at, 120000),
        ends_at: back(x.ends_at, 120000) })));
    })""")
    page.close()
    page = open_app(ctx, live.url + "/#/disinfect")
    # the health area records the ended round once its module has loaded: wait for the
    # round itself (the outbox is empty both before it is queued and after it is sent)
    uv_rounds = lambda: [r for r in idb_all(page, "records") if r.get("entity") == "disinfection"]
    assert eventually(lambda: uv_rounds(), timeout=30)
    expect_waiting(page, 0, timeout=30_000)
    rounds = uv_rounds()
    assert len(rounds) == 1 and rounds[0]["method"] == "uv"
    # the timer is let go just after its round is queued
    assert eventually(lambda: page.evaluate("import('/db.js').then(d => d.getSetting('uv_timers'))") == [])


def test_the_health_teachers_day_is_drawn_again_as_checks_come_in_but_not_under_her_typing(
        live, phone):
    kids = pulled(live.url, "child")
    date = school_today().isoformat()
    ill = {"session": "morning", "date": date, "status": "absent", "absence_reason": "ill"}
    push(live.url, "health", ("check.record", {"child_id": kids[0]["id"], **ill}))
    context = phone()
    nurse = open_app(context, live.url)
    backoff_cap(nurse)
    sign_in_staff(nurse, "health")
    nurse.goto(live.url + "/#/health")
    shown = nurse.locator("ul.hc-list > li[data-child]")
    expect(shown).to_have_count(1)

    # A caregiver's check reaches the server; the health teacher's phone pulls (it does
    # every minute; coming back online, at once): the day shows it, with nothing tapped.
    push(live.url, "teacher1", ("check.record", {"child_id": kids[1]["id"], "session": "morning",
                                                "date": date, "status": "abnormal", "temperature": 38.4}))
    context.set_offline(True)
    context.set_offline(False)
    expect(shown).to_have_count(2)

    # Typing a diagnosis holds the screen: a pull then does not clear it.
    line = nurse.locator("li[data-followup]")
    line.locator("summary").click()
    line.locator("input[id^=fu-]:not([type=date])").fill("流感")
    nurse.locator("h1").click()  # the focus leaves the form; what is typed stays
    push(live.url, "teacher1", ("check.record", {"child_id": kids[2]["id"], "session": "morning",
                                                "date": date, "status": "abnormal", "temperature": 38.9}))
    context.set_offline(True)
    context.set_offline(False)
    assert eventually(lambda: any(r.get("entity") == "health_check" and r["child_id"] == kids[2]["id"]
                                  for r in idb_all(nurse, "records")))  # pulled
    expect(line.locator("input[id^=fu-]:not([type=date])")).to_have_value("流感")
    expect(shown).to_have_count(2)
