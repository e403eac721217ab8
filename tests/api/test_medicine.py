"""Medicine a parent handed over (medicine.record) and each dose given (medicine.give):
the doses kept in the order they were given, whoever's phone said it in whatever offset;
only the class's caregiver and the staff give it; a record of another school is unknown."""
import datetime as dt

from tests.conftest import children_of, today


def medicine_of(phone, medicine_id):
    changes, _ = phone.pull_all()
    return next(c["data"] for c in changes if c["entity"] == "medicine" and c["id"] == medicine_id)


def test_doses_are_kept_in_the_order_given_whatever_their_offsets(login_as):
    teacher, health = login_as("teacher1"), login_as("health")
    kid = children_of(teacher)[0]
    record = teacher.mutation("medicine.record", {
        "child_id": kid["id"], "date": today(), "medicine": "止咳糖浆", "dose": "5 ml",
        "times": ["09:00", "10:00"], "handed_by": "妈妈"})
    assert teacher.results([record])[0]["status"] == "applied"
    # 09:30 at the school from one phone; 09:45 there from another that says it in UTC
    # (01:45+00:00, which as text comes first)
    first = f"{today()}T09:30:00+08:00"
    second = (dt.datetime.fromisoformat(f"{today()}T09:45:00+08:00")
              .astimezone(dt.timezone.utc).isoformat())
    assert teacher.results([teacher.mutation("medicine.give", {
        "medicine_id": record["id"], "at": first})])[0]["status"] == "applied"
    assert health.results([health.mutation("medicine.give", {
        "medicine_id": record["id"], "at": second})])[0]["status"] == "applied"
    given = medicine_of(teacher, record["id"])["given"]
    assert [dt.datetime.fromisoformat(d["at"]) for d in given] == [
        dt.datetime.fromisoformat(first), dt.datetime.fromisoformat(second)]
    assert [d["by"] for d in given] == [teacher.user["id"], health.user["id"]]


def test_another_classs_caregiver_may_not_give_it_and_an_unknown_record_is_refused(login_as):
    teacher, other = login_as("teacher1"), login_as("teacher2")
    kid = children_of(teacher)[0]
    record = teacher.mutation("medicine.record", {
        "child_id": kid["id"], "date": today(), "medicine": "益生菌", "dose": "1 袋",
        "times": ["10:00"]})
    assert teacher.results([record])[0]["status"] == "applied"
    at = f"{today()}T10:01:00+08:00"
    [refused] = other.results([other.mutation("medicine.give", {"medicine_id": record["id"], "at": at})])
    assert (refused["status"], refused["code"]) == ("rejected", "forbidden")
    [unknown] = teacher.results([teacher.mutation("medicine.give", {
        "medicine_id": "6f1d8a52-1111-4a8e-9c55-0a0b0c0d0e0f", "at": at})])
    assert (unknown["status"], unknown["code"]) == ("rejected", "not_found")
    assert medicine_of(teacher, record["id"])["given"] == []
