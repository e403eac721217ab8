"""Discarding a refused change on the phone is logged on the server, under the sign-in of
the person who sent it: never under the next person's on a shared phone."""
from tests.conftest import check_args, children_of, log_rows


def discard(phone, m: dict, code: str):
    return phone.client.post("/api/sync/discard", headers=phone.headers, json={
        "client_id": phone.client_id, "mutations": [{**m, "code": code, "message": "refused"}]})


def test_a_refused_change_is_discarded_by_the_one_who_sent_it(app, login_as):
    teacher1, health = login_as("teacher1"), login_as("health")
    theirs = {c["id"] for c in children_of(teacher1)}
    other = next(c for c in children_of(health) if c["id"] not in theirs)
    m = teacher1.mutation("check.record", check_args(other["id"]))
    [refused] = teacher1.results([m])
    r = discard(health, m, refused["code"])
    assert (r.status_code, r.get_json()["error"]["code"]) == (403, "other_user")
    assert discard(teacher1, m, refused["code"]).status_code == 200
    assert [(r["status"], r["user_id"]) for r in log_rows(app, id=m["id"])] == [
        ("rejected", teacher1.user["id"]), ("discarded", teacher1.user["id"])]
