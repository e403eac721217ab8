"""The gate: visitors who enter only once allowed, the block list, pick-up, the gate log,
and ID numbers that never leave the server in full."""
import datetime as dt
import hashlib
import uuid

import pytest

from server.gate import erase_ids
from server.rules.identity import mask
from tests.conftest import calendar_day, children_of, today

ID = "11010519491231002X"


def last_week(weekday: int, weeks: int = 1) -> str:
    """The day of that weekday (0 Monday) `weeks` weeks back: in the past and inside the
    pull window, whenever the suite runs."""
    day = dt.date.fromisoformat(today()) - dt.timedelta(weeks=weeks)
    return (day + dt.timedelta(days=weekday - day.weekday())).isoformat()


def pulled(phone, entity):
    changes, _ = phone.pull_all()
    return [c["data"] for c in changes if c["entity"] == entity]


def status(phone, name, args):
    [r] = phone.results([phone.mutation(name, args)])
    return r["status"] if r["status"] != "rejected" else r["code"]


def register(guard, host_id, **kw):
    args = {"id": str(uuid.uuid4()), "date": today(), "name": "周访客", "id_type": "cn_id",
            "id_number": ID, "purpose": "送教具", "host_id": host_id, **kw}
    return args["id"], status(guard, "visitor.register", args)


@pytest.fixture
def gate(login_as):
    guard, host = login_as("guard"), login_as("teacher1")
    return guard, host


def test_a_visitor_enters_only_after_the_host_allows_on_the_phone(gate):
    guard, host = gate
    vid, s = register(guard, host.user["id"])
    assert s == "applied"
    assert status(guard, "visitor.enter", {"visitor_id": vid}) == "conflict"
    assert status(host, "visitor.decide", {"visitor_id": vid, "allow": True, "how": "app"}) == "applied"
    assert status(guard, "visitor.enter", {"visitor_id": vid}) == "applied"
    [v] = pulled(guard, "visitor")
    assert v["status"] == "entered" and v["decided_how"] == "app"


def test_the_guard_records_a_host_who_allowed_by_phone(gate, login_as):
    guard, host = gate
    vid, _ = register(guard, host.user["id"])
    args = {"visitor_id": vid, "allow": True, "how": "phone_call"}
    assert status(guard, "visitor.decide", args) == "validation_failed"
    assert status(guard, "visitor.decide", dict(args, decided_for="张老师")) == "applied"
    other = login_as("teacher2")
    vid2, _ = register(guard, host.user["id"])
    assert status(other, "visitor.decide", {"visitor_id": vid2, "allow": False,
                                            "how": "app"}) == "forbidden"


def test_a_refused_visitor_never_enters_and_only_those_inside_sign_out(gate):
    guard, host = gate
    vid, _ = register(guard, host.user["id"])
    assert status(guard, "visitor.leave", {"visitor_id": vid}) == "conflict"
    host_says_no = {"visitor_id": vid, "allow": False, "how": "app"}
    assert status(host, "visitor.decide", host_says_no) == "applied"
    assert status(guard, "visitor.enter", {"visitor_id": vid}) == "conflict"


def test_a_block_list_match_needs_the_admin(gate, login_as):
    guard, host = gate
    admin = login_as("admin")
    block = {"id": str(uuid.uuid4()), "name": "某人", "id_number": ID, "reason": "家长纠纷"}
    assert status(admin, "blocklist.put", block) == "applied"
    assert pulled(guard, "block_entry")[0]["id_masked"] == mask(ID)
    vid, _ = register(guard, host.user["id"])
    [v] = pulled(guard, "visitor")
    assert v["blocked"] is True
    allow = {"visitor_id": vid, "allow": True, "how": "app"}
    assert status(host, "visitor.decide", allow) == "forbidden"
    assert status(admin, "visitor.decide", allow) == "applied"


@pytest.mark.parametrize("bad, code", [
    ({"id_number": "110105194912310021"}, "validation_failed"),   # check digit
    ({"host_id": str(uuid.uuid4())}, "not_found"),               # unknown host
    ({"id_type": "passport", "id_number": None}, "validation_failed"),
    ({"name": "   "}, "validation_failed"),                      # a name of only spaces
    ({"purpose": "\u3000 "}, "validation_failed"),               # a full-width space too
])
def test_bad_visitor_registrations_are_refused_with_a_reason(gate, bad, code):
    guard, host = gate
    args = {"host_id": host.user["id"], **bad}
    _, s = register(guard, **args)
    assert s == code


def test_only_the_gate_registers_visitors(gate):
    _, host = gate
    _, s = register(host, host.user["id"])
    assert s == "forbidden"


def test_id_numbers_never_leave_the_server_in_full_but_to_the_admin(gate, login_as, client):
    guard, host = gate
    vid, _ = register(guard, host.user["id"])
    for phone in (guard, host, login_as("admin")):
        body = phone.pull().get_data(as_text=True)
        assert ID not in body
        listing = client.get("/api/gate/visitors", headers=phone.headers).get_data(as_text=True)
        assert ID not in listing
    admin = login_as("admin")
    assert client.get(f"/api/gate/visitors/{vid}", headers=admin.headers).get_json()["id_number"] == ID
    assert client.get(f"/api/gate/visitors/{vid}", headers=guard.headers).status_code == 403


def test_the_retention_command_erases_old_id_numbers(app, gate):
    import datetime as dt
    guard, host = gate
    vid, _ = register(guard, host.user["id"])
    with app.app_context():
        from server.extensions import db
        assert erase_ids(db.session, days=180) == 0
        later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=181)
        assert erase_ids(db.session, days=180, now=later) == 1
        db.session.commit()
    [v] = pulled(guard, "visitor")
    assert v["id_masked"] is None and v["erased_at"] and v["name"] == "周访客"


def test_a_visitor_photo_is_kept_with_the_visitor_and_shown_to_the_staff(gate, app, tmp_path):
    from tests.api.test_hazards import jpeg, put_blob
    app.config["BLOB_DIR"] = tmp_path / "blobs"
    guard, host = gate
    r, sha = put_blob(guard, jpeg())
    assert r.status_code == 200
    vid, s = register(guard, host.user["id"], photo=sha)
    assert s == "applied"
    [v] = pulled(host, "visitor")
    assert v["photo"] == sha
    assert host.client.get(f"/api/blobs/{sha}", headers=host.headers).status_code == 200
    listing = guard.client.get("/api/gate/visitors", headers=guard.headers).get_json()["visitors"]
    assert listing[0]["photo"] == sha


@pytest.mark.parametrize("photo", ["abc", "A" * 64, "g" * 64, 7])
def test_a_visitor_photo_must_be_named_by_its_sha256(gate, photo):
    guard, host = gate
    _, s = register(guard, host.user["id"], photo=photo)
    assert s == "validation_failed"
    assert pulled(guard, "visitor") == []


def test_a_visitor_naming_a_photo_the_server_lacks_is_refused_until_it_is_up(app, gate, tmp_path):
    from tests.api.test_hazards import jpeg, put_blob
    app.config["BLOB_DIR"] = tmp_path / "blobs"
    guard, host = gate
    data = jpeg()
    sha = hashlib.sha256(data).hexdigest()
    _, s = register(guard, host.user["id"], photo=sha)
    assert s == "photo_missing" and pulled(guard, "visitor") == []
    put_blob(guard, data)
    _, s = register(guard, host.user["id"], photo=sha)
    assert s == "applied" and [v["photo"] for v in pulled(guard, "visitor")] == [sha]


def test_the_retention_command_erases_the_photo_with_the_id_number(app, gate, tmp_path):
    import datetime as dt
    from tests.api.test_hazards import jpeg, put_blob
    from server.blobs import FolderStorage
    app.config["BLOB_DIR"] = tmp_path / "blobs"
    guard, host = gate
    (_, old), (_, kept) = put_blob(guard, jpeg()), put_blob(guard, jpeg((32, 32)))
    register(guard, host.user["id"], photo=old)
    register(guard, host.user["id"], photo=kept, date=(dt.date.today() + dt.timedelta(days=200)).isoformat())
    storage = FolderStorage(tmp_path / "blobs")
    with app.app_context():
        from server.extensions import db
        later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=181)
        assert erase_ids(db.session, days=180, now=later, storage=storage) == 1
        db.session.commit()
    photos = sorted(v["photo"] or "" for v in pulled(guard, "visitor"))
    assert photos == ["", kept]
    assert not storage.exists(old) and storage.exists(kept)
    assert guard.client.get(f"/api/blobs/{old}", headers=guard.headers).status_code == 404


def test_pick_up_by_a_listed_adult_once_a_day(login_as):
    teacher = login_as("teacher1")
    kid = children_of(teacher)[0]["id"]
    adult = next(a for a in pulled(teacher, "pickup_adult") if a["child_id"] == kid)
    args = {"child_id": kid, "date": today(), "adult_id": adult["id"]}
    assert status(teacher, "pickup.record", args) == "applied"
    assert status(teacher, "pickup.record", args) == "conflict"  # already picked up


def test_an_unlisted_adult_needs_the_parents_confirmation_and_a_minor_never(login_as):
    guard, teacher = login_as("guard"), login_as("teacher1")
    kid = children_of(teacher)[0]["id"]
    args = {"child_id": kid, "date": today(), "adult_name": "王阿姨", "relation": "邻居",
            "card": False}
    assert status(guard, "pickup.record", args) == "forbidden"
    assert status(guard, "pickup.record", dict(args, minor=True)) == "forbidden"
    confirmed = dict(args, confirmation={"by": "妈妈", "how": "phone_call",
                                         "at": f"{today()}T16:40:00+08:00"})
    assert status(guard, "pickup.record", confirmed) == "applied"
    [p] = pulled(teacher, "pickup")
    assert p["listed"] is False and p["card"] is False and p["confirmed_by"] == "妈妈"


def test_the_gate_log_is_checked_against_the_schedule(login_as):
    guard = login_as("guard")
    # 08:00 on a Monday: the 07:30 opening, 30 minutes late
    monday = last_week(0)
    m = guard.mutation("gate.event", {"kind": "open"}, device_time=f"{monday}T08:00:00+08:00")
    assert guard.results([m])[0]["status"] == "applied"
    [e] = [c["data"] for c in guard.pull_all()[0] if c["entity"] == "gate_event"]
    assert e["late_minutes"] == 30 and e["date"] == monday


def test_a_gate_logged_hours_before_its_time_does_not_count_for_it(login_as):
    """Opened at 02:17: no 07:30 opening done early (it counted as on time, and at 07:30
    nobody was asked for it); at 06:15 it counts, as on the guard's screen."""
    guard = login_as("guard")
    monday, tuesday = last_week(0), last_week(1)
    for day, at in ((monday, "02:17"), (tuesday, "06:15")):
        m = guard.mutation("gate.event", {"kind": "open"}, device_time=f"{day}T{at}:00+08:00")
        assert guard.results([m])[0]["status"] == "applied"
    events = {e["date"]: e for e in pulled(guard, "gate_event")}
    assert (events[monday]["gate_time_id"], events[monday]["late_minutes"]) == (None, None)
    assert events[tuesday]["gate_time_id"] is not None
    assert events[tuesday]["late_minutes"] == 0


def test_the_gate_log_follows_the_school_calendar(login_as):
    """A holiday owes no opening (nothing is late); a make-up workday on a Saturday keeps
    Monday's times (the demo school has none of its own on a Saturday)."""
    guard, admin = login_as("guard"), login_as("admin")
    holiday, makeup, saturday = last_week(0), last_week(5), last_week(5, weeks=2)
    calendar_day(admin, holiday, "holiday")
    calendar_day(admin, makeup, "workday")
    for day in (holiday, makeup, saturday):
        m = guard.mutation("gate.event", {"kind": "open"}, device_time=f"{day}T08:00:00+08:00")
        assert guard.results([m])[0]["status"] == "applied"
    events = {e["date"]: e for e in pulled(guard, "gate_event")}
    assert events[holiday]["late_minutes"] is None and events[holiday]["gate_time_id"] is None
    assert events[saturday]["late_minutes"] is None and events[saturday]["gate_time_id"] is None
    monday_open = {t["id"] for t in pulled(guard, "gate_time")
                   if t["weekday"] == 0 and t["kind"] == "open"}
    assert events[makeup]["late_minutes"] == 30
    assert events[makeup]["gate_time_id"] in monday_open


def test_the_dashboard_counts_the_gate_times_missed_or_late(login_as):
    """Last Monday: opened a minute late, closed on time, the afternoon's opening and
    closing never logged. The principal's number is 3, opening exactly those three; the
    days before the gate's first logged opening owe nothing."""
    guard, health, admin = login_as("guard"), login_as("health"), login_as("admin")
    monday = last_week(0)
    for kind, at in (("open", "07:31"), ("close", "08:44")):
        m = guard.mutation("gate.event", {"kind": kind}, device_time=f"{monday}T{at}:00+08:00")
        assert guard.results([m])[0]["status"] == "applied"

    def slots(query):
        r = health.client.get(f"/api/reports/records/gate_slots?{query}", headers=health.headers)
        assert r.status_code == 200, r.get_json()
        return [(s["at"], s["kind"], s["state"], s["logged_at"], s["late_minutes"])
                for s in r.get_json()["records"]]
    assert slots(f"date={monday}") == [
        ("07:30", "open", "late", "07:31", 1), ("08:45", "close", "done", "08:44", 0),
        ("16:30", "open", "missed", None, None), ("17:30", "close", "missed", None, None)]
    # Before the gate's first logged opening, nothing was owed: the week before counts none.
    assert slots(f"from={last_week(0, weeks=2)}&to={monday}") == slots(f"date={monday}")
    piece = health.client.get(f"/api/reports/today?date={monday}",
                              headers=health.headers).get_json()["pieces"]["gate"]
    assert piece["n"] == 3
    assert slots(piece["records"].split("?", 1)[1]) == [
        s for s in slots(f"date={monday}") if s[2] != "done"]
    calendar_day(admin, monday, "holiday")  # nothing was owed after all
    assert slots(f"date={monday}") == []
    teacher = login_as("teacher1")
    r = teacher.client.get(f"/api/reports/records/gate_slots?date={monday}", headers=teacher.headers)
    assert r.status_code == 403


# -- the block list at pick-up ---------------------------------------------------------------

def block(admin, name, **kw):
    entry = {"id": str(uuid.uuid4()), "name": name, "id_number": ID,
             "reason": "法院禁令：不得接走孩子", **kw}
    assert status(admin, "blocklist.put", entry) == "applied"
    return entry


def confirmed(kid, name="张大伟", by="孩子妈妈"):
    return {"child_id": kid, "date": today(), "adult_name": name, "relation": "爸爸",
            "confirmation": {"by": by, "how": "phone_call", "at": f"{today()}T16:40:00+08:00"}}


def test_an_unlisted_adult_on_the_block_list_is_refused_and_the_principal_sees_it(login_as):
    guard, admin = login_as("guard"), login_as("admin")
    kid = children_of(login_as("teacher1"))[0]["id"]
    block(admin, "张大伟")  # made with his ID number: at the gate he shows none
    [r] = guard.results([guard.mutation("pickup.record", confirmed(kid))])
    assert r["code"] == "blocked_adult" and "法院禁令" in r["message"]
    assert pulled(guard, "pickup") == []
    piece = admin.client.get("/api/reports/today", headers=admin.headers).get_json()["pieces"]
    assert piece["pickups_blocked"]["n"] == 1
    rows = admin.client.get(f"/api/reports/records/{piece['pickups_blocked']['records']}",
                            headers=admin.headers).get_json()["records"]
    assert [(x["adult"], x["override"]) for x in rows] == [("张大伟", False)]
    assert "法院禁令" in rows[0]["reason"]


def test_a_listed_adult_put_on_the_block_list_later_is_refused_until_it_is_lifted(login_as):
    teacher, admin = login_as("teacher1"), login_as("admin")
    kid = children_of(teacher)[0]["id"]
    adult = next(a for a in pulled(teacher, "pickup_adult") if a["child_id"] == kid)
    entry = block(admin, adult["name"], id_number=None)
    args = {"child_id": kid, "date": today(), "adult_id": adult["id"]}
    assert status(teacher, "pickup.record", args) == "blocked_adult"
    assert status(admin, "blocklist.put", dict(entry, active=False)) == "applied"
    assert status(teacher, "pickup.record", args) == "applied"


def test_only_the_admin_hands_a_child_to_a_blocked_adult_and_it_is_flagged(login_as):
    guard, admin = login_as("guard"), login_as("admin")
    kid = children_of(login_as("teacher1"))[0]["id"]
    block(admin, "张大伟")
    override = dict(confirmed(kid), block_override=True)
    assert status(guard, "pickup.record", override) == "blocked_adult"
    assert status(admin, "pickup.record", override) == "applied"
    [p] = pulled(guard, "pickup")
    assert p["blocked"] is True and p["block_reason"] == "法院禁令：不得接走孩子"


@pytest.mark.parametrize("by", ["张大伟本人", "张大伟", " 张 大伟 ", "本人", "他自己", "himself"])
def test_an_unlisted_adult_cannot_confirm_his_own_pick_up(login_as, by):
    guard = login_as("guard")
    kid = children_of(login_as("teacher1"))[0]["id"]
    assert status(guard, "pickup.record", confirmed(kid, by=by)) == "validation_failed"
    assert status(guard, "pickup.record", confirmed(kid, by="孩子妈妈 王芳")) == "applied"


def test_a_visitor_without_a_document_matches_an_entry_made_with_one(gate, login_as):
    guard, host = gate
    block(login_as("admin"), "周访客")
    register(guard, host.user["id"], id_type="none", id_number=None)
    register(guard, host.user["id"], id_number="110105198001010016")  # a namesake
    assert sorted(v["blocked"] for v in pulled(guard, "visitor")) == [False, True]
