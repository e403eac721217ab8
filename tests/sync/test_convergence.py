"""Convergence (DESIGN.md promise 4): whatever order and batching the edits of one check
arrive in, every replica of the server ends with the same row, its history of versions
included; two phones that create the same check offline make one record."""
import datetime as dt
import itertools
import uuid

from hypothesis import HealthCheck as HC, given, settings, strategies as st
from sqlalchemy import select

from server.models import Child, HealthCheck
from server.mutations import registry
from sync import Batch, Mutation, apply_batch
from sync.ids import natural_id
from tests.conftest import actor_for, check_args, children_of, today

USERS = ("health", "admin", "teacher1")  # three people who may all check a 小一班 child
BASE_MS = 1_764_000_000_000
FIELDS = ("status", "temperature", "symptoms", "action", "note", "hlc",
          "recorded_by", "device_id", "device_time")
_day = itertools.count()

values = st.one_of(
    st.builds(lambda t: {"status": "normal", "temperature": t},
              st.sampled_from([None, 36.4, 36.8])),
    st.builds(lambda t, s, a: {"status": "abnormal", "temperature": t, "symptoms": s,
                               "action": a},
              st.sampled_from([37.6, 38.5]), st.sampled_from([["fever"], ["cough", "rash"]]),
              st.sampled_from(["observe", "sent_home"])),
    st.just({"status": "absent", "note": "家长请假"}))
# One edit: which client made it, its clock (ms in a narrow range, so that ties on ms and
# on counter both happen and the client id has to break them), and what it sets.
edit = st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(0, 2), values)
edits = st.lists(edit, min_size=2, max_size=7,
                 unique_by=lambda e: (e[0], e[1], e[2]))  # a client never reuses a stamp


def next_date() -> dt.date:
    return dt.date(2020, 1, 1) + dt.timedelta(days=next(_day))


def apply_in_order(session, actors, child_id, arrival, joins, date, retry=False):
    """Push `arrival` (edits, in arrival order), joining runs of one client's edits into
    one batch where `joins` says so; with `retry`, push everything again after, as the
    phones do when the answers were lost."""
    sent = []
    for i, (who, ms, counter, vals) in enumerate(arrival):
        actor = actors[who]
        when = dt.datetime.fromtimestamp((BASE_MS + ms) / 1000, dt.timezone.utc)
        m = Mutation(str(uuid.uuid4()), "check.record",
                     f"{BASE_MS + ms:015d}:{counter:05d}:{actor.client_id}", when.isoformat(),
                     {**check_args(child_id, date=date.isoformat()), **vals})
        if sent and joins[i % len(joins)] and sent[-1][0] is actor:
            sent[-1][1].append(m)
        else:
            sent.append((actor, [m]))
    for actor, muts in sent + (sent if retry else []):
        results = apply_batch(session, actor, Batch(actor.client_id, tuple(muts)), registry)
        assert {r.status for r in results} <= {"applied", "duplicate"}, results
        session.commit()
    row = session.get(HealthCheck, natural_id(actors[0].site_id, "health_check", child_id,
                                              date.isoformat(), "morning"))
    out = {f: getattr(row, f) for f in FIELDS}
    # Every version, in clock order; less what differs between two runs of the same
    # edits: the mutation ids (new for each run) and when the server got them.
    out["history"] = [{k: v for k, v in version.items() if k not in ("id", "received_at")}
                      for version in row.history]
    return out


def setup(session):
    actors = [actor_for(session, u) for u in USERS]
    child = session.execute(select(Child.id).where(Child.site_id == actors[0].site_id,
                                                   Child.class_id.in_(actors[2].class_ids))
                            ).scalars().first()
    return actors, child


@settings(max_examples=40, deadline=None, suppress_health_check=[HC.function_scoped_fixture])
@given(edits=edits, data=st.data())
def test_edits_of_one_check_converge_whatever_the_order_and_batching(session, demo, edits, data):
    actors, child = setup(session)
    rows = []
    for retry in (True, False):
        arrival = data.draw(st.permutations(edits))
        joins = data.draw(st.lists(st.booleans(), min_size=1, max_size=len(edits)))
        rows.append(apply_in_order(session, actors, child, arrival, joins, next_date(), retry))
    assert rows[0] == rows[1]
    stamp, last = max((f"{BASE_MS + ms:015d}:{c:05d}:{actors[w].client_id}", vals)
                      for w, ms, c, vals in edits)
    assert rows[0]["hlc"] == stamp
    assert rows[0]["status"] == last["status"] and rows[0]["note"] == last.get("note")
    assert [v["hlc"] for v in rows[0]["history"]] == sorted(
        f"{BASE_MS + ms:015d}:{c:05d}:{actors[w].client_id}" for w, ms, c, _ in edits)


def test_every_arrival_order_of_three_edits_gives_the_same_row(session, demo):
    actors, child = setup(session)
    three = [(0, 1, 0, {"status": "normal", "temperature": 36.5}),
             (1, 1, 0, {"status": "abnormal", "temperature": 38.2, "symptoms": ["fever"]}),
             (2, 0, 4, {"status": "absent"})]
    rows = [apply_in_order(session, actors, child, order, [False], next_date())
            for order in itertools.permutations(three)]
    assert all(r == rows[0] for r in rows)
    winner = max(range(2), key=lambda i: actors[i].client_id)  # ms tie, counter tie
    assert rows[0]["status"] == three[winner][3]["status"]


def test_two_devices_creating_the_same_morning_check_offline_make_one_record(login_as):
    teacher, nurse = login_as("teacher1"), login_as("health")
    child = children_of(teacher)[0]["id"]
    early = teacher.mutation("check.record", check_args(child), hlc=teacher.hlc(BASE_MS))
    late = nurse.mutation("check.record", check_args(child, "abnormal", temperature=37.9,
                                                     symptoms=["cough"]),
                          hlc=nurse.hlc(BASE_MS + 60_000))
    assert nurse.results([late]) + teacher.results([early]) == [
        {"id": late["id"], "status": "applied"}, {"id": early["id"], "status": "applied"}]
    checks = [c for c in teacher.pull_all()[0] if c["entity"] == "health_check"]
    assert [c["id"] for c in checks] == [
        natural_id(teacher.user["site_id"], "health_check", child, today(), "morning")]
    assert checks[0]["data"]["status"] == "abnormal"
    assert checks[0]["data"]["recorded_by"] == nurse.user["id"]
