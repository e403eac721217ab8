"""Zones, patrols, inspections and the hazard loop (发现 → 登记 → 整改 → 复查)."""
import csv
import datetime as dt
import hashlib
import io
import uuid

import pytest
from PIL import Image

from tests.conftest import today


def pulled(phone, entity):
    return [c["data"] for c in phone.pull_all()[0] if c["entity"] == entity]


def status(phone, name, args):
    [r] = phone.results([phone.mutation(name, args)])
    return r["status"] if r["status"] != "rejected" else r["code"]


@pytest.fixture
def people(login_as):
    return {u: login_as(u) for u in ("admin", "health", "teacher1", "guard")}


def report(phone, **kw):
    hid = str(uuid.uuid4())
    args = {"id": hid, "what": "滑梯螺丝松动", "severity": "high", **kw}
    return hid, status(phone, "hazard.report", args)


def test_the_whole_loop_closes(people):
    teacher, admin, health = people["teacher1"], people["admin"], people["health"]
    hid, s = report(teacher)
    assert s == "applied"
    assign = {"hazard_id": hid, "assignee_id": teacher.user["id"], "deadline": today(2)}
    assert status(admin, "hazard.assign", assign) == "applied"
    assert status(teacher, "hazard.fix", {"hazard_id": hid, "note": "已紧固"}) == "applied"
    assert status(health, "hazard.verify", {"hazard_id": hid, "accept": True}) == "applied"
    [h] = pulled(admin, "hazard")
    assert h["status"] == "verified" and h["verified_by"] == health.user["id"]
    steps = sorted(pulled(admin, "hazard_action"), key=lambda a: a["at"])
    assert [a["action"] for a in steps] == ["report", "assign", "fix", "accept"]


@pytest.mark.parametrize("who, action, args, expected", [
    ("teacher1", "hazard.assign", {"deadline": "2026-12-01"}, "forbidden"),   # only the admin
    ("guard", "hazard.fix", {"note": "x"}, "forbidden"),                      # not the assignee
    ("teacher1", "hazard.verify", {"accept": True}, "forbidden"),             # role
    ("admin", "hazard.verify", {"accept": True}, "conflict"),                 # not fixed yet
])
def test_refused_transitions(people, who, action, args, expected):
    hid, _ = report(people["teacher1"])
    status(people["admin"], "hazard.assign", {"hazard_id": hid, "assignee_id": people["teacher1"].user["id"],
                                              "deadline": today(1)})
    args = dict(args, hazard_id=hid)
    if action == "hazard.assign":
        args["assignee_id"] = people["teacher1"].user["id"]
    assert status(people[who], action, args) == expected


def test_the_fixer_cannot_verify_and_a_refusal_sends_it_back(people):
    admin, health = people["admin"], people["health"]
    hid, _ = report(health)
    status(admin, "hazard.assign", {"hazard_id": hid, "assignee_id": health.user["id"],
                                    "deadline": today(1)})
    status(health, "hazard.fix", {"hazard_id": hid, "note": "修好了"})
    assert status(health, "hazard.verify", {"hazard_id": hid, "accept": True}) == "forbidden"
    assert status(admin, "hazard.verify", {"hazard_id": hid, "accept": False}) == "validation_failed"
    assert status(admin, "hazard.verify", {"hazard_id": hid, "accept": False,
                                           "reason": "仍松动"}) == "applied"
    assert pulled(admin, "hazard")[0]["status"] == "assigned"


def test_a_closed_hazard_is_not_fixed_again_until_reopened(people):
    admin, health = people["admin"], people["health"]
    hid, _ = report(admin)
    status(admin, "hazard.assign", {"hazard_id": hid, "assignee_id": admin.user["id"],
                                    "deadline": today(1)})
    status(admin, "hazard.fix", {"hazard_id": hid, "note": "ok"})
    status(health, "hazard.verify", {"hazard_id": hid, "accept": True})
    assert status(admin, "hazard.fix", {"hazard_id": hid, "note": "again"}) == "conflict"
    assert status(health, "hazard.reopen", {"hazard_id": hid, "reason": "又松了"}) == "applied"


def assigned_days_ago(admin, hid, assignee_id, deadline, days=2):
    """hazard.assign from the admin's phone that was offline `days` days: done then, with
    a deadline since passed."""
    then = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) - dt.timedelta(days=days)
    [r] = admin.results([admin.mutation("hazard.assign", {"hazard_id": hid, "assignee_id": assignee_id,
                                                          "deadline": deadline},
                                        device_time=then.isoformat(timespec="milliseconds"))])
    return r["status"] if r["status"] != "rejected" else r["code"]


def test_an_assignment_made_offline_before_the_one_in_force_does_not_undo_it(people):
    # Phone A, offline since yesterday, assigned the hazard to the teacher; phone B assigned
    # it to the health teacher this morning. A syncs last: B's assignment stands.
    teacher, admin, health = people["teacher1"], people["admin"], people["health"]
    hid, _ = report(teacher)
    assert status(admin, "hazard.assign", {"hazard_id": hid, "assignee_id": health.user["id"],
                                           "deadline": today(3)}) == "applied"
    assert assigned_days_ago(admin, hid, teacher.user["id"], today(1), days=1) == "applied"
    [h] = pulled(admin, "hazard")
    assert (h["assignee_id"], h["deadline"]) == (health.user["id"], today(3))
    steps = sorted((a for a in pulled(admin, "hazard_action") if a["action"] == "assign"),
                   key=lambda a: a["at"])
    assert [a["by"] for a in steps] == [admin.user["id"]] * 2 and len(steps) == 2


def test_overdue_hazards_are_flagged_in_the_ledger_and_its_csv(people):
    admin = people["admin"]
    hid = str(uuid.uuid4())
    then = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) - dt.timedelta(days=3)
    admin.results([admin.mutation("hazard.report", {"id": hid, "what": "滑梯螺丝松动"}, device_time=then.isoformat())])
    assert assigned_days_ago(admin, hid, admin.user["id"], today(-1)) == "applied"
    [h] = admin.client.get("/api/hazards", headers=admin.headers).get_json()["hazards"]
    assert h["overdue"] is True and [s["action"] for s in h["history"]] == ["report", "assign"]
    text = admin.client.get("/api/hazards.csv", headers=admin.headers).get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][2] == "隐患" and rows[1][2] == "滑梯螺丝松动" and rows[1][-1] == "是"


def test_the_ledger_carries_each_hazard_and_step_as_the_feed_does(people, app, tmp_path):
    """The ledger reads rows past the ORM's result processing (server/ledger.py): its
    times, dates and JSON columns come out as the feed's dump of the same rows."""
    app.config["BLOB_DIR"] = tmp_path / "blobs"
    admin, health = people["admin"], people["health"]
    _, shot = put_blob(admin, jpeg())
    hid, _ = report(admin, photos=[shot])
    status(admin, "hazard.assign", {"hazard_id": hid, "assignee_id": admin.user["id"],
                                    "deadline": today(3)})
    status(admin, "hazard.fix", {"hazard_id": hid, "note": "已紧固", "photos": [shot, shot]})
    status(health, "hazard.verify", {"hazard_id": hid, "accept": False, "reason": "仍松动"})
    [h] = admin.client.get("/api/hazards", headers=admin.headers).get_json()["hazards"]
    history = h.pop("history")
    assert h.pop("overdue") is False
    named = {k: h.pop(k) for k in ("zone", "reporter", "assignee", "verifier")}
    assert named["reporter"] == named["assignee"] == admin.user["name"]
    assert h == pulled(admin, "hazard")[0] and h["photos"] == [shot] and h["deadline"] == today(3)
    steps = {a["id"]: a for a in pulled(admin, "hazard_action")}
    assert history == [steps[a["id"]] for a in history]
    assert [a["action"] for a in history] == ["report", "assign", "fix", "refuse"]
    assert history[2]["photos"] == [shot, shot] and history[1]["photos"] is None


def zone_of(phone, kind):
    return next(z for z in pulled(phone, "zone") if z["kind"] == kind)


def label_text(admin, zone_id):
    labels = admin.client.get("/api/zones/labels", headers=admin.headers).get_json()["labels"]
    svg = next(lab["svg"] for lab in labels if lab["zone_id"] == zone_id)
    assert svg.startswith("<svg")
    from server.extensions import db
    from server.models import Zone
    from server.mutations.zones import qr_text
    return db.session.get(Zone, zone_id), qr_text


def test_a_zone_check_needs_this_zones_own_code(people, app):
    guard, admin = people["guard"], people["admin"]
    gate = zone_of(guard, "gate")
    assert "code" not in gate  # the QR secret never reaches a phone
    with app.app_context():
        zone, qr_text = label_text(admin, gate["id"])
        good = qr_text(zone)
    check = {"zone_id": gate["id"], "date": today(), "kind": "opening", "proof": "qr",
             "items": {"lock": {"ok": True}, "camera": {"ok": False, "note": "黑屏"}}}
    assert status(guard, "zone.check", dict(check, code=good.rsplit(":", 1)[0] + ":forged")) == "wrong_code"
    assert status(guard, "zone.check", dict(check, code=good)) == "applied"
    zones = guard.client.get("/api/zones/today", headers=guard.headers).get_json()["zones"]
    row = next(z for z in zones if z["zone_id"] == gate["id"])
    assert row["opening"]["failed"] == 1 and row["closing"] is None


def test_only_the_responsible_person_self_checks_a_zone(people):
    teacher = people["teacher1"]
    gate = zone_of(teacher, "gate")
    check = {"zone_id": gate["id"], "date": today(), "kind": "opening", "proof": "photo",
             "photo": "a" * 64, "items": {"lock": {"ok": True}}}
    assert status(teacher, "zone.check", check) == "forbidden"


def jpeg(size=(64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "JPEG")
    return buf.getvalue()


def put_blob(phone, data, sha=None):
    sha = sha or hashlib.sha256(data).hexdigest()
    return phone.client.put(f"/api/blobs/{sha}", data=data, headers=phone.headers,
                            content_type="application/octet-stream"), sha


def test_a_photo_upload_is_idempotent_and_readable_by_its_school_only(people, login_as, app, tmp_path):
    app.config["BLOB_DIR"] = tmp_path / "blobs"
    teacher = people["teacher1"]
    data = jpeg()
    r, sha = put_blob(teacher, data)
    assert r.status_code == 200 and r.get_json()["mime"] == "image/jpeg"
    assert put_blob(teacher, data)[0].status_code == 200
    got = teacher.client.get(f"/api/blobs/{sha}", headers=teacher.headers)
    assert got.data == data
    other = login_as("admin", site="other")
    assert other.client.get(f"/api/blobs/{sha}", headers=other.headers).status_code == 404


@pytest.mark.parametrize("make, code, http", [
    (lambda: (jpeg(), "0" * 64), "hash_mismatch", 422),
    (lambda: (b"not an image at all", None), "not_an_image", 422),
    (lambda: (b"\xff\xd8" + b"0" * (5 * 1024 * 1024), None), "too_large", 413),
])
def test_corrupt_and_oversized_uploads_are_refused(people, app, tmp_path, make, code, http):
    app.config["BLOB_DIR"] = tmp_path / "blobs"
    data, sha = make()
    r, _ = put_blob(people["teacher1"], data, sha)
    assert r.status_code == http and r.get_json()["error"]["code"] == code
    assert not (tmp_path / "blobs").exists()


def _missing_photo_cases(people):
    """(phone, name, args) for each change that names a photo, the photo given as {sha}."""
    teacher, admin = people["teacher1"], people["admin"]
    hid, _ = report(admin)
    status(admin, "hazard.assign", {"hazard_id": hid, "assignee_id": teacher.user["id"],
                                    "deadline": today(2)})
    gate = zone_of(admin, "gate")
    return [
        (teacher, "hazard.report", {"id": str(uuid.uuid4()), "what": "围栏螺丝松脱",
                                    "photos": ["{sha}"]}),
        (teacher, "hazard.fix", {"hazard_id": hid, "note": "已紧固", "photos": ["{sha}"]}),
        (admin, "zone.check", {"zone_id": gate["id"], "date": today(), "kind": "opening",
                               "proof": "photo", "photo": "{sha}", "items": {"lock": {"ok": True}}}),
    ]


@pytest.mark.parametrize("case", [0, 1, 2], ids=["hazard.report", "hazard.fix", "zone.check"])
def test_a_change_naming_a_photo_the_server_lacks_is_refused_until_the_photo_is_up(
        people, app, tmp_path, case):
    """Never applied pointing at nothing: refused with a stable code, and the very same
    mutation applies once the photo is uploaded (the phone keeps both until then)."""
    app.config["BLOB_DIR"] = tmp_path / "blobs"
    phone, name, args = _missing_photo_cases(people)[case]
    data = jpeg((40, 30))
    sha = hashlib.sha256(data).hexdigest()
    args = {k: ([sha] if v == ["{sha}"] else sha if v == "{sha}" else v) for k, v in args.items()}
    m = phone.mutation(name, args)
    before = phone.pull_all()[0]
    [r] = phone.results([m])
    assert (r["status"], r["code"]) == ("rejected", "photo_missing") and sha[:12] in r["message"]
    assert phone.pull_all()[0] == before
    put_blob(phone, data)
    assert [r["status"] for r in phone.results([m])] == ["applied"]


def test_a_patrol_round_records_missed_and_out_of_order_checkpoints(people, app):
    guard = people["guard"]
    from server.extensions import db
    from server.models import PatrolRoute, Zone
    from server.mutations.zones import qr_text
    with app.app_context():
        zones = db.session.query(Zone).filter(Zone.site_id == guard.user["site_id"]).order_by(Zone.name).all()[:3]
        route = PatrolRoute(site_id=guard.user["site_id"], name="午间巡查", zone_ids=[z.id for z in zones])
        db.session.add(route)
        db.session.commit()
        codes, route_id = [qr_text(z) for z in zones], route.id
    rid = str(uuid.uuid4())
    assert status(guard, "patrol.start", {"id": rid, "route_id": route_id, "date": today()}) == "applied"
    ms = [guard.mutation("patrol.scan", {"round_id": rid, "code": c}) for c in (codes[1], codes[0])]
    assert [r["status"] for r in guard.results(ms)] == ["applied", "applied"]
    assert status(guard, "patrol.end", {"round_id": rid}) == "applied"
    [r] = pulled(guard, "patrol_round")
    assert r["missed"] == [route and codes[2].split(":")[2]] and r["out_of_order"] is True


def test_monthly_inspections_are_due_then_done_and_expiry_is_flagged(people):
    guard = people["guard"]
    listing = lambda: guard.client.get("/api/inspections", headers=guard.headers).get_json()  # noqa: E731
    eq = next(e for e in listing()["equipment"] if e["name"] == "厨房灭火器")
    assert eq["state"] == "overdue" and eq["expired"] is False  # last month not inspected
    items = {"pressure": {"ok": True}, "seal": {"ok": True}, "expiry": {"ok": True}}
    args = {"equipment_id": eq["equipment_id"], "month": listing()["month"], "items": items,
            "expires_on": today(-1)}
    assert status(guard, "inspection.record", args) == "applied"
    eq = next(e for e in listing()["equipment"] if e["name"] == "厨房灭火器")
    assert eq["state"] == "done" and eq["expired"] is True
    bad = dict(args, items={"wheels": {"ok": True}})
    assert status(guard, "inspection.record", bad) == "validation_failed"


def test_a_deadline_before_the_day_of_assigning_is_refused(people):
    """A deadline already past made the hazard overdue the moment it was assigned. The
    day is the school's when the admin assigned it: a phone offline yesterday may still
    send yesterday's deadline."""
    admin = people["admin"]
    hid, _ = report(admin)
    me = admin.user["id"]
    assert status(admin, "hazard.assign", {"hazard_id": hid, "assignee_id": me,
                                           "deadline": today(-1)}) == "validation_failed"
    assert status(admin, "hazard.assign", {"hazard_id": hid, "assignee_id": me,
                                           "deadline": today()}) == "applied"
    assert assigned_days_ago(admin, hid, me, today(-1), days=1) == "applied"


@pytest.mark.parametrize("action, args", [
    ("hazard.report", {"id": "new", "what": "   "}),
    ("hazard.fix", {"note": " \n\t "}),
    ("hazard.verify", {"accept": False, "reason": "   "}),
    ("hazard.reopen", {"reason": "  "}),
])
def test_a_text_of_only_spaces_is_no_answer(people, action, args):
    """A phone's `required` lets "   " through: the server refuses it, and the history
    never reads "整改 · 赵师傅 ·" with nothing said."""
    admin, health = people["admin"], people["health"]
    hid, _ = report(admin)
    status(admin, "hazard.assign", {"hazard_id": hid, "assignee_id": admin.user["id"], "deadline": today(1)})
    if action in ("hazard.verify", "hazard.reopen"):
        status(admin, "hazard.fix", {"hazard_id": hid, "note": "已紧固"})
    if action == "hazard.reopen":
        status(health, "hazard.verify", {"hazard_id": hid, "accept": True})
    who = health if action.startswith("hazard.verify") or action == "hazard.reopen" else admin
    args = {"id": str(uuid.uuid4()), **args} if action == "hazard.report" else dict(args, hazard_id=hid)
    before = pulled(admin, "hazard_action")
    assert status(who, action, args) == "validation_failed"
    assert pulled(admin, "hazard_action") == before


def test_what_is_typed_is_kept_without_the_spaces_around_it(people):
    hid, s = report(people["teacher1"], what="  滑梯螺丝松动 ")
    assert s == "applied" and pulled(people["admin"], "hazard")[0]["what"] == "滑梯螺丝松动"
