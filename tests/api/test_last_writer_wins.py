"""Last writer wins on every record phones edit (DESIGN.md promise 4), not only the checks:
the adults who may pick a child up, the visitor block list, equipment inspections and
the equipment's expiry. Whatever order two edits arrive in, the one with the later clock
holds; an edit the admin makes on her pages beats what was made before it. A caregiver
edits only the adults of her own class's children."""
import time
import uuid

import pytest

from tests.conftest import children_of, today


def pulled(phone, entity):
    changes, _ = phone.pull_all()
    return {c["id"]: c["data"] for c in changes if c["entity"] == entity and c["op"] == "put"}


def push_in_order(phone, name, older, newer, newer_first):
    """Two edits of one record, the newer clock 5 s after the older, in the given order."""
    ms = phone.ms
    edits = [phone.mutation(name, older, hlc=phone.hlc(ms)),
             phone.mutation(name, newer, hlc=phone.hlc(ms + 5000))]
    for m in (edits[::-1] if newer_first else edits):
        assert [r["status"] for r in phone.results([m])] == ["applied"]


@pytest.mark.parametrize("newer_first", [True, False], ids=["newer first", "older first"])
def test_an_adult_taken_off_the_list_stays_off_whatever_order_the_edits_sync_in(
        login_as, newer_first):
    teacher = login_as("teacher1")
    kid = children_of(teacher, teacher.user["class_ids"][0])[0]["id"]
    aid = str(uuid.uuid4())
    base = {"id": aid, "child_id": kid, "relation": "舅舅", "phone": None}
    push_in_order(teacher, "pickup_adult.put", {**base, "name": "王舅舅", "active": True},
                  {**base, "name": "王大舅", "active": False}, newer_first)
    adult = pulled(teacher, "pickup_adult")[aid]
    assert (adult["name"], adult["active"]) == ("王大舅", False)


@pytest.mark.parametrize("newer_first", [True, False], ids=["newer first", "older first"])
def test_a_lifted_block_list_entry_stays_lifted_whatever_order_the_edits_sync_in(
        login_as, newer_first):
    admin = login_as("admin")
    bid = str(uuid.uuid4())
    base = {"id": bid, "name": "张某", "id_number": None, "reason": "法院禁令"}
    push_in_order(admin, "blocklist.put", {**base, "active": True}, {**base, "active": False},
                  newer_first)
    assert pulled(login_as("guard"), "block_entry")[bid]["active"] is False


@pytest.mark.parametrize("newer_first", [True, False], ids=["newer first", "older first"])
def test_an_inspection_and_the_expiry_it_sets_keep_the_later_edit(login_as, newer_first):
    guard = login_as("guard")
    listing = guard.client.get("/api/inspections", headers=guard.headers).get_json()
    eq = next(e for e in listing["equipment"] if e["name"] == "厨房灭火器")
    base = {"equipment_id": eq["equipment_id"], "month": listing["month"]}
    broken = {**base, "items": {"pressure": {"ok": False, "note": "压力不足"}},
              "expires_on": today(30), "note": "待更换"}
    fine = {**base, "items": {"pressure": {"ok": True}, "seal": {"ok": True},
                              "expiry": {"ok": True}}, "expires_on": today(365), "note": None}
    push_in_order(guard, "inspection.record", fine, broken, newer_first)
    [inspection] = pulled(guard, "inspection").values()
    assert (inspection["ok"], inspection["note"]) == (False, "待更换")
    assert pulled(guard, "equipment")[eq["equipment_id"]]["expires_on"] == today(30)


def test_an_admin_edit_beats_an_older_phone_edit_that_syncs_after_it(login_as):
    teacher, admin = login_as("teacher1"), login_as("admin")
    kid = children_of(teacher, teacher.user["class_ids"][0])[0]["id"]
    adult = next(a for a in pulled(teacher, "pickup_adult").values() if a["child_id"] == kid)
    r = admin.client.patch(f"/api/admin/pickup-adults/{adult['id']}", json={"active": False},
                           headers=admin.headers)
    assert r.status_code == 200, r.get_json()
    stale = {k: adult[k] for k in ("id", "child_id", "name", "relation", "phone")}
    teacher.results([teacher.mutation("pickup_adult.put", {**stale, "active": True})])
    assert pulled(teacher, "pickup_adult")[adult["id"]]["active"] is False
    fresh = teacher.mutation("pickup_adult.put", {**stale, "active": True},  # made after hers
                             hlc=teacher.hlc(int(time.time() * 1000) + 1000))
    teacher.results([fresh])
    assert pulled(teacher, "pickup_adult")[adult["id"]]["active"] is True


def test_a_caregiver_cannot_take_over_another_class_s_adult(login_as):
    teacher1, teacher2, admin = login_as("teacher1"), login_as("teacher2"), login_as("admin")
    mine = children_of(teacher1, teacher1.user["class_ids"][0])[0]["id"]
    theirs = next(a for a in pulled(teacher2, "pickup_adult").values())
    hijack = {"id": theirs["id"], "child_id": mine, "name": "冒名", "relation": "舅舅",
              "phone": "1"}
    [r] = teacher1.results([teacher1.mutation("pickup_adult.put", hijack)])
    assert (r["status"], r["code"]) == ("rejected", "conflict")
    assert pulled(admin, "pickup_adult")[theirs["id"]] == theirs


def test_the_adults_of_a_child_moved_to_another_class_go_with_it(login_as):
    teacher1, teacher2, admin = login_as("teacher1"), login_as("teacher2"), login_as("admin")
    kid = children_of(teacher1, teacher1.user["class_ids"][0])[0]["id"]
    adults = {i for i, a in pulled(teacher1, "pickup_adult").items() if a["child_id"] == kid}
    assert adults
    _, cursor1 = teacher1.pull_all()
    r = admin.client.patch(f"/api/admin/children/{kid}",
                           json={"class_id": teacher2.user["class_ids"][0]}, headers=admin.headers)
    assert r.status_code == 200, r.get_json()
    assert adults <= set(pulled(teacher2, "pickup_adult"))
    gone = {c["id"] for c in teacher1.pull_all(cursor1)[0] if c["op"] == "delete"}
    assert adults | {kid} <= gone
