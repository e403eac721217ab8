"""Exactly-once effect (DESIGN.md promises 2 and 3): applied, duplicate, rejected; a retry
after a lost answer changes nothing; a batch that fails halfway leaves nothing behind."""
import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from server.models import Child, HealthCheck
from server.mutations import registry as server_registry
from sync import Batch, Mutation, Registry, apply_batch
from sync.models import ChangeRow, MutationLog, SiteSeq
from tests.conftest import actor_for, check_args, children_of, log_rows, stored_rows, today


def test_a_new_mutation_is_applied_and_logged_once(app, login_as):
    phone = login_as("health")
    m = phone.mutation("check.record", check_args(children_of(phone)[0]["id"]))
    assert phone.results([m]) == [{"id": m["id"], "status": "applied"}]
    [row] = log_rows(app, id=m["id"])
    assert (row["status"], row["client_id"], row["user_id"]) == (
        "applied", phone.client_id, phone.user["id"])
    assert row["name"] == "check.record" and row["args"] == m["args"]


def test_retried_push_answers_duplicate_and_changes_nothing(app, login_as):
    phone = login_as("teacher1")
    kids = children_of(phone)
    batch = [phone.mutation("check.record", check_args(k["id"])) for k in kids[:3]]
    assert {r["status"] for r in phone.results(batch)} == {"applied"}
    before, (_, cursor) = stored_rows(app), phone.pull_all()
    assert phone.results(batch) == [{"id": m["id"], "status": "duplicate"} for m in batch]
    assert stored_rows(app) == before
    assert phone.pull_all(cursor) == ([], cursor)
    assert [r["status"] for r in log_rows(app, status="applied")] == ["applied"] * 3


def test_the_same_id_twice_in_one_batch_applies_once(app, login_as):
    phone = login_as("health")
    child = children_of(phone)[0]["id"]
    first = phone.mutation("check.record", check_args(child, temperature=36.6))
    again = {**first, "args": check_args(child, temperature=39.0)}
    assert [r["status"] for r in phone.results([first, again])] == ["applied", "duplicate"]
    checks = [c["data"] for c in phone.pull_all()[0] if c["entity"] == "health_check"]
    assert [c["temperature"] for c in checks] == [36.6]
    assert len(log_rows(app, id=first["id"], status="applied")) == 1


def test_an_applied_mutation_sent_again_is_a_duplicate_even_where_it_would_now_be_refused(
        app, login_as):
    phone = login_as("teacher1")
    child = children_of(phone)[0]["id"]
    m = phone.mutation("check.record", check_args(child, temperature=36.6))
    assert [r["status"] for r in phone.results([m])] == ["applied"]
    before = stored_rows(app)
    again = {**m, "args": check_args(child, temperature=99.0)}  # checked before the lock
    assert phone.results([again]) == [{"id": m["id"], "status": "duplicate"}]
    assert stored_rows(app) == before


def test_one_rejected_mutation_does_not_block_the_ones_around_it(login_as):
    phone = login_as("teacher1")
    kids = children_of(phone)
    batch = [phone.mutation("check.record", check_args(kids[0]["id"])),
             phone.mutation("check.record", check_args(kids[1]["id"], temperature=99.0)),
             phone.mutation("check.record", check_args(kids[2]["id"]))]
    results = phone.results(batch)
    assert [r["id"] for r in results] == [m["id"] for m in batch]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert results[1]["code"] == "validation_failed" and results[1]["message"]


def test_a_rejected_mutation_sent_again_is_judged_again(app, login_as):
    phone = login_as("health")
    m = phone.mutation("check.record", check_args(str(uuid.uuid4())))
    assert [r["status"] for r in phone.results([m]) + phone.results([m])] == [
        "rejected", "rejected"]
    assert [r["code"] for r in log_rows(app, id=m["id"])] == ["not_found", "not_found"]


def test_a_mutation_applied_from_one_device_is_a_duplicate_from_another(login_as):
    nurse, teacher = login_as("health"), login_as("teacher1")
    m = nurse.mutation("check.record", check_args(children_of(teacher)[0]["id"]))
    assert nurse.results([m])[0]["status"] == "applied"
    assert teacher.results([m])[0]["status"] == "duplicate"


# -- a batch that fails halfway, through the engine itself --------------------------------

class Boom(RuntimeError):
    """An unexpected failure inside a handler (a bug, a lost connection)."""


def exploding_registry() -> Registry:
    reg = Registry()
    real = server_registry.get("check.record")
    reg.register("check.record", real.schema, real.roles)(real.apply)

    @reg.register("test.boom", real.schema, real.roles)
    def boom(ctx, args):
        raise Boom("handler failed")
    return reg


def engine_state(session):
    counts = {m.__name__: session.execute(select(func.count()).select_from(m)).scalar()
              for m in (HealthCheck, ChangeRow, MutationLog)}
    return counts, session.execute(select(SiteSeq.last).order_by(SiteSeq.site_id)).all()


@pytest.mark.parametrize("k", [0, 2, 4])
def test_a_batch_that_fails_at_mutation_k_leaves_nothing_behind(session, demo, k):
    actor = actor_for(session, "health")
    kids = session.execute(select(Child.id).where(Child.site_id == actor.site_id)).scalars()
    now = dt.datetime.now(dt.timezone.utc)
    stamp = f"{int(now.timestamp() * 1000):015d}:00000:{actor.client_id}"
    muts = [Mutation(str(uuid.uuid4()), "test.boom" if i == k else "check.record", stamp,
                     now.isoformat(), check_args(kid)) for i, kid in zip(range(5), kids)]
    before = engine_state(session)
    session.commit()
    with pytest.raises(Boom):
        apply_batch(session, actor, Batch(actor.client_id, tuple(muts)), exploding_registry())
    session.rollback()
    assert engine_state(session) == before


@pytest.mark.parametrize("spell", [str.upper, lambda i: i.replace("-", "")],
                         ids=["upper case", "no hyphens"])
def test_each_result_carries_the_id_exactly_as_sent(login_as, spell):
    phone = login_as("health")
    m = phone.mutation("check.record", check_args(children_of(phone)[0]["id"]))
    m["id"] = spell(m["id"])
    assert phone.results([m])[0]["id"] == m["id"]


SPELLINGS = [str, str.upper, lambda i: "{" + i + "}", lambda i: "urn:uuid:" + i,
             lambda i: i.replace("-", "")]


def test_one_mutation_spelled_five_ways_is_applied_once(app, login_as):
    """Each spelling of one UUID is the same mutation: applied once, the rest duplicates,
    each answered with its own spelling and logged by the canonical one."""
    phone = login_as("health")
    first = phone.mutation("medicine.record", {
        "child_id": children_of(phone)[0]["id"], "date": today(), "medicine": "小儿止咳糖浆",
        "dose": "5ml", "times": ["12:00"], "handed_by": "妈妈"})
    batch = [{**first, "id": spell(first["id"])} for spell in SPELLINGS]
    results = phone.results(batch)
    assert [r["id"] for r in results] == [m["id"] for m in batch]
    assert [r["status"] for r in results] == ["applied"] + ["duplicate"] * 4
    assert [r["status"] for r in phone.results(batch[1:2])] == ["duplicate"]
    assert [c["id"] for c in phone.pull_all()[0] if c["entity"] == "medicine"] == [first["id"]]
    assert [r["id"] for r in log_rows(app, status="applied")] == [first["id"]]


def test_a_mutation_refused_for_one_person_and_sent_by_another_is_refused_as_not_theirs(
        app, login_as):
    """Who sent it is who did it (recorded_by): a change refused for teacher1, sent again
    with its id under the health teacher's sign-in (a shared phone's next user), would be
    recorded as the health teacher's work. Only teacher1 may send it again."""
    teacher1, health = login_as("teacher1"), login_as("health")
    theirs = {c["id"] for c in children_of(teacher1)}
    other = next(c for c in children_of(health) if c["id"] not in theirs)
    m = teacher1.mutation("check.record", check_args(other["id"]))
    [first] = teacher1.results([m])
    assert first["status"] == "rejected"
    before = stored_rows(app)
    [again] = health.results([m])
    assert (again["status"], again["code"]) == ("rejected", "other_user")
    assert stored_rows(app) == before
    assert [(r["status"], r["user_id"]) for r in log_rows(app, id=m["id"])] == [
        ("rejected", teacher1.user["id"]), ("rejected", health.user["id"])]
