"""A check keeps every version of itself as it was sent, winning or not (its `history`):
a correction never silently overwrites what was recorded before, and a retried or
refused mutation adds no version."""
import datetime as dt

from tests.conftest import check_args, children_of

BASE_MS = 1_764_000_000_000


def pulled_check(phone, cursor=0):
    changes, cursor = phone.pull_all(cursor)
    checks = [c["data"] for c in changes if c["entity"] == "health_check"]
    return (checks[0] if checks else None), cursor


def utc(rfc3339: str) -> str:
    return dt.datetime.fromisoformat(rfc3339).astimezone(dt.timezone.utc).isoformat()


def test_a_corrected_check_keeps_both_versions_with_who_when_and_where(login_as):
    teacher, nurse = login_as("teacher1"), login_as("health")
    kid = children_of(teacher)[0]["id"]
    first = teacher.mutation("check.record", check_args(kid), hlc=teacher.hlc(BASE_MS))
    fix = nurse.mutation("check.record", check_args(kid, "abnormal", temperature=38.2,
                                                    symptoms=["fever"], action="observe"),
                         hlc=nurse.hlc(BASE_MS + 60_000))
    assert [r["status"] for r in nurse.results([fix]) + teacher.results([first])] == [
        "applied", "applied"]  # the correction arrives first: the list is still in clock order
    check, _ = pulled_check(teacher)
    assert check["status"] == "abnormal"
    old, new = check["history"]
    assert (old["id"], new["id"]) == (first["id"], fix["id"])
    assert old["values"] == {"status": "normal", "temperature": None, "symptoms": [],
                             "action": None, "absence_reason": None, "note": None}
    assert new["values"]["temperature"] == 38.2 and new["values"]["symptoms"] == ["fever"]
    assert (old["hlc"], old["recorded_by"], old["device_id"]) == (
        first["hlc"], teacher.user["id"], teacher.client_id)
    assert (new["recorded_by"], new["device_id"]) == (nurse.user["id"], nurse.client_id)
    assert old["device_time"] == utc(first["device_time"])  # RFC 3339, as the feed sends times
    assert dt.datetime.fromisoformat(old["received_at"]).tzinfo is not None
    assert old["clock_skewed"] is False and set(old) == set(new) == {
        "id", "values", "hlc", "recorded_by", "device_id", "device_time", "received_at",
        "clock_skewed"}


def test_a_version_that_loses_is_kept_and_the_check_comes_again_in_the_feed(login_as):
    teacher = login_as("teacher1")
    kid = children_of(teacher)[0]["id"]
    late = teacher.mutation("check.record", check_args(kid, "absent", absence_reason="ill"),
                            hlc=teacher.hlc(BASE_MS + 60_000))
    early = teacher.mutation("check.record", check_args(kid), hlc=teacher.hlc(BASE_MS))
    teacher.results([late])
    _, cursor = pulled_check(teacher)
    teacher.results([early])
    check, _ = pulled_check(teacher, cursor)
    assert check["status"] == "absent"  # the older edit changed no field...
    assert [v["id"] for v in check["history"]] == [early["id"], late["id"]]  # ...but is kept


def test_a_retried_or_refused_mutation_adds_no_version(login_as):
    teacher = login_as("teacher1")
    kids = children_of(teacher)
    kid = kids[0]["id"]
    m = teacher.mutation("check.record", check_args(kid))
    assert teacher.results([m])[0]["status"] == "applied"
    assert teacher.results([m])[0]["status"] == "duplicate"
    other_class = next(k["class_id"] for k in children_of(login_as("health"))
                       if k["class_id"] != kids[0]["class_id"])
    refused = [teacher.mutation("check.record", check_args(kid, class_id=other_class)),
               teacher.mutation("check.record", check_args(kid, temperature=50.0))]
    assert [r["status"] for r in teacher.results(refused)] == ["rejected", "rejected"]
    check, _ = pulled_check(teacher)
    assert [v["id"] for v in check["history"]] == [m["id"]]
