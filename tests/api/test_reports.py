"""Today's dashboard: every number opens exactly the records it counts; each role sees
only what it may; every list is also CSV and .xlsx holding the rows the screen shows."""
import csv
import datetime as dt
import io
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from server.school import name_key
from tests.conftest import calendar_day, check_args, children_of, out_of_order, today


def get(phone, path):
    r = phone.client.get(path, headers=phone.headers)
    assert r.status_code == 200, (path, r.get_json())
    return r


def status(phone, name, args):
    [r] = phone.results([phone.mutation(name, args)])
    return r["status"]


@pytest.fixture
def day(login_as, open_today):
    """A morning: 小一班 checked but one child (one ill, one abnormal), a room aired too
    briefly, a hazard overdue, a visitor inside, a zone checked at opening."""
    teacher, admin, guard = login_as("teacher1"), login_as("admin"), login_as("guard")
    kids = [c["id"] for c in children_of(teacher)]
    checks = [check_args(k) for k in kids[3:-1]] + [
        check_args(kids[0], "abnormal", temperature=38.4, symptoms=["fever"], action="observe"),
        check_args(kids[1], "absent", absence_reason="ill", symptoms=["cough"]),
        check_args(kids[2], "absent", absence_reason="personal")]
    assert {r["status"] for r in teacher.results([teacher.mutation("check.record", a) for a in checks])} == {"applied"}
    room = next(c["data"] for c in teacher.pull_all()[0] if c["entity"] == "room")
    assert status(teacher, "disinfection.record", {
        "room_id": room["id"], "date": today(), "item": "air", "round": 1, "method": "airing",
        "started_at": f"{today()}T08:00:00+08:00", "ended_at": f"{today()}T08:05:00+08:00"}) == "applied"
    hid = str(uuid.uuid4())
    assert status(teacher, "hazard.report", {"id": hid, "what": "插座松动", "severity": "high"}) == "applied"
    then = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) - dt.timedelta(days=2)  # assigned offline
    [r] = admin.results([admin.mutation("hazard.assign", {"hazard_id": hid, "assignee_id": teacher.user["id"],
                                                          "deadline": today(-1)}, device_time=then.isoformat())])
    assert r["status"] == "applied"
    vid = str(uuid.uuid4())
    assert status(guard, "visitor.register", {
        "id": vid, "date": today(), "name": "周访客", "id_type": "cn_id", "id_number": "11010519491231002X",
        "purpose": "送教具", "host_id": teacher.user["id"]}) == "applied"
    assert status(teacher, "visitor.decide", {"visitor_id": vid, "allow": True, "how": "app"}) == "applied"
    assert status(guard, "visitor.enter", {"visitor_id": vid}) == "applied"
    return {"teacher": teacher, "admin": admin, "guard": guard, "health": login_as("health"),
            "class_id": teacher.user["class_ids"][0], "kids": kids}


def records_of(phone, link):
    return get(phone, f"/api/reports/records/{link}").get_json()["records"]


def test_the_checks_of_a_day_are_listed_class_by_class_and_child_by_name(login_as):
    health = login_as("health")
    changes, _ = health.pull_all()
    picked = out_of_order([c["data"] for c in changes if c["entity"] == "class"],
                          children_of(health))
    start = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) - dt.timedelta(minutes=10)
    muts = [health.mutation("check.record", check_args(k["id"]), device_time=(
        start + dt.timedelta(minutes=i)).isoformat()) for i, k in enumerate(picked)]
    assert {r["status"] for r in health.results(muts)} == {"applied"}
    rows = records_of(health, f"health_checks?date={today()}")
    assert [r["child_id"] for r in rows] == [k["id"] for k in reversed(picked)]


def test_follow_ups_opened_the_same_day_are_listed_class_by_class_and_child_by_name(login_as):
    health = login_as("health")
    changes, _ = health.pull_all()
    picked = out_of_order([c["data"] for c in changes if c["entity"] == "class"],
                          children_of(health))
    muts = [health.mutation("check.record", check_args(k["id"], "absent", absence_reason="ill",
                                                        symptoms=["fever"]))
            for k in picked]
    assert {r["status"] for r in health.results(muts)} == {"applied"}
    for link in (f"followups?date={today()}", "followups?status=open",
                 f"followups?open_on={today()}"):
        rows = records_of(health, link)
        assert [r["child_id"] for r in rows] == [k["id"] for k in reversed(picked)], link


def test_a_days_zone_checks_and_disinfections_are_listed_by_place_name(login_as, uploaded_photo):
    health = login_as("health")
    photo = uploaded_photo(health)
    changes, _ = health.pull_all()
    zones = [c["data"] for c in changes
             if c["entity"] == "zone" and c["data"]["kind"] == "classroom"]
    rooms = [c["data"] for c in changes if c["entity"] == "room"]

    def by_name(rows):
        return sorted(rows, key=lambda r: name_key(r["name"]))
    muts = [health.mutation("zone.check", {"zone_id": z["id"], "date": today(), "kind": kind,
                                           "proof": "photo", "photo": photo,
                                           "items": {"floor": {"ok": True}}})
            for z in reversed(by_name(zones)) for kind in ("closing", "opening")]
    muts += [health.mutation("disinfection.record", {
        "room_id": r["id"], "date": today(), "item": "air", "round": 1, "method": "airing",
        "started_at": f"{today()}T08:00:00+08:00", "ended_at": f"{today()}T08:40:00+08:00"})
        for r in reversed(by_name(rooms))]
    assert {r["status"] for r in health.results(muts)} == {"applied"}
    checks = records_of(health, f"zone_checks?date={today()}")
    assert [(c["zone_id"], c["kind"]) for c in checks] == [
        (z["id"], kind) for z in by_name(zones) for kind in ("opening", "closing")]
    rounds = records_of(health, f"disinfections?date={today()}")
    assert [r["room_id"] for r in rounds] == [r["id"] for r in by_name(rooms)]


def test_every_number_on_the_dashboard_opens_exactly_its_records(day):
    health = day["health"]
    body = get(health, "/api/reports/today").get_json()
    f = body["figures"]
    assert (f["abnormal"]["n"], f["followups_open"]["n"], f["hazards_overdue"]["n"],
            f["visitors_on_site"]["n"], f["disinfection_below"]["n"]) == (2, 1, 1, 1, 1)
    for name, fig in [*f.items(), *body["pieces"].items()]:
        assert len(records_of(health, fig["records"])) == fig["n"], name
    # Abnormal again at noon: still two children, whose three checks the number opens.
    noon = check_args(day["kids"][0], "abnormal", session="noon", temperature=38.0,
                      symptoms=["fever"], action="observe")
    day["teacher"].results([day["teacher"].mutation("check.record", noon)])
    f = get(health, "/api/reports/today").get_json()["figures"]
    assert f["abnormal"]["n"] == 2
    rows = records_of(health, f["abnormal"]["records"])
    assert (len(rows), len({r["child_id"] for r in rows})) == (3, 2)
    mine = next(c for c in body["classes"] if c["id"] == day["class_id"])
    assert (mine["morning"]["checked"], mine["morning"]["missing"]) == (24, 1)
    assert len(records_of(health, mine["morning"]["records"])) == 24
    [missing] = records_of(health, mine["morning"]["missing_records"])
    assert missing["child_id"] == day["kids"][-1]
    assert mine["morning"]["by"] == [day["teacher"].user["name"]]
    assert (body["attendance"]["present"], body["attendance"]["expected"]) == (22, 75)
    assert len(records_of(health, body["attendance"]["records"])) == 24


def test_on_a_day_the_school_is_closed_the_dashboard_owes_nothing(login_as):
    calendar_day(login_as("admin"), today(), "holiday")
    health = login_as("health")
    body = get(health, "/api/reports/today").get_json()
    assert body["school_day"] is False
    f = body["figures"]
    assert (f["disinfection_missing"]["n"], f["disinfection_overdue"]["n"],
            f["zones_missing"]["n"]) == (0, 0, 0)
    assert body["pieces"]["gate"]["n"] == 0  # no opening owed on a holiday
    for name, fig in [*f.items(), *body["pieces"].items()]:
        assert len(records_of(health, fig["records"])) == fig["n"], name
    for c in body["classes"]:
        assert (c["morning"]["missing"], c["noon"]["missing"], c["disinfection"]["missing"]) == (0, 0, 0)
        assert records_of(health, c["morning"]["missing_records"]) == []
    view = get(health, "/api/health/today").get_json()
    assert view["disinfection"] and {d["due"] for d in view["disinfection"]} == {0}


def test_the_dashboard_is_for_the_admin_and_the_health_teacher(day):
    for who in ("teacher", "guard"):
        r = day[who].client.get("/api/reports/today", headers=day[who].headers)
        assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("who, kind, allowed", [
    ("guard", "health_checks", False), ("guard", "followups", False),
    ("guard", "disinfections", False), ("guard", "outbreak_alerts", False),
    ("guard", "devices", False), ("guard", "visitors", True), ("guard", "gate_events", True),
    ("guard", "pickups", True), ("teacher", "visitors", False), ("teacher", "devices", False),
    ("teacher", "outbreak_alerts", False), ("health", "devices", True),
    ("teacher", "health_checks", True), ("health", "visitors", True),
])
def test_each_role_reads_only_its_lists(day, who, kind, allowed):
    r = day[who].client.get(f"/api/reports/records/{kind}", headers=day[who].headers)
    assert r.status_code == (200 if allowed else 403), r.get_json()
    if not allowed:
        assert r.get_json()["error"]["code"] == "forbidden"


def test_a_caregiver_sees_only_her_classes(day, login_as):
    teacher2 = login_as("teacher2")
    assert records_of(teacher2, f"health_checks?date={today()}") == []
    assert len(records_of(day["teacher"], f"health_checks?date={today()}")) == 24
    r = teacher2.client.get(f"/api/reports/records/health_checks?class_id={day['class_id']}",
                            headers=teacher2.headers)
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden"


def test_another_schools_records_do_not_exist_here(day, login_as):
    other = login_as("admin", site="other")
    assert records_of(other, f"health_checks?date={today()}") == []
    assert records_of(other, "hazards") == []
    assert get(other, "/api/reports/today").get_json()["figures"]["abnormal"]["n"] == 0


def test_a_day_without_records_says_so(day):
    body = get(day["health"], "/api/reports/records/health_checks?date=2020-01-06").get_json()
    assert body["records"] == [] and body["message"] == "no records for this period"


@pytest.mark.parametrize("path", ["/api/reports/records/health_checks?date=31-12-2026",
                                  "/api/reports/records/health_checks?from=2026-02-02&to=2026-01-01",
                                  "/api/reports/records/health_checks?format=pdf",
                                  "/api/reports/today?date=yesterday"])
def test_bad_filters_get_a_clear_error(day, path):
    r = day["health"].client.get(path, headers=day["health"].headers)
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "validation_failed"


def file_rows(phone, path, fmt):
    sep = "&" if "?" in path else "?"
    r = get(phone, f"{path}{sep}format={fmt}")
    if fmt == "csv":
        assert r.mimetype == "text/csv"
        return list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    sheet = load_workbook(io.BytesIO(r.get_data()), read_only=True).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("path, key, first", [
    (f"/api/reports/records/health_checks?date={today()}&abnormal=1", "records", "date"),
    (f"/api/reports/records/unchecked?date={today()}", "records", "date"),
    ("/api/reports/records/followups?status=open", "records", "opened_on"),
    (f"/api/reports/records/disinfections?date={today()}", "records", "date"),
    ("/api/reports/records/hazards?state=overdue", "records", "reported_at"),
    ("/api/hazards", "hazards", "reported_at"),
    ("/api/gate/visitors?status=entered", "visitors", "date"),
    (f"/api/zones/today?date={today()}", "zones", "zone"),
    ("/api/admin/audit", "audit", "at"),
    ("/api/admin/devices", "devices", "user"),
    ("/api/reports/scorecard", "people", "name"),
])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_list_exports_the_rows_the_screen_shows(day, path, key, first, fmt):
    admin = day["admin"]
    shown = get(admin, path).get_json()[key]
    rows = file_rows(admin, path, fmt)
    assert len(rows) == len(shown) + 1  # the header, then one line a row
    assert [r[0] for r in rows[1:]] == [as_the_file_says(x[first]) for x in shown]


def as_the_file_says(value) -> str:
    """A screen's value as a file says it: a stored time (UTC) on the school's clock."""
    if value is None:
        return ""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)", value):
        return dt.datetime.fromisoformat(value).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    return str(value)


SHANGHAI = ZoneInfo("Asia/Shanghai")

# What anyone may type into a hazard (the guard too): a control character .xlsx can't
# hold, text that only looks like a time, and a formula a spreadsheet would run. It made
# every file of the list a 500, or opened as a live formula on the principal's computer.
TYPED = '=HYPERLINK("http://evil.example","点我") 插座\x01松动 since 2026-19-39T29:99Z'


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("path", ["/api/hazards", "/api/reports/records/hazards"])
def test_what_staff_typed_is_a_file_s_text_never_a_formula_or_a_failure(day, fmt, path):
    guard = day["guard"]
    assert status(guard, "hazard.report", {"id": str(uuid.uuid4()), "what": TYPED,
                                           "severity": "low"}) == "applied"
    header, *lines = file_rows(day["admin"], path, fmt)
    [cell] = [c for line in lines for c in line if "插座" in c and "since" in c]
    expected = TYPED.replace("\x01", "\ufffd" if fmt == "xlsx" else "\x01")
    assert cell == ("'" + expected if fmt == "csv" else expected)
    if fmt == "xlsx":
        r = get(day["admin"], f"{path}?format=xlsx")
        sheet = load_workbook(io.BytesIO(r.get_data())).active
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_tells_times_on_the_schools_clock_and_codes_in_words(day, fmt):
    """A file is for people: a check recorded at 07:45 says 07:45, not 23:45 the day
    before, and a status says 缺勤, not absent."""
    health = day["health"]
    path = f"/api/reports/records/health_checks?date={today()}&abnormal=1"
    shown = {r["child_id"]: r for r in get(health, path).get_json()["records"]}
    header, *lines = file_rows(health, path, fmt)
    rows = {line[header.index("幼儿")]: dict(zip(header, line)) for line in lines}
    ill, sick = (rows[shown[k]["child"]] for k in day["kids"][1::-1])
    assert (sick["状态"], sick["症状"], sick["处理"], sick["体温"]) == ("异常", "发热", "观察", "38.4")
    assert (ill["状态"], ill["症状"], ill["缺勤原因"]) == ("缺勤", "咳嗽", "病假")
    assert {sick["时段"], ill["时段"]} <= {"晨检", "午检"}
    for kid, row in ((day["kids"][0], sick), (day["kids"][1], ill)):
        stored = dt.datetime.fromisoformat(shown[kid]["device_time"])
        assert stored.utcoffset() == dt.timedelta(0)  # the screen's JSON keeps UTC
        assert row["记录时间"] == stored.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    header, *lines = file_rows(day["guard"], "/api/gate/visitors?status=entered", fmt)
    [visitor] = [dict(zip(header, line)) for line in lines]
    assert (visitor["状态"], visitor["准入方式"]) == ("在园", "手机确认")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", visitor["进入时间"])


def test_a_record_from_a_phone_whose_clock_was_far_off_says_so_in_its_list_and_files(login_as):
    # Its 记录时间 is the phone's word only: the health teacher must see which ones.
    teacher, health = login_as("teacher1"), login_as("health")
    first, second = [c["id"] for c in children_of(teacher)[:2]]
    slow = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=3)).isoformat()
    r = teacher.push([teacher.mutation("check.record", check_args(first))], sent_at=slow)
    assert r.get_json()["results"][0]["status"] == "applied"
    assert status(teacher, "check.record", check_args(second)) == "applied"
    path = f"/api/reports/records/health_checks?date={today()}"
    rows = {c["child_id"]: c["clock_skewed"] for c in get(health, path).get_json()["records"]}
    assert rows == {first: True, second: False}
    sheet = load_workbook(io.BytesIO(get(health, path + "&format=xlsx").data)).active
    header = [c.value for c in sheet[1]]
    assert "手机时间不准" in header
