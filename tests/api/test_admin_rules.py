"""The admin's rules of the school: rooms' disinfection needs, the site's settings (zone
checklists, disinfection rules), the calendar, the block list and the phones' outboxes.
Each change is validated, audited and reaches the phones that need it."""
import datetime as dt

import pytest

from server.extensions import db
from sync.engine import utcnow
from sync.models import Client
from tests.conftest import stored_rows, today


def api(phone, method, path, **kw):
    return getattr(phone.client, method)(f"/api/admin{path}", headers=phone.headers, **kw)


def pulled(phone, entity):
    changes, _ = phone.pull_all()
    return [c["data"] for c in changes if c["entity"] == entity]


def day_view(phone):
    return phone.client.get("/api/health/today", headers=phone.headers).get_json()


def audit(admin, entity):
    return api(admin, "get", f"/audit?entity={entity}").get_json()["audit"]


@pytest.fixture
def admin(login_as):
    return login_as("admin")


@pytest.fixture
def room(login_as):
    """teacher1's classroom, as her phone has it."""
    [room] = pulled(login_as("teacher1"), "room")
    return room


# -- rooms' disinfection needs ---------------------------------------------------------------

def test_a_room_with_needs_of_its_own_needs_exactly_those_in_the_day_view(admin, room, login_as,
                                                                         open_today):
    r = api(admin, "put", f"/rooms/{room['id']}/needs", json={"needs": {"air": 3, "tableware": 0,
                                                                         "bedding": 1}})
    assert r.status_code == 200 and r.get_json()["own"] is True
    needs = {n["item"]: n for n in r.get_json()["needs"]}
    assert (needs["air"]["rounds"], needs["air"]["default"]) == (3, 2)
    assert (needs["towels"]["rounds"], needs["towels"]["default"]) == (0, 1)
    day = lambda: {d["item"]: d["due"] for d in day_view(login_as("health"))["disinfection"]  # noqa: E731
                   if d["room_id"] == room["id"]}
    assert day() == {"air": 3, "bedding": 1}
    assert api(admin, "put", f"/rooms/{room['id']}/needs", json={"needs": None}).get_json()["own"] is False
    assert day() == {"air": 2, "surfaces_toys": 1, "tableware": 3, "towels": 1, "door_handles": 1}


def test_a_rooms_needs_reach_its_teachers_phone_and_leave_it_when_put_back_on_the_defaults(
        admin, room, login_as):
    teacher, other = login_as("teacher1"), login_as("teacher2")
    _, cursor = teacher.pull_all()
    api(admin, "put", f"/rooms/{room['id']}/needs", json={"needs": {"air": 4}})
    changes, cursor = teacher.pull_all(cursor)
    [need] = [c["data"] for c in changes if c["entity"] == "room_need"]
    assert (need["room_id"], need["item"], need["rounds"]) == (room["id"], "air", 4)
    assert pulled(other, "room_need") == []  # another class's phone never gets it
    api(admin, "put", f"/rooms/{room['id']}/needs", json={"needs": None})
    changes, _ = teacher.pull_all(cursor)
    assert [(c["entity"], c["op"]) for c in changes] == [("room_need", "delete")]
    assert next(n for n in api(admin, "get", f"/rooms/{room['id']}/needs").get_json()["needs"]
                if n["item"] == "air") == {"item": "air", "rounds": 2, "default": 2}


def test_a_change_of_needs_is_audited_before_and_after(admin, room):
    api(admin, "put", f"/rooms/{room['id']}/needs", json={"needs": {"air": 3}})
    api(admin, "put", f"/rooms/{room['id']}/needs", json={"needs": {"air": 1, "toilets": 2}})
    last = audit(admin, "room_need")[0]
    assert last["entity_id"] == room["id"]
    assert last["before"] == {"air": 3} and last["after"] == {"air": 1, "toilets": 2}


def test_a_room_given_to_another_class_takes_its_needs_along(admin, room, login_as):
    old, new = login_as("teacher1"), login_as("teacher2")
    api(admin, "put", f"/rooms/{room['id']}/needs", json={"needs": {"air": 3}})
    _, old_cursor = old.pull_all()
    _, new_cursor = new.pull_all()
    api(admin, "patch", f"/rooms/{room['id']}", json={"class_id": new.user["class_ids"][0]})
    gone = [c for c in old.pull_all(old_cursor)[0] if c["entity"] == "room_need"]
    came = [c for c in new.pull_all(new_cursor)[0] if c["entity"] == "room_need"]
    assert [c["op"] for c in gone] == ["delete"] and came[0]["data"]["rounds"] == 3


def test_a_room_with_needs_can_still_be_deleted_and_its_needs_go_with_it(admin):
    made = api(admin, "post", "/rooms", json={"name": "储藏室"}).get_json()
    api(admin, "put", f"/rooms/{made['id']}/needs", json={"needs": {"air": 1}})
    assert api(admin, "delete", f"/rooms/{made['id']}").status_code == 200
    assert api(admin, "get", f"/rooms/{made['id']}/needs").status_code == 404


@pytest.mark.parametrize("needs, field", [
    ({"windows": 1}, "needs"), ({"air": 7}, "needs"), ({"air": -1}, "needs"),
    ({"air": "2"}, "needs"), ({"air": 1.5}, "needs"), (["air"], "needs"), ({"air": None}, "needs"),
])
def test_bad_needs_are_refused_with_the_reason_and_change_nothing(admin, room, app, needs, field):
    before = stored_rows(app)
    r = api(admin, "put", f"/rooms/{room['id']}/needs", json={"needs": needs})
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "validation_failed"
    assert any(k.startswith(field) for k in r.get_json()["error"]["fields"])
    assert stored_rows(app) == before


def test_only_the_admin_of_the_rooms_own_school_sets_its_needs(room, login_as):
    assert api(login_as("health"), "put", f"/rooms/{room['id']}/needs",
               json={"needs": {"air": 1}}).status_code == 403
    other = login_as("admin", site="other")
    assert api(other, "put", f"/rooms/{room['id']}/needs", json={"needs": {"air": 1}}).status_code == 404


# -- the site's settings -----------------------------------------------------------------------

def checklist(phone, kind):
    lists = phone.client.get("/api/zones/checklists", headers=phone.headers).get_json()
    return lists["zones"][kind]


def test_a_zone_checklist_edited_reaches_the_phones_and_keeps_its_keys(admin, login_as):
    guard = login_as("guard")
    old = checklist(guard, "gate")
    items = [old[2], {"zh": "消防通道畅通", "en": "fire lane clear"}, old[0]]  # reordered, one new
    r = api(admin, "put", "/settings/zone-checklists/gate", json={"items": items})
    assert r.status_code == 200 and r.get_json()["custom"] is True
    now = checklist(guard, "gate")
    assert [i["key"] for i in now][0::2] == [old[2]["key"], old[0]["key"]]
    assert now[1]["zh"] == "消防通道畅通" and now[1]["key"] not in {i["key"] for i in old}
    assert audit(admin, "settings")[0]["entity_id"] == "zone_checklists/gate"
    assert api(admin, "delete", "/settings/zone-checklists/gate").get_json()["custom"] is False
    assert checklist(guard, "gate") == old


def test_the_phones_get_the_checklists_in_force_with_the_school_in_their_feed(admin, login_as):
    """A zone check opened offline before any GET /api/zones/checklists still has its
    items: the feed's site record carries what that view answers, and follows an edit."""
    guard = login_as("guard")
    [site] = pulled(guard, "site")
    assert site["zone_checklists"] == guard.client.get("/api/zones/checklists", headers=guard.headers).get_json()
    assert site["zone_checklists"]["default"] and site["zone_checklists"]["zones"]["gate"]
    api(admin, "put", "/settings/zone-checklists/gate", json={"items": [{"zh": "只有一项"}]})
    [site] = pulled(guard, "site")
    assert [i["zh"] for i in site["zone_checklists"]["zones"]["gate"]] == ["只有一项"]


def test_a_checklist_change_never_rewrites_the_checks_already_recorded(admin, login_as,
                                                                     uploaded_photo):
    guard = login_as("guard")
    gate = next(z for z in pulled(guard, "zone") if z["kind"] == "gate")
    check = {"zone_id": gate["id"], "date": today(), "kind": "opening", "proof": "photo",
             "photo": uploaded_photo(guard), "items": {"lock": {"ok": True}, "camera": {"ok": True}}}
    [r] = guard.results([guard.mutation("zone.check", check)])
    assert r["status"] == "applied"
    [before] = pulled(guard, "zone_check")
    api(admin, "put", "/settings/zone-checklists/gate", json={"items": [{"zh": "只有一项"}]})
    assert pulled(guard, "zone_check") == [before]


@pytest.mark.parametrize("body", [
    {"items": []}, {"items": [{"en": "no Chinese"}]}, {"items": [{"zh": "x" * 101}]},
    {"items": [{"key": "a", "zh": "一"}, {"key": "a", "zh": "二"}]},
    {"items": [{"key": "bad key!", "zh": "一"}]}, {"items": [{"zh": "一", "colour": "red"}]},
    {"items": [{"zh": "一"}] * 41}, {"items": "windows"},
])
def test_a_bad_checklist_is_refused_and_changes_nothing(admin, app, body):
    before = stored_rows(app)
    r = api(admin, "put", "/settings/zone-checklists/classroom", json=body)
    assert r.status_code == 422 and r.get_json()["error"]["fields"]
    assert stored_rows(app) == before


def test_the_schools_own_disinfection_rules_reach_the_server_checks_and_the_phones(admin, room, login_as,
                                                                                  open_today):
    teacher = login_as("teacher1")
    r = api(admin, "put", "/settings/disinfection", json={"minimum": {"uv": {"*": 90}},
                                                           "daily": {"air": 3}})
    assert r.status_code == 200 and r.get_json()["rules"]["minimum"]["uv"]["*"] == 90
    [site] = pulled(teacher, "site")
    assert site["disinfection"]["minimum"]["uv"]["*"] == 90
    assert site["disinfection"]["minimum"]["chlorine"]["toilets"] == 500  # the defaults stay
    uv = {"room_id": room["id"], "date": today(), "item": "air", "round": 1, "method": "uv",
          "amount": 75}
    assert teacher.results([teacher.mutation("disinfection.record", uv)])[0]["status"] == "applied"
    assert pulled(teacher, "disinfection")[0]["below_minimum"] is True
    air = next(d for d in day_view(teacher)["disinfection"]
               if d["room_id"] == room["id"] and d["item"] == "air")
    assert air["due"] == 3 and air["below_minimum"] == 1
    assert audit(admin, "settings")[0]["after"]["disinfection"]["daily"] == {"air": 3}


@pytest.mark.parametrize("body, field", [
    ({"minimum": {"uv": {"*": 30}}}, "minimum"),          # laxer than the national rule
    ({"observation_room_chlorine": 250}, "observation_room_chlorine"),
    ({"minimum": {"laser": {"*": 90}}}, "minimum"),
    ({"minimum": {"airing": {"*": 1500}}}, "minimum"),    # no round could reach it
    ({"minimum": {"sun_drying": {"bedding": 30}}}, "minimum"),
    ({"daily": {"air": 9}}, "daily"), ({"outbreak": {"rounds_factor": 5}}, "outbreak"),
    ({"colour": "red"}, "colour"),
])
def test_disinfection_rules_laxer_than_the_national_minimum_or_malformed_are_refused(admin, app, body, field):
    before = stored_rows(app)
    r = api(admin, "put", "/settings/disinfection", json=body)
    assert r.status_code == 422
    assert any(k.startswith(field) for k in r.get_json()["error"]["fields"])
    assert stored_rows(app) == before


def test_the_site_form_refuses_settings_nothing_reads(admin, app):
    before = stored_rows(app)
    r = api(admin, "patch", "/site", json={"settings": {"theme": "dark"}})
    assert r.status_code == 422 and "settings.theme" in r.get_json()["error"]["fields"]
    assert stored_rows(app) == before


# -- the calendar ----------------------------------------------------------------------------

def test_a_day_taken_off_the_calendar_is_gone_and_audited(admin):
    api(admin, "put", "/calendar/2026-12-31", json={"kind": "holiday", "note": "元旦前"})
    assert api(admin, "delete", "/calendar/2026-12-31").status_code == 200
    assert api(admin, "get", "/calendar").get_json()["calendar"] == []
    entry = audit(admin, "calendar")[0]
    assert (entry["action"], entry["before"]["kind"], entry["after"]) == ("delete", "holiday", None)
    r = api(admin, "delete", "/calendar/2026-12-31")
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
    assert api(admin, "delete", "/calendar/31-12-2026").status_code == 422


# -- the block list --------------------------------------------------------------------------

ID = "11010519491231002X"


def test_a_block_entry_added_by_the_admin_reaches_the_guard_masked_and_is_removed(admin, login_as):
    guard = login_as("guard")
    r = api(admin, "post", "/block-list", json={"name": "某人", "id_number": ID, "reason": "家长纠纷"})
    assert r.status_code == 201 and "id_number" not in r.get_json()
    entry = r.get_json()
    [seen] = pulled(guard, "block_entry")
    assert seen["id_masked"] == "110***********002X" and seen["reason"] == "家长纠纷"
    assert ID not in str(guard.pull_all()[0]) and ID not in str(audit(admin, "block_entry"))
    _, cursor = guard.pull_all()
    assert api(admin, "delete", f"/block-list/{entry['id']}").status_code == 200
    changes, _ = guard.pull_all(cursor)
    assert [(c["entity"], c["op"]) for c in changes] == [("block_entry", "delete")]
    assert [a["action"] for a in audit(admin, "block_entry")] == ["delete", "create"]


def test_a_lifted_block_entry_no_longer_blocks_a_visitor(admin, login_as):
    import uuid
    guard = login_as("guard")
    entry = api(admin, "post", "/block-list", json={"name": "某人", "id_number": ID}).get_json()
    visit = lambda: {"id": str(uuid.uuid4()), "date": today(), "name": "某人", "id_type": "cn_id",  # noqa: E731
                     "id_number": ID, "purpose": "送东西", "host_id": admin.user["id"]}
    guard.results([guard.mutation("visitor.register", visit())])
    api(admin, "patch", f"/block-list/{entry['id']}", json={"active": False})
    guard.results([guard.mutation("visitor.register", visit())])
    assert sorted(v["blocked"] for v in pulled(guard, "visitor")) == [False, True]


def test_only_the_admin_keeps_the_block_list(login_as):
    guard = login_as("guard")
    assert api(guard, "post", "/block-list", json={"name": "某人"}).status_code == 403
    r = api(login_as("admin"), "post", "/block-list", json={"reason": "x" * 201})
    assert r.status_code == 422 and set(r.get_json()["error"]["fields"]) == {"name", "reason"}


# -- the phones' outboxes --------------------------------------------------------------------

def device(admin, phone):
    return next(d for d in api(admin, "get", "/devices").get_json()["devices"]
                if d["client_id"] == phone.client_id)


def test_a_phone_reports_its_outbox_on_push_and_pull_and_the_device_view_shows_it(admin, login_as):
    teacher = login_as("teacher1")
    assert teacher.push([], outbox=3).status_code == 200
    d = device(admin, teacher)
    assert d["outbox"] == 3 and d["outbox_at"] and "queued" in d["flags"]
    r = teacher.client.get("/api/sync/pull?cursor=0&outbox=0", headers=teacher.headers)
    assert r.status_code == 200
    d = device(admin, teacher)
    assert d["outbox"] == 0 and "queued" not in d["flags"]
    teacher.push([])  # a phone that does not say keeps what it said last
    assert device(admin, teacher)["outbox"] == 0


def test_a_bad_outbox_count_is_refused(login_as):
    teacher = login_as("teacher1")
    r = teacher.push([], outbox=-1)
    assert r.status_code == 422 and "outbox" in r.get_json()["error"]["fields"]
    r = teacher.client.get("/api/sync/pull?outbox=many", headers=teacher.headers)
    assert r.status_code == 422 and "outbox" in r.get_json()["error"]["fields"]


def _last_seen(app, phone, days_ago: int) -> None:
    """The phone was last heard from `days_ago` days ago (and not since)."""
    with app.app_context():
        client = db.session.get(Client, (phone.user["site_id"], phone.client_id))
        then = utcnow() - dt.timedelta(days=days_ago)
        client.first_seen = client.last_pull_at = client.last_push_at = then
        db.session.commit()


def test_a_phone_is_flagged_when_quiet_on_a_day_its_person_worked(app, admin, login_as):
    teacher = login_as("teacher1")
    assert teacher.push([]).status_code == 200
    assert "not_seen" not in device(admin, teacher)["flags"]  # seen just now
    _last_seen(app, teacher, 1)
    assert "not_seen" not in device(admin, teacher)["flags"]  # yesterday: no whole day missed
    _last_seen(app, teacher, 8)  # a week and a day: five working days at least
    assert "not_seen" in device(admin, teacher)["flags"]
    quiet = [today(-d) for d in range(1, 8)]
    # Every one of those days a holiday (a long break): nothing was owed.
    for day in quiet:
        assert api(admin, "put", f"/calendar/{day}", json={"kind": "holiday"}).status_code == 200
    assert "not_seen" not in device(admin, teacher)["flags"]
    # One of them made a working day, but the teacher was on leave that day.
    workday = quiet[3]
    assert api(admin, "put", f"/calendar/{workday}", json={"kind": "workday"}).status_code == 200
    assert "not_seen" in device(admin, teacher)["flags"]
    r = api(admin, "post", "/staff-absences", json={"user_id": teacher.user["id"], "date_from": workday,
                                                   "date_to": workday, "reason": "年假"})
    assert r.status_code == 201, r.get_json()
    assert "not_seen" not in device(admin, teacher)["flags"]


# -- equipment and patrol routes ---------------------------------------------------------------

def zone_ids(admin):
    return {z["name"]: z["id"] for z in api(admin, "get", "/zones").get_json()["zones"]}


def test_equipment_added_by_the_admin_is_due_for_its_monthly_inspection(admin, login_as):
    zones = zone_ids(admin)
    r = api(admin, "post", "/equipment", json={"name": "二楼灭火器", "kind": "extinguisher",
                                               "zone_id": next(iter(zones.values())),
                                               "expires_on": "2027-06-30"})
    assert r.status_code == 201
    health = login_as("health")
    due = health.client.get("/api/inspections", headers=health.headers).get_json()["equipment"]
    assert any(e["name"] == "二楼灭火器" and e["state"] == "overdue" for e in due)
    assert api(admin, "post", "/equipment", json={"name": "x", "kind": "rocket"}).status_code == 422
    assert api(admin, "delete", f"/equipment/{r.get_json()['id']}").status_code == 200


def test_a_patrol_route_keeps_its_checkpoints_in_order_and_refuses_unknown_zones(admin, login_as):
    zones = list(zone_ids(admin).values())
    r = api(admin, "post", "/patrol-routes", json={"name": "午间巡查", "zone_ids": zones[2::-1]})
    assert r.status_code == 201 and r.get_json()["zone_ids"] == zones[2::-1]
    [route] = [p for p in pulled(login_as("guard"), "patrol_route") if p["name"] == "午间巡查"]
    assert route["zone_ids"] == zones[2::-1]
    theirs = api(login_as("admin", site="other"), "get", "/zones").get_json()["zones"][0]["id"]
    for bad in ([theirs], [zones[0], zones[0]], []):
        r = api(admin, "post", "/patrol-routes", json={"name": "坏路线", "zone_ids": bad})
        assert r.status_code == 422 and "zone_ids" in r.get_json()["error"]["fields"]


def test_a_zone_still_referenced_is_not_deleted_and_says_why(admin):
    route = api(admin, "get", "/patrol-routes").get_json()["patrol-routes"][0]
    r = api(admin, "delete", f"/zones/{route['zone_ids'][0]}")
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "in_use"
