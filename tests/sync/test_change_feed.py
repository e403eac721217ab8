"""The change feed (DESIGN.md promise 5, PROTOCOL.md "Pull"): pages, resumable cursors,
one entry per record as it is now, resets, and what each role may see."""
import pytest
from sqlalchemy import select, update

from server.extensions import db
from server.models import SchoolClass, User, UserClass
from sync.models import SiteSeq
from tests.conftest import check_args, children_of, today


def checks_in(changes):
    return [c for c in changes if c["entity"] == "health_check"]


def test_pages_of_any_size_carry_the_same_changes_in_seq_order(login_as):
    phone = login_as("admin")
    whole, cursor = phone.pull_all()
    paged, paged_cursor = phone.pull_all(limit=7)
    assert paged == whole and paged_cursor == cursor
    seqs = [c["seq"] for c in whole]
    assert seqs == sorted(set(seqs)) and len(whole) > 90


def test_a_first_sync_cut_off_halfway_resumes_where_it_stopped(login_as):
    phone = login_as("health")
    first = phone.pull(0, 40).get_json()
    assert first["has_more"] and len(first["changes"]) == 40
    rest, cursor = phone.pull_all(first["cursor"])
    assert first["changes"] + rest == phone.pull_all()[0]
    assert phone.pull(cursor).get_json() == {"changes": [], "cursor": cursor, "has_more": False}


def test_each_page_says_where_the_next_starts_in_its_headers_too(login_as):
    """A phone asks for the next page as soon as a page's headers arrive (README: the
    additions to PROTOCOL.md): the headers say what the body says, page by page."""
    phone = login_as("health")
    documented = phone.client.get("/api/openapi.json").get_json()[
        "paths"]["/api/sync/pull"]["get"]["responses"]["200"]["headers"]
    assert set(documented) == {"Sync-Cursor", "Sync-Has-More", "Sync-Reset"}
    cursor, pages = 0, 0
    while True:
        answer = phone.pull(cursor, 40)
        body = answer.get_json()
        assert answer.headers["Sync-Cursor"] == str(body["cursor"])
        assert answer.headers["Sync-Has-More"] == ("1" if body["has_more"] else "0")
        assert "Sync-Reset" not in answer.headers
        cursor, pages = body["cursor"], pages + 1
        if not body["has_more"]:
            break
    assert pages > 2
    reset = phone.pull(cursor + 1)
    assert reset.get_json()["reset"] is True and reset.headers["Sync-Reset"] == "1"
    assert "Sync-Cursor" not in reset.headers and "Sync-Has-More" not in reset.headers


def test_a_record_changed_twice_comes_once_as_it_is_now(login_as):
    phone = login_as("health")
    _, cursor = phone.pull_all()
    child = children_of(phone)[0]["id"]
    phone.results([phone.mutation("check.record", check_args(child, temperature=36.5))])
    phone.results([phone.mutation("check.record", check_args(child, temperature=36.9))])
    changes, _ = phone.pull_all(cursor)
    assert [c["data"]["temperature"] for c in checks_in(changes)] == [36.9]


def test_a_change_carries_the_whole_record_with_who_when_and_which_device(login_as):
    phone = login_as("teacher1")
    m = phone.mutation("check.record", check_args(children_of(phone)[0]["id"]))
    phone.results([m])
    [change] = checks_in(phone.pull_all()[0])
    assert change["op"] == "put" and change["id"] == change["data"]["id"]
    data = change["data"]
    assert (data["recorded_by"], data["device_id"], data["hlc"]) == (
        phone.user["id"], phone.client_id, m["hlc"])
    assert data["device_time"] and data["received_at"] and data["clock_skewed"] is False


def test_a_cursor_beyond_the_sites_last_change_answers_reset(login_as):
    phone = login_as("health")
    _, cursor = phone.pull_all()
    assert phone.pull(cursor + 1).get_json()["reset"] is True


def test_a_cursor_below_the_floor_answers_reset(app, login_as):
    phone = login_as("health")
    with app.app_context():
        db.session.execute(update(SiteSeq).where(SiteSeq.site_id == phone.user["site_id"])
                           .values(floor=20))
        db.session.commit()
    assert phone.pull(5).get_json()["reset"] is True
    assert phone.pull(20).get_json().get("reset") is None
    assert phone.pull(0).get_json().get("reset") is None


def test_a_cursor_made_before_a_scope_change_answers_reset(app, login_as):
    phone = login_as("teacher1")
    _, cursor = phone.pull_all()
    with app.app_context():
        user = db.session.get(User, phone.user["id"])
        other = db.session.execute(select(SchoolClass.id).where(
            SchoolClass.site_id == user.site_id,
            SchoolClass.id.not_in(phone.user["class_ids"]))).scalars().first()
        db.session.add(UserClass(user_id=user.id, class_id=other, site_id=user.site_id))
        db.session.commit()
    assert phone.pull(cursor).get_json()["reset"] is True
    assert {c["class_id"] for c in children_of(phone)} == {*phone.user["class_ids"], other}


def test_a_caregiver_pulls_only_her_classes_children_and_checks(login_as):
    nurse, teacher = login_as("health"), login_as("teacher1")
    kids = children_of(nurse)
    nurse.results([nurse.mutation("check.record", check_args(k["id"])) for k in kids])
    mine = set(teacher.user["class_ids"])
    changes, _ = teacher.pull_all()
    kids_seen = [c["data"] for c in changes if c["entity"] == "child"]
    assert kids_seen and {k["class_id"] for k in kids_seen} == mine
    assert len(checks_in(changes)) == len(kids_seen) < len(kids)
    assert {c["data"]["class_id"] for c in checks_in(changes)} == mine
    assert {c["id"] for c in changes if c["entity"] == "class"} == mine


def test_the_guard_pulls_names_and_classes_but_no_health_check(login_as):
    nurse, guard = login_as("health"), login_as("guard")
    nurse.results([nurse.mutation("check.record", check_args(children_of(nurse)[0]["id"]))])
    entities = {c["entity"] for c in guard.pull_all()[0]}
    assert {"class", "child", "user"} <= entities and "health_check" not in entities


def test_dated_records_outside_the_pull_window_are_not_sent(app, login_as):
    phone = login_as("health")
    window = app.config["PULL_WINDOW_DAYS"]
    child = children_of(phone)[0]["id"]
    dates = [today(-window - 5), today(-window + 1), today()]
    phone.results([phone.mutation("check.record", check_args(child, date=d)) for d in dates])
    sent = sorted(c["data"]["date"] for c in checks_in(phone.pull_all()[0]))
    assert sent == dates[1:]


def test_user_records_in_the_feed_never_carry_password_hashes(login_as):
    users = [c["data"] for c in login_as("admin").pull_all()[0] if c["entity"] == "user"]
    assert len(users) == 6 and not any("password" in k for u in users for k in u)


def test_a_scope_key_tells_classes_apart_however_many_kinds_of_record_it_holds():
    from sync.engine import Scope
    kinds = frozenset(f"kind_of_record_{i}" for i in range(40))
    a, b = Scope(kinds, frozenset({"class-a"}), None), Scope(kinds, frozenset({"class-b"}), None)
    assert a.key != b.key and len(a.key) <= 256


def move(admin, kid, class_id):
    r = admin.client.patch(f"/api/admin/children/{kid}", json={"class_id": class_id},
                           headers=admin.headers)
    assert r.status_code == 200, r.get_json()


@pytest.mark.parametrize("limit", [1000, 1], ids=["one page", "pages of one"])
def test_a_child_moved_twice_between_pulls_leaves_the_first_class_s_phones(login_as, limit):
    """A change row names only the class its record last left: moved A → B → C before a
    phone of A pulled again, the child stayed on that phone for good. Each phone ends with
    the class's own children, each change once; moved back A → B → A, it stays."""
    t1, t2, t3, admin = (login_as(u) for u in ("teacher1", "teacher2", "teacher3", "admin"))
    a, b, c = (t.user["class_ids"][0] for t in (t1, t2, t3))
    kid, back = (k["id"] for k in children_of(t1, a)[:2])
    cursors = {t: t.pull_all()[1] for t in (t1, t2, t3)}
    move(admin, kid, b)
    move(admin, kid, c)
    move(admin, back, b)
    move(admin, back, a)
    for phone, cls in ((t1, a), (t2, b), (t3, c)):
        changes, _ = phone.pull_all(cursors[phone], limit)
        ids = [(ch["entity"], ch["id"]) for ch in changes]
        assert len(ids) == len(set(ids)), ids
        ops = {ch["id"]: ch["op"] for ch in changes if ch["entity"] == "child"}
        if cls == a:
            assert ops == {kid: "delete", back: "put"}
        if cls == c:
            assert ops.get(kid) == "put"
        held = set()  # a first sync, applied as a phone does
        for ch in phone.pull_all()[0]:
            if ch["entity"] == "child":
                (held.add if ch["op"] == "put" else held.discard)(ch["id"])
        assert (kid in held) == (cls == c) and (back in held) == (cls == a)
