"""The weekly hygiene bulletin from a hand-built week: 16–22 November 2026, with the 18th
to the 20th a holiday, so two school days (16th, 17th) and four check sessions a class.
Each room needs one round of 物表玩具 (surfaces and toys) a day.

    小一班  every check, both rounds at 250 mg/L                       → 100
    中一班  17th noon 20 of 25 checked (1 missed); 16th at 200 mg/L (1 below);
            17th no round (1 missing)               100 − 5 − 3 − 2 =  90
    大一班  no checks on the 17th (2 missed), both rounds fine  100 − 10 =  90
Ranks 1, 2, 2 (中一班 before 大一班 by name). One hazard, due on the 18th and still
assigned, is overdue."""
import datetime as dt
import uuid

import pytest

from server.extensions import db
from server.models import Hazard, RoomNeed, SchoolDay
from sync import Change, record_changes
from tests.printouts.records import checks, school, write

MON = dt.date(2026, 11, 16)
D16, D17 = MON, MON + dt.timedelta(days=1)
HAZARD = "3c9e4b1a-5d6f-4a7b-8c9d-0e1f2a3b4c5d"


def round_of(cls, day, amount):
    return ("disinfection.record", {"room_id": cls["room"], "date": day.isoformat(),
                                    "item": "surfaces_toys", "round": 1, "method": "chlorine",
                                    "amount": amount})


@pytest.fixture
def week(app, demo, login_as):
    s = school(app, demo["site_id"])
    small, middle, large = s["小一班"], s["中一班"], s["大一班"]
    with app.app_context():
        for d in range(18, 21):
            db.session.add(SchoolDay(site_id=demo["site_id"], date=dt.date(2026, 11, d),
                                     kind="holiday", note="test"))
        for c in s.values():
            db.session.add(RoomNeed(site_id=demo["site_id"], room_id=c["room"],
                                    item="surfaces_toys", rounds=1))
        db.session.commit()
    muts = []
    for day in (D16, D17):
        muts += checks(small, day) + checks(small, day, "noon")
        muts += checks(middle, day) + checks(middle, day, "noon", n=20 if day == D17 else None)
    muts += checks(large, D16) + checks(large, D16, "noon")
    muts += [round_of(small, D16, 250), round_of(small, D17, 250), round_of(middle, D16, 200),
             round_of(large, D16, 300), round_of(large, D17, 300)]
    muts += checks(small, dt.date(2026, 11, 18))   # a holiday: counts for nothing
    write(app, "health", muts, at=dt.datetime(2026, 11, 17, 9, tzinfo=dt.timezone.utc))
    teacher = login_as("teacher1")
    write(app, "teacher1", [("hazard.report", {"id": HAZARD, "what": "楼梯扶手松动",
                                                "severity": "medium"})],
          at=dt.datetime(2026, 11, 16, 2, tzinfo=dt.timezone.utc))
    write(app, "admin", [("hazard.assign", {"hazard_id": HAZARD,
                                            "assignee_id": teacher.user["id"],
                                            "deadline": "2026-12-30"})])
    with app.app_context():  # its deadline as it was set that week, told to the feed
        h = db.session.get(Hazard, HAZARD)
        h.reported_at = dt.datetime(2026, 11, 16, 2, tzinfo=dt.timezone.utc)
        h.deadline = dt.date(2026, 11, 18)
        record_changes(db.session, demo["site_id"], [Change("hazard", HAZARD)])
        db.session.commit()
    return s


def drafted(phone, week="2026-11-18"):
    r = phone.client.post("/api/bulletins", json={"week": week}, headers=phone.headers)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_classes_are_ranked_by_the_score_worked_by_hand(week, login_as):
    b = drafted(login_as("admin"))
    assert b["week"] == "2026-11-16" and b["status"] == "draft"
    c = b["content"]
    assert c["school_days"] == 2 and not c["empty"]
    got = [(x["rank"], x["name"], x["score"], x["check_rate"], x["sessions_missed"],
            x["rounds_missing"], x["below_minimum"]) for x in c["classes"]]
    assert got == [(1, "小一班", 100, 100.0, 0, 0, 0),
                   (2, "中一班", 90, 75.0, 1, 1, 1),
                   (2, "大一班", 90, 50.0, 2, 0, 0)]


def test_the_draft_says_what_went_well_and_what_fell_short(week, login_as):
    b = drafted(login_as("admin"))
    assert b["title"] == "2026年第47周卫生检查通报"
    text = b["text"]
    assert "小一班晨午检全部完成，消毒全部达标。" in text
    assert "中一班 11月17日午检未完成（20/25）。" in text
    assert "大一班 11月17日晨检未完成（0/25）。" in text
    assert "中一班活动室 11月16日物表玩具消毒低于标准（含氯消毒液 200mg/L）。" in text
    assert "中一班活动室 11月17日物表玩具消毒少 1 次。" in text
    assert "隐患逾期未整改：楼梯扶手松动（期限 2026-11-18）。" in text
    assert [h["id"] for h in b["content"]["hazards_overdue"]] == [HAZARD]


def test_a_week_with_no_records_says_so(login_as):
    b = drafted(login_as("admin"), "2025-02-05")
    assert b["content"]["empty"] and b["content"]["classes"] == []
    assert "没有检查记录" in b["text"]


def test_staff_see_only_what_was_published_and_get_it_on_their_phones(week, login_as):
    admin, teacher, guard = login_as("admin"), login_as("teacher1"), login_as("guard")
    b = drafted(admin)
    assert teacher.client.get("/api/bulletins", headers=teacher.headers).get_json() == {"bulletins": []}
    assert teacher.client.get(f"/api/bulletins/{b['id']}", headers=teacher.headers).status_code == 404
    assert not [c for c in teacher.pull_all()[0] if c["entity"] == "bulletin"]
    r = admin.client.patch(f"/api/bulletins/{b['id']}", json={"text": "本周总体良好。"},
                           headers=admin.headers)
    assert r.status_code == 200
    assert admin.client.post(f"/api/bulletins/{b['id']}/publish",
                             headers=admin.headers).status_code == 200
    for phone in (teacher, guard):
        [got] = [c["data"] for c in phone.pull_all()[0] if c["entity"] == "bulletin"]
        assert got["text"] == "本周总体良好。" and got["status"] == "published"
    listed = teacher.client.get("/api/bulletins", headers=teacher.headers).get_json()["bulletins"]
    assert [x["id"] for x in listed] == [b["id"]]


@pytest.mark.parametrize("who", ["health", "teacher1", "guard"])
def test_only_the_admin_drafts_edits_and_publishes(week, login_as, who):
    b = drafted(login_as("admin"))
    phone = login_as(who)
    h = phone.headers
    assert phone.client.post("/api/bulletins", json={"week": "2026-11-18"}, headers=h).status_code == 403
    assert phone.client.patch(f"/api/bulletins/{b['id']}", json={"text": "x"}, headers=h).status_code == 403
    assert phone.client.post(f"/api/bulletins/{b['id']}/publish", headers=h).status_code == 403


def test_a_published_bulletin_is_not_changed(week, login_as):
    admin = login_as("admin")
    b = drafted(admin)
    admin.client.post(f"/api/bulletins/{b['id']}/publish", headers=admin.headers)
    for r in (admin.client.patch(f"/api/bulletins/{b['id']}", json={"text": "改"}, headers=admin.headers),
              admin.client.post("/api/bulletins", json={"week": "2026-11-16"}, headers=admin.headers),
              admin.client.post(f"/api/bulletins/{b['id']}/publish", headers=admin.headers)):
        assert r.status_code == 409 and r.get_json()["error"]["code"] == "conflict"
    got = admin.client.get(f"/api/bulletins/{b['id']}", headers=admin.headers).get_json()
    assert got["text"] == b["text"]


@pytest.mark.parametrize("method, path, body, status", [
    ("post", "/api/bulletins", {"week": "2026-13-01"}, 422),
    ("post", "/api/bulletins", {"week": "next week"}, 422),
    ("post", "/api/bulletins", {}, 422),
    ("post", "/api/bulletins", {"week": "2999-01-04"}, 422),          # not begun
    ("patch", "/api/bulletins/{id}", {"photos": ["a" * 64]}, 422),    # not this week's photo
    ("patch", "/api/bulletins/{id}", {"title": ""}, 422),
    ("patch", "/api/bulletins/{id}", {"text": 5}, 422),
    ("patch", f"/api/bulletins/{uuid.uuid4()}", {"text": "x"}, 404),
    ("post", f"/api/bulletins/{uuid.uuid4()}/publish", None, 404),
])
def test_bad_input_is_a_json_error_and_changes_nothing(login_as, method, path, body, status):
    admin = login_as("admin")
    b = drafted(admin, "2025-02-05")
    kw = {"json": body} if body is not None else {}
    r = getattr(admin.client, method)(path.replace("{id}", b["id"]), headers=admin.headers, **kw)
    assert r.status_code == status and set(r.get_json()["error"]) >= {"code", "message"}
    after = admin.client.get(f"/api/bulletins/{b['id']}", headers=admin.headers).get_json()
    assert after == b


def test_another_school_never_sees_the_bulletin(week, login_as):
    admin = login_as("admin")
    b = drafted(admin)
    admin.client.post(f"/api/bulletins/{b['id']}/publish", headers=admin.headers)
    other = login_as("admin", site="other")
    assert other.client.get(f"/api/bulletins/{b['id']}", headers=other.headers).status_code == 404
    assert other.client.get("/api/bulletins", headers=other.headers).get_json()["bulletins"] == []
