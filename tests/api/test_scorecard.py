"""The monthly staff scorecard against a February worked out by hand (tests/api/
reports_school.py): on time, late and missed; the holiday rule and days off; hazards fixed
within their deadline; the classes' results and ranking; adjustments kept beside the
computed figure; each role's view."""
import datetime as dt

import pytest

from server.extensions import db
from tests.conftest import Phone

from .reports_school import PASSWORD, at, build


@pytest.fixture
def rep(app, client):
    with app.app_context():
        ids = build(db.session)
    ids["as"] = lambda username: Phone(client, "rep", username, PASSWORD)
    return ids


def card(phone, query="month=2026-02"):
    r = phone.client.get(f"/api/reports/scorecard?{query}", headers=phone.headers)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def person(body, name):
    return next(p for p in body["people"] if p["name"] == name)


def test_checks_on_time_late_and_missed_skip_holidays_and_days_off(rep):
    li = person(card(rep["as"]("admin")), "李老师")
    assert {k: li["figures"][k]["value"] for k in ("on_time", "late", "missed")} == \
        {"on_time": 6, "late": 3, "missed": 61}
    assert li["by_kind"] == {"check": {"on_time": 3, "late": 1, "missed": 24},
                             "disinfection": {"on_time": 1, "late": 1, "missed": 12},
                             "zone": {"on_time": 2, "late": 1, "missed": 25},
                             "gate": {"on_time": 0, "late": 0, "missed": 0}}
    assert li["on_time_rate"] == 8.6  # 6 of 70: 14 school days she was at work, 5 things a day


def test_the_guard_owes_each_gate_time_of_each_school_day(rep):
    """16 school days (the holiday owes none, the make-up Saturday keeps Monday's 07:30):
    opened within 5 minutes twice, 10 minutes late once, never logged 13 times."""
    guard = person(card(rep["as"]("admin")), "门卫")
    assert guard["by_kind"]["gate"] == {"on_time": 2, "late": 1, "missed": 13}
    admin = rep["as"]("admin")
    q = f"month=2026-02&user_id={rep['guard']}&figure=late"
    [late] = admin.client.get(f"/api/reports/scorecard/items?{q}", headers=admin.headers).get_json()["records"]
    assert (late["date"], late["kind"], late["what"]) == ("2026-02-03", "gate", "入园 07:30")
    assert dt.datetime.fromisoformat(late["at"]) == at(3, "07:40")


def test_hazards_fixed_within_their_deadline_moved_past_holidays_and_days_off(rep):
    li = person(card(rep["as"]("admin")), "李老师")
    assert {k: li["figures"][f"hazards_{k}"]["value"] for k in ("within", "late", "overdue")} == \
        {"within": 3, "late": 1, "overdue": 1}
    assert li["hazards_within_rate"] == 60.0


def test_classes_ranked_by_disinfection_then_checks_with_attendance_to_one_decimal(rep):
    classes = card(rep["as"]("admin"))["classes"]
    assert [(c["rank"], c["class"]) for c in classes] == [(1, "月亮"), (2, "向日葵")]
    moon, sun = classes
    assert (moon["disinfection_rate"], moon["checks_rate"], moon["attendance_rate"]) == (18.8, 6.3, 100.0)
    assert (sun["disinfection_rate"], sun["checks_rate"], sun["attendance_rate"]) == (12.5, 12.5, 83.3)
    assert (sun["below_minimum"], sun["disinfection_done"], sun["checks_due"]) == (1, 2, 32)
    assert person(card(rep["as"]("admin")), "李老师")["classes"] == [sun]


def test_each_figure_opens_the_things_behind_it(rep):
    admin = rep["as"]("admin")
    q = f"month=2026-02&user_id={rep['li']}&figure=late"
    r = admin.client.get(f"/api/reports/scorecard/items?{q}", headers=admin.headers).get_json()
    assert sorted((x["date"], x["kind"]) for x in r["records"]) == [
        ("2026-02-03", "check"), ("2026-02-03", "disinfection"), ("2026-02-03", "zone")]
    q = f"month=2026-02&user_id={rep['li']}&kind=check"
    dates = {x["date"] for x in admin.client.get(f"/api/reports/scorecard/items?{q}",
                                                 headers=admin.headers).get_json()["records"]}
    assert "2026-02-17" not in dates and "2026-02-23" not in dates and "2026-02-21" in dates


def test_the_attendance_figure_opens_the_checks_it_counts_not_a_holidays(rep):
    admin = rep["as"]("admin")
    base = f"/api/reports/records/health_checks?month=2026-02&class_id={rep['sun']}&session=morning"
    counted = admin.client.get(f"{base}&school_days=1", headers=admin.headers).get_json()["records"]
    every = admin.client.get(base, headers=admin.headers).get_json()["records"]
    assert {r["date"] for r in every} - {r["date"] for r in counted} == {"2026-02-17"}
    present = sum(r["status"] != "absent" for r in counted)
    sun = next(c for c in card(admin)["classes"] if c["class_id"] == rep["sun"])
    assert round(100 * present / len(counted), 1) == sun["attendance_rate"] == 83.3


def test_an_adjustment_keeps_the_computed_figure_and_is_audited(rep):
    admin = rep["as"]("admin")
    body = {"user_id": rep["li"], "month": "2026-02", "figure": "missed", "value": 50,
            "reason": "2月3日停电，系统无法记录"}
    r = admin.client.post("/api/reports/scorecard/adjustments", json=body, headers=admin.headers)
    assert r.status_code == 201, r.get_json()
    li = person(card(admin), "李老师")["figures"]["missed"]
    assert (li["computed"], li["value"], li["adjustment"]["reason"]) == (61, 50, body["reason"])
    audit = admin.client.get("/api/admin/audit?entity=score", headers=admin.headers).get_json()["audit"]
    assert audit[0]["action"] == "adjust" and audit[0]["after"]["reason"] == body["reason"]


@pytest.mark.parametrize("body, field", [
    ({"figure": "missed", "value": 1}, "reason"),
    ({"figure": "bonus", "value": 1, "reason": "因为"}, "figure"),
    ({"figure": "missed", "value": -1, "reason": "因为"}, "value"),
])
def test_a_bad_adjustment_is_refused_with_the_field(rep, body, field):
    admin = rep["as"]("admin")
    r = admin.client.post("/api/reports/scorecard/adjustments", headers=admin.headers,
                          json={"user_id": rep["li"], "month": "2026-02", **body})
    assert r.status_code == 422 and field in r.get_json()["error"]["fields"]


def test_only_the_admin_adjusts_and_staff_see_only_their_own_card(rep):
    li = rep["as"]("li")
    r = li.client.post("/api/reports/scorecard/adjustments", headers=li.headers, json={
        "user_id": rep["li"], "month": "2026-02", "figure": "missed", "value": 0, "reason": "我说"})
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden"
    assert [p["name"] for p in card(li)["people"]] == ["李老师"]
    other = li.client.get(f"/api/reports/scorecard/items?month=2026-02&user_id={rep['moon']}",
                          headers=li.headers)
    assert other.status_code == 403
    assert len(card(rep["as"]("health"))["people"]) == 5


def test_a_month_without_records_says_so(rep):
    body = card(rep["as"]("admin"), "month=2025-07")
    assert body["empty"] is True and body["message"] == "no records for this period"
    assert body["people"] == []


def charts(phone, query="from=2026-02-01&to=2026-02-28"):
    r = phone.client.get(f"/api/reports/charts?{query}", headers=phone.headers)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def test_charts_count_attendance_per_school_day_disinfection_per_class_hazards_per_month(rep):
    body = charts(rep["as"]("health"))
    assert [(d["date"], d["checked"], d["present"], d["rate"]) for d in body["attendance"]] == [
        ("2026-02-02", 3, 3, 100.0), ("2026-02-03", 3, 2, 66.7), ("2026-02-21", 2, 2, 100.0)]
    assert [(c["class"], c["done"], c["due"], c["rate"]) for c in body["disinfection"]] == [
        ("月亮", 3, 16, 18.8), ("向日葵", 2, 16, 12.5)]
    assert body["hazards"] == [{"month": "2026-02", "opened": 5, "closed": 4}]


def test_a_caregivers_charts_hold_only_her_class_and_the_guard_has_none(rep):
    body = charts(rep["as"]("li"))
    assert [d["rate"] for d in body["attendance"]] == [100.0, 50.0, 100.0]
    assert [c["class"] for c in body["disinfection"]] == ["向日葵"]
    guard = rep["as"]("guard")
    assert guard.client.get("/api/reports/charts", headers=guard.headers).status_code == 403


def test_charts_of_a_term_without_records_say_so(rep):
    body = charts(rep["as"]("admin"), "from=2025-03-01&to=2025-06-30")
    assert body["empty"] is True and body["message"] == "no records for this period"


def test_the_dashboard_says_when_a_day_is_a_holiday_or_a_make_up_workday(rep):
    admin = rep["as"]("admin")
    day = lambda d: admin.client.get(f"/api/reports/today?date={d}", headers=admin.headers).get_json()
    assert [day(d)["school_day"] for d in ("2026-02-17", "2026-02-21", "2026-02-22", "2026-02-23")] == \
        [False, True, False, True]


def test_classes_equal_on_every_figure_share_a_rank_in_the_schools_order(app, demo):
    """Not 中一班 first by its code point: 小一班, 中一班, 大一班, all first."""
    from server.models import Site
    from server.reports.scorecard import class_results
    with app.app_context():
        site = db.session.get(Site, demo["site_id"])
        rows = class_results(db.session, site, dt.date(2026, 11, 2), dt.date(2026, 11, 6), [])
    assert [(r["rank"], r["class"]) for r in rows] == [(1, "小一班"), (1, "中一班"), (1, "大一班")]
