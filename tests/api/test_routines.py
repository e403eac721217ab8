"""Routine checklists through the sync engine: ticks in and out of their window, shared
class items converging, what is refused (and that nothing stored is harmed), the missed
view with holidays and days off, the role matrix; drills and signed letters."""
import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest

TZ = ZoneInfo("Asia/Shanghai")


def api(phone, method, path, **kw):
    return getattr(phone.client, method)(f"/api{path}", headers=phone.headers, **kw)


def pulled(phone, entity):
    return [c["data"] for c in phone.pull_all()[0] if c["entity"] == entity and c["op"] == "put"]


def template(phone, name):
    return next(t for t in pulled(phone, "routine_template") if t["name"] == name)


def item(t, key):
    return next(i for i in t["items"] if i["key"] == key)


def last_school_day() -> dt.date:
    """The latest weekday before today (the demo's checklists are a week old)."""
    day = dt.datetime.now(TZ).date() - dt.timedelta(days=1)
    while day.weekday() > 4:
        day -= dt.timedelta(days=1)
    return day


def at(day: dt.date, hhmm: str) -> str:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), TZ).isoformat(timespec="milliseconds")


def tick(phone, t, key, day, owner, value=None, when="11:20", **kw):
    args = {"template_id": t["id"], "item_key": key, "date": day.isoformat(), "owner_id": owner}
    if value is not None:
        args["value"] = value
    return phone.mutation("routine.tick", {**args, **kw}, device_time=at(day, when))


@pytest.fixture
def day_flow(login_as):
    return template(login_as("teacher1"), "保育员一日工作流程")


def class_of(phone):
    return phone.user["class_ids"][0]


def test_a_tick_in_its_window_is_on_time_and_one_after_it_is_kept_and_marked_late(login_as, day_flow):
    teacher = login_as("teacher1")
    day = last_school_day()
    assert [r["status"] for r in teacher.results([
        tick(teacher, day_flow, "tables_lunch", day, class_of(teacher), when="11:20"),
        tick(teacher, day_flow, "meal", day, class_of(teacher), when="13:05")])] == ["applied"] * 2
    got = {t["item_key"]: t for t in pulled(teacher, "routine_tick")}
    assert got["tables_lunch"]["timing"] == "on_time" and got["meal"]["timing"] == "late"
    assert dt.datetime.fromisoformat(got["meal"]["device_time"]) == dt.datetime.fromisoformat(at(day, "13:05"))
    assert got["meal"]["label"] == "餐后清洁桌面、地面" and got["meal"]["recorded_by"] == teacher.user["id"]


def test_two_staff_of_a_class_share_its_items_and_converge_on_one_record(login_as, day_flow):
    admin, first = login_as("admin"), login_as("teacher1")
    r = api(admin, "post", "/admin/staff", json={"username": "teacher1b", "name": "孙老师",
                                                 "role": "caregiver", "password": "sanguan-demo",
                                                 "class_ids": [class_of(first)]})
    assert r.status_code == 201
    second = login_as("teacher1b")
    day = last_school_day()
    a = tick(first, day_flow, "nap_note", day, class_of(first), "睡得好", when="14:25")
    b = tick(second, day_flow, "nap_note", day, class_of(first), "一人未睡", when="14:30")
    b["hlc"] = second.hlc(first.ms + 5)  # the later edit
    assert second.results([b])[0]["status"] == "applied"
    assert first.results([a])[0]["status"] == "applied"  # arrives last, made first
    for phone in (first, second):
        [row] = [t for t in pulled(phone, "routine_tick") if t["item_key"] == "nap_note"]
        assert row["value"] == {"v": "一人未睡"} and row["recorded_by"] == second.user["id"]


@pytest.mark.parametrize("key, value, code", [
    ("water", 60, "out_of_range"), ("water", "warm", "out_of_range"),
    ("toilet", "火烤", "out_of_range"), ("nap_note", "", "out_of_range"),
    ("no_such_item", None, "not_found"),
])
def test_a_value_that_does_not_fit_is_refused_and_the_earlier_tick_stays(login_as, day_flow, key, value, code):
    teacher = login_as("teacher1")
    day = last_school_day()
    good = {"water": 38, "toilet": "蒸汽", "nap_note": "好", "no_such_item": None}[key]
    if key != "no_such_item":
        assert teacher.results([tick(teacher, day_flow, key, day, class_of(teacher), good)])[0]["status"] == "applied"
    [res] = teacher.results([tick(teacher, day_flow, key, day, class_of(teacher), value)])
    assert (res["status"], res["code"]) == ("rejected", code)
    kept = [t["value"] for t in pulled(teacher, "routine_tick") if t["item_key"] == key]
    assert kept == ([] if key == "no_such_item" else [{"v": good}])


def test_a_tick_for_a_retired_checklist_is_refused_and_what_was_ticked_stays(login_as, day_flow):
    admin, teacher = login_as("admin"), login_as("teacher1")
    day = last_school_day()
    teacher.results([tick(teacher, day_flow, "air", day, class_of(teacher), when="07:10")])
    assert api(admin, "post", f"/routines/templates/{day_flow['id']}/retire").status_code == 200
    [res] = teacher.results([tick(teacher, day_flow, "wipe", day, class_of(teacher), when="07:20")])
    assert (res["status"], res["code"]) == ("rejected", "retired")
    assert [t["item_key"] for t in pulled(teacher, "routine_tick")] == ["air"]
    assert template(teacher, "保育员一日工作流程")["active"] is False


def test_changing_a_checklist_never_rewrites_what_was_ticked(login_as, day_flow):
    admin, teacher = login_as("admin"), login_as("teacher1")
    day = last_school_day()
    teacher.results([tick(teacher, day_flow, "air", day, class_of(teacher), when="07:10")])
    items = [{**i, "label": "通风30分钟", "start": "06:50"} if i["key"] == "air" else i
             for i in day_flow["items"]]
    r = api(admin, "put", f"/routines/templates/{day_flow['id']}",
            json={"name": day_flow["name"], "assign": "class", "items": items})
    assert r.status_code == 200 and item(r.get_json(), "air")["label"] == "通风30分钟"
    [row] = pulled(teacher, "routine_tick")
    assert (row["label"], row["window_start"]) == ("开窗通风（幼儿入园前）", "07:00:00")


@pytest.mark.parametrize("body, field", [
    ({"name": "x", "assign": "class", "items": [{"label": "a", "start": "11:30", "end": "11:10"}]}, "items[0].end"),
    ({"name": "x", "assign": "class", "items": [{"label": "a", "freq": "weekly"}]}, "items[0].weekday"),
    ({"name": "x", "assign": "class", "items": [{"label": "a", "needs": "choice"}]}, "items[0].choices"),
    ({"name": "x", "assign": "role", "items": [{"label": "a"}]}, "role"),
    ({"name": "x", "assign": "class", "items": []}, "items"),
    ({"name": "x", "assign": "user", "user_id": str(uuid.uuid4()), "items": [{"label": "a"}]}, "user_id"),
])
def test_a_bad_checklist_is_refused_with_the_field(login_as, body, field):
    admin = login_as("admin")
    before = api(admin, "get", "/routines/templates").get_json()["templates"]
    r = api(admin, "post", "/routines/templates", json=body)
    assert r.status_code == 422 and field in r.get_json()["error"]["fields"]
    assert api(admin, "get", "/routines/templates").get_json()["templates"] == before


# -- who may do what ---------------------------------------------------------------------------

def test_the_role_matrix_of_ticks(login_as, day_flow):
    t1, t2, guard, admin = (login_as(u) for u in ("teacher1", "teacher2", "guard", "admin"))
    guard_day = template(guard, "门卫一日工作")
    day = last_school_day()
    cls = class_of(t1)
    expect = [
        (t2, tick(t2, day_flow, "air", day, cls), "forbidden"),             # another class
        (guard, tick(guard, day_flow, "air", day, cls), "forbidden"),       # not the class's
        (t1, tick(t1, guard_day, "open", day, guard.user["id"]), "forbidden"),  # the guard's own
        (t1, tick(t1, guard_day, "open", day, t1.user["id"]), "not_found"),     # not a guard
        (guard, tick(guard, guard_day, "open", day, guard.user["id"]), "applied"),
        (admin, tick(admin, day_flow, "wipe", day, cls), "applied"),        # the admin may
        (t1, tick(t1, day_flow, "air", day, cls), "applied"),
    ]
    got = [p.results([m])[0] for p, m, _ in expect]
    assert [r.get("code") or r["status"] for r in got] == [e for *_, e in expect]


def test_another_schools_checklist_does_not_exist_here(login_as):
    theirs = template(login_as("teacher1", site="other"), "保育员一日工作流程")
    mine = login_as("teacher1")
    [res] = mine.results([tick(mine, theirs, "air", last_school_day(), class_of(mine))])
    assert res["code"] == "not_found"
    assert api(login_as("admin", site="other"), "post",
               f"/routines/templates/{template(mine, '保育员一日工作流程')['id']}/retire").status_code == 404


def test_only_the_admin_writes_checklists_and_issues_letters(login_as):
    for who in ("teacher1", "health", "guard"):
        p = login_as(who)
        assert api(p, "post", "/routines/templates/defaults/guard").status_code == 403
        assert api(p, "post", "/routines/letters", json={"post": "x", "role": "guard"}).status_code == 403
    assert api(login_as("teacher1"), "get", "/routines/missed").status_code == 403


# -- the missed view ----------------------------------------------------------------------------

def missed_rows(admin, day):
    r = api(admin, "get", f"/routines/missed?date={day.isoformat()}")
    assert r.status_code == 200
    return r.get_json()["missed"]


def test_what_was_not_done_in_its_window_is_missed_until_ticked(login_as, day_flow):
    admin, teacher = login_as("admin"), login_as("teacher1")
    day = last_school_day()
    mine = [m for m in missed_rows(admin, day) if m["owner_id"] == class_of(teacher)]
    assert "tables_lunch" in {m["item_key"] for m in mine}
    assert all(m["people"] == ["张老师"] for m in mine)
    teacher.results([tick(teacher, day_flow, "tables_lunch", day, class_of(teacher), when="15:00")])
    after = {(m["owner_id"], m["item_key"]) for m in missed_rows(admin, day)}
    assert (class_of(teacher), "tables_lunch") not in after  # done late is done, not missed
    assert len(after) == len(missed_rows(admin, day))


def test_a_holiday_is_not_a_miss(login_as):
    admin = login_as("admin")
    day = last_school_day()
    assert missed_rows(admin, day)
    assert api(admin, "put", f"/admin/calendar/{day.isoformat()}", json={"kind": "holiday"}).status_code == 200
    assert missed_rows(admin, day) == []


def test_a_day_off_is_not_a_miss_of_the_person_away(login_as):
    admin, teacher, guard = login_as("admin"), login_as("teacher1"), login_as("guard")
    day = last_school_day()
    for who in (teacher, guard):
        api(admin, "post", "/admin/staff-absences", json={
            "user_id": who.user["id"], "date_from": day.isoformat(), "date_to": day.isoformat()})
    owners = {m["owner_id"] for m in missed_rows(admin, day)}
    assert class_of(teacher) not in owners and guard.user["id"] not in owners
    assert class_of(login_as("teacher2")) in owners
    history = api(admin, "get", f"/routines/history?user_id={teacher.user['id']}&from={day}&to={day}")
    assert {r["state"] for r in history.get_json()["rows"]} == {"excused"}


def test_a_persons_history_shows_done_late_and_missed(login_as, day_flow):
    teacher = login_as("teacher1")
    day = last_school_day()
    teacher.results([tick(teacher, day_flow, "tables_lunch", day, class_of(teacher), when="11:15"),
                     tick(teacher, day_flow, "meal", day, class_of(teacher), when="18:00")])
    r = api(teacher, "get", f"/routines/history?from={day}&to={day}")
    states = {row["item_key"]: row["state"] for row in r.get_json()["rows"]}
    assert (states["tables_lunch"], states["meal"], states["air"]) == ("on_time", "late", "missed")
    assert api(teacher, "get", f"/routines/history?user_id={login_as('teacher2').user['id']}").status_code == 403


def test_a_checklist_written_today_has_no_misses_before_today(app, login_as):
    admin = login_as("admin")
    r = api(admin, "post", "/routines/templates", json={
        "name": "厨房交接", "assign": "role", "role": "health",
        "items": [{"label": "燃气关闭", "start": "07:00", "end": "07:10"}]})
    assert r.status_code == 201 and r.get_json()["since"] == dt.datetime.now(TZ).date().isoformat()
    assert "厨房交接" not in {m["template"] for m in missed_rows(admin, last_school_day())}


# -- drills ---------------------------------------------------------------------------------------

def test_a_drill_is_planned_then_recorded_and_its_problems_become_hazards(login_as):
    admin, health, teacher = login_as("admin"), login_as("health"), login_as("teacher1")
    did, hid = str(uuid.uuid4()), str(uuid.uuid4())
    day = dt.datetime.now(TZ).date()
    assert teacher.results([teacher.mutation("drill.plan", {"id": did, "kind": "earthquake",
                                                            "date": day.isoformat()})])[0]["code"] == "forbidden"
    assert admin.results([admin.mutation("drill.plan", {"id": did, "kind": "earthquake",
                                                        "date": day.isoformat(), "scenario": "4级地震"})])[0]["status"] == "applied"
    record = {"id": did, "kind": "earthquake", "date": day.isoformat(),
              "started_at": at(day, "10:00"), "ended_at": at(day, "10:06"),
              "evacuate_seconds": 150, "children": 72, "staff": 9,
              "problems": [{"text": "东侧楼梯口堆放杂物", "hazard_id": hid}]}
    res = health.results([health.mutation("drill.record", record),
                          health.mutation("hazard.report", {"id": hid, "what": "东侧楼梯口堆放杂物",
                                                            "source": f"drill:{did}"})])
    assert [r["status"] for r in res] == ["applied", "applied"]
    [drill] = [d for d in pulled(teacher, "drill") if d["id"] == did]
    assert (drill["status"], drill["scenario"], drill["evacuate_seconds"]) == ("done", "4级地震", 150)
    assert drill["problems"] == [{"text": "东侧楼梯口堆放杂物", "hazard_id": hid}]
    assert [h["source"] for h in pulled(admin, "hazard") if h["id"] == hid] == [f"drill:{did}"]
    again = health.results([health.mutation("drill.record", {**record, "evacuate_seconds": 99})])[0]
    assert again["code"] == "conflict"
    assert [d["evacuate_seconds"] for d in pulled(admin, "drill") if d["id"] == did] == [150]
    assert teacher.results([teacher.mutation("drill.record", record)])[0]["code"] == "forbidden"


def test_a_drill_ending_before_it_starts_is_refused(login_as):
    health = login_as("health")
    day = dt.datetime.now(TZ).date()
    [res] = health.results([health.mutation("drill.record", {
        "id": str(uuid.uuid4()), "kind": "fire", "date": day.isoformat(), "started_at": at(day, "10:06"),
        "ended_at": at(day, "10:00"), "evacuate_seconds": 100, "children": 1, "staff": 1})])
    assert res["code"] == "validation_failed" and "ended_at" in res["message"]


# -- safety responsibility letters ---------------------------------------------------------------

SIGNATURE = "M10 10L20 25L40 12M50 30L60 31"


def test_a_letter_is_signed_once_and_the_admin_sees_who_has_not(login_as):
    admin, t1, guard = login_as("admin"), login_as("teacher1"), login_as("guard")
    letter = next(x for x in pulled(t1, "safety_letter") if t1.user["id"] in x["user_ids"])
    sign = lambda p, s=SIGNATURE: p.mutation("letter.sign", {"letter_id": letter["id"], "strokes": s})  # noqa: E731
    assert t1.results([sign(t1)])[0]["status"] == "applied"
    again = t1.results([sign(t1, "M1 1L2 2")])[0]
    assert (again["status"], again["code"]) == ("rejected", "already_signed")
    assert guard.results([sign(guard)])[0]["code"] == "forbidden"  # not the guard's letter
    [sig] = pulled(admin, "letter_signature")
    assert (sig["strokes"], sig["user_id"]) == (SIGNATURE, t1.user["id"])
    [row] = [x for x in api(admin, "get", "/routines/letters").get_json()["letters"] if x["id"] == letter["id"]]
    assert [s["name"] for s in row["signed"]] == ["张老师"]
    assert {u["name"] for u in row["unsigned"]} == {"刘老师", "陈老师"}


@pytest.mark.parametrize("strokes", ["", "<svg onload=x>", "M" * 30001])
def test_a_signature_that_is_not_path_data_is_refused(login_as, strokes):
    t1 = login_as("teacher1")
    letter = next(x for x in pulled(t1, "safety_letter") if t1.user["id"] in x["user_ids"])
    [res] = t1.results([t1.mutation("letter.sign", {"letter_id": letter["id"], "strokes": strokes})])
    assert res["code"] == "validation_failed" and pulled(t1, "letter_signature") == []


def test_the_admin_issues_a_letter_to_a_role_for_the_term(login_as):
    admin, guard = login_as("admin"), login_as("guard")
    r = api(admin, "post", "/routines/letters", json={"post": "门卫", "role": "guard", "term": "2026-autumn"})
    assert r.status_code == 201 and r.get_json()["user_ids"] == [guard.user["id"]]
    assert r.get_json()["title"] == "门卫安全责任书"
    assert api(admin, "post", "/routines/letters", json={"post": "x"}).status_code == 422


def test_a_letter_for_a_post_of_only_spaces_is_refused(login_as):
    admin = login_as("admin")
    r = api(admin, "post", "/routines/letters", json={"post": "   ", "role": "guard"})
    assert r.status_code == 422 and "post" in r.get_json()["error"]["fields"]
    assert not any(x["post"].strip() == "" for x in api(admin, "get", "/routines/letters").get_json()["letters"])


def test_the_dashboard_counts_the_missed_items_and_opens_the_same_list(login_as):
    admin = login_as("admin")
    day = last_school_day()
    expected = missed_rows(admin, day)
    today = api(admin, "get", f"/reports/today?date={day}").get_json()
    piece = today["pieces"]["routines"]
    assert piece["n"] == len(expected) > 0
    listed = api(admin, "get", f"/reports/{piece['records'].replace('routines_missed?', 'records/routines_missed?')}")
    rows = listed.get_json()["records"]
    assert sorted((r["owner_id"], r["item_key"]) for r in rows) == sorted(
        (m["owner_id"], m["item_key"]) for m in expected)
    assert api(login_as("teacher1"), "get", f"/reports/records/routines_missed?date={day}").status_code == 403


def test_a_weekly_item_is_due_on_its_weekday_and_nothing_on_a_weekend(login_as):
    teacher = login_as("teacher1")
    end = dt.datetime.now(TZ).date() - dt.timedelta(days=1)
    start = end - dt.timedelta(days=6)
    rows = api(teacher, "get", f"/routines/history?from={start}&to={end}").get_json()["rows"]
    fridays = {(start + dt.timedelta(days=i)).isoformat() for i in range(7)
               if (start + dt.timedelta(days=i)).weekday() == 4}
    assert {r["date"] for r in rows if r["item_key"] == "bedding"} == fridays  # weekly, Friday
    assert {dt.date.fromisoformat(r["date"]).weekday() for r in rows} == {0, 1, 2, 3, 4}
    assert len({r["date"] for r in rows if r["item_key"] == "air"}) == 5  # daily
