"""Routines on real phones: my list for now (the current window first, overdue marked, a
number checked on the spot), two staff of a class ticking offline and converging, a drill
recorded with the server gone and synced later (its problem a hazard), a letter signed."""
import datetime as dt

import requests
from playwright.sync_api import expect

from tests.conftest import by_person

from .app import expect_waiting, idb_all
from .harness import pulled
from .routines_helpers import TZ, auth, item, my_list, open_school_today, phone_at, school_today, server_rows


def test_my_list_puts_the_current_window_first_and_marks_what_is_overdue(live, phone):
    open_school_today(live.url)
    page = phone_at(phone(), live.url, "teacher1", "11:15")
    my_list(page)
    now = page.locator("ul.rlist.now li.ritem")
    expect(now.first).to_be_visible()
    assert "tables_lunch" in now.evaluate_all("els => els.map(e => e.dataset.item)")
    expect(item(page, "air")).to_have_attribute("data-state", "overdue")
    expect(item(page, "safety_talk")).to_have_attribute("data-state", "todo")

    item(page, "tables_lunch").get_by_role("button", name="完成").click()
    expect(item(page, "tables_lunch")).to_have_attribute("data-state", "done")
    water = item(page, "water")
    water.get_by_label("数值（℃）").fill("60")
    water.get_by_role("button", name="保存").click()
    expect(water.get_by_role("alert")).to_have_text("请填写 30–45 之间的数字")
    water.get_by_label("数值（℃）").fill("38")
    water.get_by_role("button", name="保存").click()
    expect(item(page, "water")).to_have_attribute("data-state", "late")  # its window was 07:30–08:00
    expect_waiting(page, 0)
    got = {t["item_key"]: t for t in server_rows(live.url, "routine_tick")}
    assert got["tables_lunch"]["timing"] == "on_time" and got["water"]["value"] == {"v": 38}
    assert got["water"]["timing"] == "late"



def test_a_number_being_typed_keeps_its_caret_when_a_pull_redraws_the_list(live, phone):
    """A pull lands while a number is typed: the list redraws with the typing kept, the
    caret where it was (so what is typed next replaces the selection or goes at the end:
    a number field hides its caret from script, and in one the next digits went in
    front) and the reason a value was refused still said."""
    open_school_today(live.url)
    page = phone_at(phone(), live.url, "teacher1", "11:15")
    my_list(page)
    field = item(page, "water").get_by_label("数值（℃）")
    field.fill("60")

    def redraw_with(select: str) -> None:
        page.evaluate("""async (select) => {
          const { changed } = await import('/bus.js');
          const input = document.activeElement;
          if (select === 'all') input.select(); else input.setSelectionRange(input.value.length, input.value.length);
          const drawn = new Promise((resolve) => new MutationObserver((_, obs) => { obs.disconnect(); resolve(); })
            .observe(document.querySelector('#main'), { childList: true }));
          changed('pull', { local: true });
          await drawn;
        }""", select)

    field.press("Enter")  # out of range: refused on the spot, and still said after a redraw
    alert = item(page, "water").get_by_role("alert")
    expect(alert).to_have_text("请填写 30–45 之间的数字")
    redraw_with("end")
    expect(alert).to_have_text("请填写 30–45 之间的数字")
    expect(field).to_have_attribute("aria-invalid", "true")
    redraw_with("all")
    page.keyboard.insert_text("3")
    expect(field).to_have_value("3")
    redraw_with("end")
    page.keyboard.insert_text("８")  # a full-width digit from a Chinese keyboard
    expect(field).to_have_value("3８")
    field.press("Enter")
    expect(item(page, "water")).to_have_attribute("data-state", "late")
    expect_waiting(page, 0)
    got = {t["item_key"]: t for t in server_rows(live.url, "routine_tick")}
    assert got["water"]["value"] == {"v": 38}

def test_two_phones_of_one_class_tick_offline_and_converge(live, phone):
    open_school_today(live.url)
    cls = requests.get(f"{live.url}/api/admin/classes", headers=auth(live.url), timeout=10).json()["classes"]
    first_class = next(c["id"] for c in cls if c["name"] == "小一班")
    requests.post(f"{live.url}/api/admin/staff", headers=auth(live.url), timeout=10, json={
        "username": "teacher1b", "name": "孙老师", "role": "caregiver", "password": "sanguan-demo",
        "class_ids": [first_class]}).raise_for_status()
    a = phone_at(phone(), live.url, "teacher1", "11:20")
    b = phone_at(phone(), live.url, "teacher1b", "11:25")
    for p in (a, b):
        my_list(p)
    a.context.set_offline(True)
    b.context.set_offline(True)
    item(a, "tables_lunch").get_by_role("button", name="完成").click()
    item(b, "air").get_by_role("button", name="完成").click()
    item(b, "tables_lunch").get_by_role("button", name="完成").click()  # the same item, twice
    expect_waiting(a, 1)
    expect_waiting(b, 2)
    a.context.set_offline(False)
    b.context.set_offline(False)
    for p in (a, b):
        p.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect_waiting(a, 0, timeout=30_000)
    expect_waiting(b, 0, timeout=30_000)
    rows = server_rows(live.url, "routine_tick")
    assert sorted(r["item_key"] for r in rows) == ["air", "tables_lunch"]  # one record each
    for p in (a, b):  # each sees the other's tick after a pull
        p.reload()
        my_list(p)
        expect(item(p, "air")).to_have_attribute("data-state", "late", timeout=15_000)  # 07:00–07:40
        expect(item(p, "tables_lunch")).to_have_attribute("data-state", "done")
    assert len([r for r in idb_all(a, "records") if r.get("entity") == "routine_tick"]) == 2


def test_a_drill_recorded_with_the_server_gone_arrives_with_its_hazard(live, phone):
    """On a phone left on New York time: the drill's 10:00 is the school's 10:00."""
    page = phone_at(phone(timezone_id="America/New_York"), live.url, "health", "10:20")
    page.evaluate("() => { location.hash = '#/drills'; }")
    planned = page.locator("ul.dlist li[data-state=planned]").first
    expect(planned).to_be_visible()
    drill_id = planned.get_attribute("data-drill")
    expect(page.locator("li.dkind[data-kind=earthquake]")).to_have_attribute("data-state", "todo")

    live.stop()
    planned.get_by_role("link", name="记录演练").click()
    expect(page.get_by_test_id("prefilled")).to_contain_text("幼儿 75 人")
    page.locator("#drill-start").fill("10:00")
    page.locator("#drill-end").fill("10:07")
    page.get_by_label("疏散用时（秒）").fill("165")
    page.get_by_label("发现的问题（每行一条）").fill("东侧楼梯口堆放杂物")
    page.get_by_role("button", name="保存演练记录").click()
    expect(page.locator("li.dkind[data-kind=fire]")).to_have_attribute("data-state", "done")
    expect_waiting(page, 2)

    live.start()
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect_waiting(page, 0, timeout=30_000)
    [drill] = [d for d in server_rows(live.url, "drill") if d["id"] == drill_id]
    assert (drill["status"], drill["evacuate_seconds"], drill["children"]) == ("done", 165, 75)
    [problem] = drill["problems"]
    [hazard] = [h for h in server_rows(live.url, "hazard") if h["id"] == problem["hazard_id"]]
    assert hazard["source"] == f"drill:{drill_id}" and hazard["what"] == "东侧楼梯口堆放杂物"
    started = dt.datetime.fromisoformat(drill["started_at"])
    took = dt.datetime.fromisoformat(drill["ended_at"]) - started
    assert took == dt.timedelta(minutes=7) and drill["recorded_by"]
    assert started == dt.datetime.combine(dt.date.fromisoformat(drill["date"]), dt.time(10), TZ)


def draw(page, strokes):
    box = page.get_by_test_id("signature-pad").bounding_box()
    for stroke in strokes:
        (x, y), *rest = stroke
        page.mouse.move(box["x"] + x, box["y"] + y)
        page.mouse.down()
        for x, y in rest:
            page.mouse.move(box["x"] + x, box["y"] + y, steps=3)
        page.mouse.up()


def test_a_letter_is_signed_with_a_drawn_signature_once_and_the_admin_sees_who_has_not(live, phone):
    page = phone_at(phone(), live.url, "teacher1", "09:00")
    page.evaluate("() => { location.hash = '#/letters'; }")
    mine = page.locator("ul.llist li.letter.unsigned").first
    letter_id = mine.get_attribute("data-letter")
    mine.get_by_role("link").click()
    page.get_by_role("button", name="确认签订").click()
    expect(page.locator("#sign-error")).to_have_text("请先签名")
    draw(page, [[(20, 40), (60, 80), (100, 50)], [(120, 90), (200, 60)]])
    page.get_by_role("button", name="确认签订").click()
    expect(page.get_by_test_id("signed-at")).to_be_visible()
    expect(page.locator("svg.sigimg path")).to_have_count(1)
    expect_waiting(page, 0)
    [sig] = [s for s in server_rows(live.url, "letter_signature") if s["letter_id"] == letter_id]
    assert sig["strokes"].startswith("M") and "L" in sig["strokes"]

    admin = phone_at(phone(), live.url, "admin", "09:05")
    admin.evaluate("() => { location.hash = '#/letters'; }")
    row = admin.locator(f"ul.llist.all li[data-letter='{letter_id}']")
    expect(row).to_contain_text("已签 1/3")
    # Who has not signed, by name (刘 Liú after 陈 Chén), not in the letter's order of ids.
    expect(row.locator(".lmissing")).to_have_text("未签：陈老师、刘老师")


def test_the_admin_sees_who_has_not_signed_by_name(live, phone):
    staff = [u for u in pulled(live.url, "user") if u.get("active", True) is not False]
    r = requests.post(f"{live.url}/api/routines/letters", headers=auth(live.url), timeout=10,
                      json={"post": "全园", "title": "全园安全责任书", "body": "做好本岗位的安全工作。",
                            "user_ids": [u["id"] for u in staff]})
    assert r.status_code < 300, r.text
    admin = phone_at(phone(), live.url, "admin", "09:05")
    admin.evaluate("() => { location.hash = '#/letters'; }")
    row = admin.locator(f"ul.llist.all li[data-letter='{r.json()['id']}']")
    # By name, surnames read as surnames; the letter keeps its people in the order of ids.
    names = [u["name"] for u in by_person(staff)]
    expect(row.locator(".lmissing")).to_have_text(f"未签：{'、'.join(names)}")


def test_the_admin_writes_a_checklist_that_reaches_the_guards_phone_and_sees_todays_misses(live, phone):
    # A new checklist counts from the day it is written, the server's today: the phones
    # live in it, though before 08:40 there they are ahead (nothing here needs the
    # server to take what they send).
    today = school_today()
    open_school_today(live.url, today)
    admin = phone_at(phone(), live.url, "admin", "08:00", today)
    admin.evaluate("() => { location.hash = '#/admin'; }")
    panel = admin.get_by_test_id("routine-missed")
    expect(panel).to_be_visible()
    missed = requests.get(f"{live.url}/api/routines/missed", headers=auth(live.url), timeout=10).json()["missed"]
    expect(panel.locator("li")).to_have_count(len(missed))

    admin.evaluate("() => { location.hash = '#/routine-templates/new'; }")
    form = admin.locator("#template-form")
    form.locator("#t-name").fill("门卫交接班")
    form.locator("#t-assign").select_option("role")
    form.locator("#t-role").select_option("guard")
    first = form.locator("fieldset.titem").first
    first.get_by_label("内容").fill("交接班检查监控")
    first.get_by_label("开始").fill("08:30")
    first.get_by_label("结束").fill("08:00")
    form.get_by_role("button", name="保存清单").click()
    expect(admin.locator("#template-error")).to_contain_text("end")  # the window ends before it starts
    first.get_by_label("结束").fill("09:00")
    form.get_by_role("button", name="保存清单").click()
    expect(admin.locator(".tlist")).to_contain_text("门卫交接班")

    guard = phone_at(phone(), live.url, "guard", "08:40", today)
    guard.evaluate("() => { location.hash = '#/routines'; }")
    row = guard.locator("ul.rlist.now li.ritem", has_text="交接班检查监控")
    expect(row).to_be_visible(timeout=15_000)
    # Offline: before 08:40 at the school this phone is far ahead of the server, which
    # refuses its tick (clock skew), and a refused tick is shown as not done.
    guard.context.set_offline(True)
    row.get_by_role("button", name="完成").click()
    expect(row).to_have_count(0)  # moved to done
    expect(guard.locator("ul.rlist.done li.ritem", has_text="交接班检查监控")).to_have_attribute("data-state", "done")


def test_a_tick_for_a_checklist_retired_meanwhile_is_refused_with_the_reason_on_the_phone(live, phone):
    open_school_today(live.url)
    page = phone_at(phone(), live.url, "teacher1", "11:15")
    my_list(page)
    page.context.set_offline(True)
    item(page, "tables_lunch").get_by_role("button", name="完成").click()
    expect_waiting(page, 1)
    h = auth(live.url)
    [flow] = [t for t in requests.get(f"{live.url}/api/routines/templates", headers=h, timeout=10).json()["templates"]
              if t["name"] == "保育员一日工作流程"]
    requests.post(f"{live.url}/api/routines/templates/{flow['id']}/retire", headers=h, timeout=10).raise_for_status()
    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.get_by_test_id("routine-refused")).to_contain_text("这份清单已停用", timeout=30_000)
    assert server_rows(live.url, "routine_tick") == []


def test_the_admin_issues_a_letter_in_the_app_and_the_guard_finds_it_to_sign(live, phone):
    admin = phone_at(phone(), live.url, "admin", "09:00")
    admin.evaluate("() => { location.hash = '#/letters'; }")
    form = admin.locator("#letter-issue")
    form.get_by_label("岗位").fill("夜间值守")
    form.get_by_label("签订人（角色）").select_option("guard")
    # Offline the form says why it cannot issue, and nothing is made.
    admin.context.set_offline(True)
    form.get_by_role("button", name="下发责任书").click()
    expect(admin.locator("#issue-error")).not_to_be_empty()
    admin.context.set_offline(False)
    form.get_by_role("button", name="下发责任书").click()
    row = admin.locator("ul.llist.all li", has_text="夜间值守")
    expect(row).to_contain_text("已签 0/1")
    expect(row.locator(".lmissing")).to_be_visible()
    [letter] = [x for x in requests.get(f"{live.url}/api/routines/letters", headers=auth(live.url),
                                        timeout=10).json()["letters"] if x["post"] == "夜间值守"]
    assert len(letter["user_ids"]) == 1

    guard = phone_at(phone(), live.url, "guard", "09:10")
    guard.evaluate("() => { location.hash = '#/letters'; }")
    mine = guard.locator(f"ul.llist li.letter.unsigned[data-letter='{letter['id']}']")
    expect(mine).to_contain_text(letter["title"])
    mine.get_by_role("link").click()
    expect(guard.locator("#main")).to_contain_text(letter["body"].splitlines()[0])


def test_a_letter_is_for_a_term_chosen_by_its_name_and_a_post_of_spaces_is_refused(live, phone):
    admin = phone_at(phone(), live.url, "admin", "09:00")
    admin.evaluate("() => { location.hash = '#/letters'; }")
    form = admin.locator("#letter-issue")
    term = form.get_by_label("学期")
    y, m = school_today().year, school_today().month  # the phones live in the test day's term
    this = (f"{y}年春季学期" if 3 <= m <= 8 else f"{y if m >= 9 else y - 1}年秋季学期")
    expect(term.locator("option")).to_have_count(2)
    expect(term.locator("option").first).to_have_text(f"本学期（{this}）")
    form.get_by_label("岗位").fill("   ")
    form.get_by_label("签订人（角色）").select_option("guard")
    form.get_by_role("button", name="下发责任书").click()
    expect(admin.locator("#issue-error")).to_have_text("请填写岗位")
    form.get_by_label("岗位").fill("门岗")
    term.select_option(index=1)  # next term
    form.get_by_role("button", name="下发责任书").click()
    row = admin.locator("ul.llist.all li", has_text="门岗")
    expect(row).to_contain_text("学期 · 已签 0/1")
    assert "-" not in row.locator("small").inner_text()  # never the raw "2026-autumn"
    admin.evaluate("() => { location.hash = '#/drills'; }")
    expect(admin.locator(".drills h2").first).to_have_text(f"本学期：{this}")


def test_in_english_the_tick_is_an_action_and_done_is_what_it_became(live, phone):
    open_school_today(live.url)
    page = phone_at(phone(), live.url, "teacher1", "11:15")
    page.get_by_role("button", name="English").click()
    my_list(page)
    button = item(page, "tables_lunch").get_by_role("button", name="Mark done")
    button.click()
    expect(item(page, "tables_lunch").locator(".rdone strong")).to_have_text("Done")


def test_the_checklists_list_says_who_does_each_without_a_stray_dot(live, phone):
    admin = phone_at(phone(), live.url, "admin", "09:00")
    admin.evaluate("() => { location.hash = '#/routine-templates'; }")
    subtitles = admin.locator(".tlist li small")
    expect(subtitles.first).to_be_visible()
    assert all(not s.strip().startswith("·") for s in subtitles.all_inner_texts())
