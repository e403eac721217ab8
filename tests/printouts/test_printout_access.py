"""Who may print what: a caregiver her classes' records, the guard the visitor register,
no one another school's class; bad input answers PROTOCOL.md's error body."""
import pytest

from tests.printouts.records import school


@pytest.fixture
def classes(app, demo):
    return {**school(app, demo["site_id"]),
            "other": school(app, demo["other_site_id"])["小一班"]}


def status_of(login_as, who, url):
    phone = login_as(who)
    r = phone.client.get(url, headers=phone.headers)
    if r.status_code != 200:
        assert r.is_json and set(r.get_json()["error"]) >= {"code", "message"}
    return r.status_code


@pytest.mark.parametrize("who, form, cls, expected", [
    ("admin", "health-checks", "中一班", 200),
    ("health", "health-checks", "中一班", 200),
    ("teacher1", "health-checks", "小一班", 200),        # her own class
    ("teacher1", "health-checks", "中一班", 403),        # not hers
    ("teacher1", "disinfection", "小一班", 200),
    ("teacher2", "disinfection", "小一班", 403),
    ("guard", "health-checks", "小一班", 403),           # no health data at the gate
    ("guard", "disinfection", "小一班", 403),
    ("teacher1", "medicine", "小一班", 200),
    ("teacher1", "medicine", "中一班", 403),
    ("health", "medicine", "中一班", 200),
    ("guard", "medicine", "小一班", 403),
    ("health", "medicine", "other", 404),
    ("admin", "health-checks", "other", 404),            # another school's class
])
def test_class_forms_by_role(login_as, classes, who, form, cls, expected):
    url = f"/api/printouts/{form}.pdf?class_id={classes[cls]['id']}&month=2026-11"
    assert status_of(login_as, who, url) == expected


@pytest.mark.parametrize("who, form, expected", [
    ("guard", "visitors", 200), ("admin", "visitors", 200),
    ("teacher1", "visitors", 403), ("health", "visitors", 403),
    ("guard", "gate", 200), ("admin", "gate", 200),
    ("teacher1", "gate", 403), ("health", "gate", 403),
    ("admin", "hazards", 200), ("health", "hazards", 200),
    ("guard", "hazards", 403), ("teacher1", "hazards", 403),
])
def test_school_forms_by_role(login_as, demo, who, form, expected):
    assert status_of(login_as, who, f"/api/printouts/{form}.pdf?month=2026-11") == expected


@pytest.mark.parametrize("query, status, field", [
    ("month=2026-13", 422, "month"),
    ("month=2026-1", 422, "month"),
    ("month=November", 422, "month"),
    ("", 422, "month"),
    ("month=2026-11&class_id=", 422, "class_id"),
    ("month=2026-11&class_id=no-such-class", 404, None),
    ("month=2026-11&class_id=' OR 1=1 --", 404, None),
])
def test_bad_input_is_a_json_error(login_as, demo, query, status, field):
    admin = login_as("admin")
    if "class_id" not in query and query:
        query += "&class_id=x"
    r = admin.client.get(f"/api/printouts/health-checks.pdf?{query}", headers=admin.headers)
    assert r.status_code == status
    error = r.get_json()["error"]
    if field:
        assert field in error["fields"]


def test_signed_out_is_refused(client, demo):
    r = client.get("/api/printouts/visitors.pdf?month=2026-11")
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthorized"
