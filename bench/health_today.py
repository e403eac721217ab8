"""Issue 5's server figure: the health teacher's day view for a school of 20 classes
and 600 children, with a full morning and noon of checks and a day of disinfection.
Timed in-process (Flask test client) on a throwaway SQLite file: goal under 100 ms."""
from __future__ import annotations

import datetime as dt
import random
import uuid


from server.extensions import db
from server.mutations import registry
from server import school
from sync import Actor, Batch, Mutation, apply_batch, record_changes

from .inprocess import answer_times, throwaway_app
from .report import figure

CLASSES, PER_CLASS, REQUESTS = 20, 30, 40


def _school(session):
    site, changes = school.create_site(session, "bench", "基准幼儿园")
    kids = []
    for i in range(CLASSES):
        c, ch = school.add_class(session, site, f"{i + 1}班", "middle")
        changes += ch
        _, ch = school.add_room(session, site, f"{i + 1}班活动室", c.id, 180)
        changes += ch
        for k in range(PER_CLASS):
            child, ch = school.add_child(session, site, c.id, f"幼儿{i}-{k}", "girl", None)
            kids.append(child)
            changes += ch
    health, ch = school.add_user(session, site, "health", "保健", "health", "bench-password")
    record_changes(session, site.id, changes + ch)
    return site, health, kids


def _day_of_records(session, site, health, kids, day: dt.date):
    rng = random.Random(5)
    client = str(uuid.uuid4())
    actor = Actor(health.id, site.id, "health", frozenset(), client)
    now = dt.datetime.now(dt.timezone.utc)
    stamp = int(now.timestamp() * 1000) - 3_600_000
    muts = []
    for n, (kid, sess) in enumerate((k, s) for s in ("morning", "noon") for k in kids):
        sick = rng.random() < 0.03
        args = {"child_id": kid.id, "date": day.isoformat(), "session": sess,
                "status": "abnormal" if sick else "normal"}
        if sick:
            args.update(temperature=37.9, symptoms=["cough"], action="observe")
        muts.append(Mutation(str(uuid.uuid4()), "check.record", f"{stamp:015d}:{n:05d}:{client}",
                             now.isoformat(), args))
    for i in range(0, len(muts), 500):
        apply_batch(session, actor, Batch(client, tuple(muts[i:i + 500])), registry)
        session.commit()


def run() -> dict:
    with throwaway_app("today") as app:
        day = dt.date.today()
        with app.app_context():
            site, health, kids = _school(db.session)
            db.session.commit()
            _day_of_records(db.session, site, health, kids, day)
        p50, p95 = answer_times(app, "health", f"/api/health/today?date={day.isoformat()}", REQUESTS)
    return {"today view p50 (20 classes, 600 children)": figure(round(p50, 1), "ms"),
            "today view p95": figure(round(p95, 1), "ms", "< 100 ms", p95 < 100)}


if __name__ == "__main__":
    from .report import table
    print(table({"three gates": run()}))
