"""Staff absences (days off, leave): an admin resource; a day away is not a miss."""
import datetime as dt

from server import school
from server.extensions import db
from server.models import SchoolDay


def api(phone, method, path, **kw):
    return getattr(phone.client, method)(f"/api/admin{path}", headers=phone.headers, **kw)


def test_an_admin_adds_lists_and_removes_a_day_off(login_as):
    admin, teacher = login_as("admin"), login_as("teacher1")
    r = api(admin, "post", "/staff-absences", json={
        "user_id": teacher.user["id"], "date_from": "2026-11-30", "date_to": "2026-12-02",
        "reason": "病假"})
    assert r.status_code == 201
    made = r.get_json()
    assert [a["id"] for a in api(admin, "get", "/staff-absences").get_json()["staff-absences"]] == [made["id"]]
    assert api(admin, "delete", f"/staff-absences/{made['id']}").status_code == 200
    assert api(admin, "get", "/staff-absences").get_json()["staff-absences"] == []
    entries = api(admin, "get", "/audit?entity=staff_absence").get_json()["audit"]
    assert [e["action"] for e in entries] == ["delete", "create"]


def test_a_day_off_ending_before_it_starts_is_refused_and_nothing_changes(login_as):
    admin, teacher = login_as("admin"), login_as("teacher1")
    body = {"user_id": teacher.user["id"], "date_from": "2026-12-02", "date_to": "2026-12-01"}
    r = api(admin, "post", "/staff-absences", json=body)
    assert r.status_code == 422 and "date_to" in r.get_json()["error"]["fields"]
    good = api(admin, "post", "/staff-absences", json={**body, "date_to": "2026-12-03"}).get_json()
    r = api(admin, "patch", f"/staff-absences/{good['id']}", json={"date_to": "2026-11-01"})
    assert r.status_code == 422
    [kept] = api(admin, "get", "/staff-absences").get_json()["staff-absences"]
    assert kept["date_to"] == "2026-12-03"


def test_only_the_admin_of_the_site_manages_days_off(login_as):
    teacher = login_as("teacher1")
    assert api(teacher, "get", "/staff-absences").status_code == 403
    other = login_as("admin", site="other")
    r = api(other, "post", "/staff-absences", json={
        "user_id": teacher.user["id"], "date_from": "2026-12-01", "date_to": "2026-12-01"})
    assert r.status_code == 422  # another school's person does not exist there


def test_absent_user_ids_and_school_days_follow_the_calendar(app, login_as, demo):
    admin, teacher = login_as("admin"), login_as("teacher1")
    api(admin, "post", "/staff-absences", json={
        "user_id": teacher.user["id"], "date_from": "2026-11-30", "date_to": "2026-12-01"})
    with app.app_context():
        site = demo["site_id"]
        db.session.add(SchoolDay(site_id=site, date=dt.date(2026, 12, 2), kind="holiday"))
        db.session.add(SchoolDay(site_id=site, date=dt.date(2026, 12, 5), kind="workday"))
        db.session.commit()
        assert school.absent_user_ids(db.session, site, dt.date(2026, 12, 1)) == {teacher.user["id"]}
        assert school.absent_user_ids(db.session, site, dt.date(2026, 12, 2)) == set()
        assert school.absent_user_ids(db.session, demo["other_site_id"], dt.date(2026, 12, 1)) == set()
        days = school.school_days(db.session, site, dt.date(2026, 11, 30), dt.date(2026, 12, 6))
        assert [d.day for d in days] == [30, 1, 3, 4, 5]  # Wed a holiday, Sat a make-up day
