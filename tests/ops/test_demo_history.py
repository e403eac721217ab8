"""The demo school's recent past (server/demo/history.py): written through the sync engine,
every school day complete, the same however often it is loaded, and on the screens."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from server.demo import load_demo
from server.demo.history import load_history
from server.extensions import db
from server.models import Child, Hazard, HealthCheck, Medicine, Pickup, Site, User, UserClass
from server.school import school_days
from sync.hlc import parse
from sync.models import ChangeRow, MutationLog
from tests.conftest import Phone

DAYS = 10
TODAY = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


@pytest.fixture
def app(module_app):
    """One school with its history for the whole module: the tests only read it (and
    the one that loads it again proves that changes nothing)."""
    return module_app


@pytest.fixture(scope="module")
def history(module_app):
    with module_app.app_context():
        site, _ = load_demo(db.session)
        counts = load_history(db.session, site, DAYS, TODAY)  # raises on any rejection
        db.session.commit()
        days = school_days(db.session, site.id, TODAY - dt.timedelta(days=40),
                           TODAY - dt.timedelta(days=1))[-DAYS:]
        return {"site_id": site.id, "counts": counts, "days": days}


def test_medicine_is_handed_over_at_the_morning_check_and_given_by_the_caregiver(app, history):
    """Some days a parent hands over medicine with a child who came in; its caregiver took
    it and gave the doses in order at their times, on that day; once an afternoon's not."""
    with app.app_context():
        site_id = history["site_id"]
        meds = db.session.execute(select(Medicine).where(Medicine.site_id == site_id)).scalars().all()
        came = set(db.session.execute(select(HealthCheck.date, HealthCheck.child_id).where(
            HealthCheck.site_id == site_id, HealthCheck.session == "morning",
            HealthCheck.status != "absent")).all())
        carers = set(db.session.execute(select(UserClass.user_id, UserClass.class_id).where(
            UserClass.site_id == site_id)).all())
    assert 0 < len(meds) <= 3 * DAYS
    assert history["counts"]["medicine.record"] == len(meds)
    for m in meds:
        assert (m.date, m.child_id) in came and (m.recorded_by, m.class_id) in carers
        times = [dt.datetime.fromisoformat(d["at"]).astimezone(ZoneInfo("Asia/Shanghai"))
                 for d in m.given]
        assert len(times) <= len(m.times) and all(d["by"] == m.recorded_by for d in m.given)
        for at, due in zip(times, m.times):
            assert at.date() == m.date and 0 <= (at - at.replace(
                hour=int(due[:2]), minute=int(due[3:]), second=0)).total_seconds() <= 600
    missed = [m for m in meds if len(m.given) < len(m.times)]
    assert [(len(m.times), len(m.given)) for m in missed] == [(2, 1)]  # 4 school days ago
    assert missed[0].date == history["days"][-5]


def test_each_child_in_class_at_noon_is_picked_up_and_nobody_else(app, history):
    with app.app_context():
        here = set(db.session.execute(select(HealthCheck.date, HealthCheck.child_id).where(
            HealthCheck.site_id == history["site_id"], HealthCheck.session == "noon",
            HealthCheck.status != "absent")).all())
        picked = db.session.execute(select(Pickup).where(
            Pickup.site_id == history["site_id"])).scalars().all()
        guard = db.session.scalar(select(User.id).where(
            User.site_id == history["site_id"], User.username == "guard"))
        gone = {(p.date, p.child_id) for p in picked}
        assert gone == here and len(gone) == len(picked)
        assert {p.date for p in picked} == set(history["days"])
        for p in picked:  # at going-home time, by the guard
            local = p.device_time.astimezone(ZoneInfo("Asia/Shanghai"))
            assert p.date == local.date() and dt.time(16, 30) <= local.time() <= dt.time(17, 15)
            assert p.recorded_by == guard
        listed = [p for p in picked if p.listed]
        others = [p for p in picked if not p.listed]
        assert all(p.card and p.adult_id for p in listed)
        # someone not on the list now and then, a parent's call confirming each, no card
        assert 0 < len(others) < len(picked) / 10
        assert all(p.confirmed_how == "phone_call" and p.confirmed_at < p.device_time
                   and not p.card for p in others)


def counted(site_id: str) -> tuple[int, int, int]:
    return (db.session.scalar(select(func.count()).select_from(HealthCheck)
                              .where(HealthCheck.site_id == site_id)),
            db.session.scalar(select(func.count()).select_from(MutationLog).where(
                MutationLog.site_id == site_id, MutationLog.status == "applied")),
            db.session.scalar(select(func.count()).select_from(ChangeRow)
                              .where(ChangeRow.site_id == site_id)))


def test_each_school_day_has_a_morning_and_noon_check_of_every_child(app, history):
    with app.app_context():
        kids = db.session.scalar(select(func.count()).select_from(Child).where(
            Child.site_id == history["site_id"], Child.active.is_(True)))
        rows = db.session.execute(select(HealthCheck.date, HealthCheck.session, func.count())
                                  .where(HealthCheck.site_id == history["site_id"])
                                  .group_by(HealthCheck.date, HealthCheck.session)).all()
    assert len(history["days"]) == DAYS and max(history["days"]) < TODAY
    assert {(d, s): n for d, s, n in rows} == {
        (d, s): kids for d in history["days"] for s in ("morning", "noon")}
    assert history["counts"]["check.record"] == 2 * kids * DAYS


def test_the_log_holds_each_mutation_with_the_time_it_was_done(app, history):
    with app.app_context():
        log = db.session.execute(select(MutationLog).where(
            MutationLog.site_id == history["site_id"])).scalars().all()
    assert {m.status for m in log} == {"applied"}
    assert {m.name for m in log} >= {
        "check.record", "disinfection.record", "zone.check", "gate.event", "visitor.register",
        "visitor.decide", "visitor.enter", "visitor.leave", "hazard.report", "hazard.assign",
        "hazard.fix", "hazard.verify", "followup.close"}
    for m in log:
        done = dt.datetime.fromisoformat(m.device_time)
        assert done.utcoffset() == dt.timedelta(hours=8)
        assert done.date() in history["days"], (m.name, m.device_time)
        assert parse(m.hlc).ms == int(done.timestamp() * 1000)
        if m.name == "check.record":
            assert m.args["date"] == done.date().isoformat()


def test_the_hazards_stand_in_each_state_of_the_loop(app, history):
    with app.app_context():
        hazards = db.session.execute(select(Hazard).where(
            Hazard.site_id == history["site_id"])).scalars().all()
    assert sorted(h.status for h in hazards) == ["assigned", "assigned", "fixed", "verified"]
    # One of those assigned is overdue, the other still has time.
    assert sorted(h.deadline < TODAY for h in hazards if h.status == "assigned") == [False, True]
    closed = next(h for h in hazards if h.status == "verified")
    assert closed.fixed_by != closed.verified_by


def test_a_past_day_on_the_dashboard_shows_its_checks(app, history):
    day = history["days"][-3].isoformat()
    admin = Phone(app.test_client(), "demo", "admin")
    body = admin.client.get(f"/api/reports/today?date={day}", headers=admin.headers).get_json()
    assert body["school_day"] is True
    assert [(c["morning"]["missing"], c["noon"]["missing"]) for c in body["classes"]] == [
        (0, 0)] * 3
    r = admin.client.get(f"/api/reports/records/health_checks?date={day}", headers=admin.headers)
    assert r.status_code == 200 and len(r.get_json()["records"]) == 2 * 75
    assert body["figures"]["hazards_open"]["n"] == 3
    assert body["figures"]["hazards_overdue"]["n"] == 1
    # The day's routine items were ticked but for a few (and a Friday's photo items):
    # 43 were due, all shown missed before the history ticked them.
    assert body["pieces"]["routines"]["n"] < 10


def test_each_week_of_it_past_its_friday_has_its_published_bulletin_staff_read(app, history):
    mondays = {d - dt.timedelta(days=d.weekday()) for d in history["days"]}
    weeks = sorted(m for m in mondays if m + dt.timedelta(days=4) < TODAY)  # Friday past
    assert weeks and history["counts"]["bulletins published"] == len(weeks)
    caregiver = Phone(app.test_client(), "demo", "teacher1")
    read = caregiver.client.get("/api/bulletins", headers=caregiver.headers).get_json()
    assert sorted(b["week"] for b in read["bulletins"]) == [w.isoformat() for w in weeks]
    assert all(b["status"] == "published" and b["text"] for b in read["bulletins"])


def test_loading_again_changes_nothing(app, history):
    with app.app_context():
        site = db.session.get(Site, history["site_id"])
        before = counted(site.id)
        assert load_history(db.session, site, DAYS, TODAY) == {}
        db.session.commit()
        assert counted(site.id) == before


def test_the_demo_command_loads_history_only_into_a_school_it_creates(app, history):
    cli = app.test_cli_runner()

    def checks(slug: str) -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(HealthCheck).join(
                Site, Site.id == HealthCheck.site_id).where(Site.slug == slug))
    before = checks("demo")
    r = cli.invoke(args=["demo", "--history", "2"])
    assert "Already loaded" in r.output and checks("demo") == before  # a school in use
    assert cli.invoke(args=["demo", "--slug", "bare", "--children", "2"]).exit_code == 0
    assert checks("bare") == 0  # none unless asked: the test suites' demo school
    r = cli.invoke(args=["demo", "--slug", "small", "--children", "2", "--history", "2"])
    assert r.exit_code == 0 and "History of the last 2 school days" in r.output, r.output
    assert checks("small") == 2 * 3 * 2 * 2
