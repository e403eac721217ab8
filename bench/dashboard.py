"""Issue 9's figure: today's dashboard (/api/reports/today) for a school of 20 classes
and 600 children with a term of records behind it — 90 school days of morning and noon
checks, disinfection rounds, zone checks, hazards and visitors — written straight into a
throwaway SQLite file in bulk, then timed in-process (Flask test client). Goal: < 300 ms."""
from __future__ import annotations

import datetime as dt
import random
import uuid
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from server import school
from server.extensions import db
from server.models import Disinfection, Hazard, HealthCheck, Visitor, ZoneCheck
from server.rules.disinfection import DEFAULT_RULES

from .inprocess import answer_times, throwaway_app
from .report import figure, stopwatch

CLASSES, PER_CLASS, DAYS, REQUESTS, GOAL_MS = 20, 30, 90, 30, 300
TZ = ZoneInfo("Asia/Shanghai")


def _school(session):
    site, _ = school.create_site(session, "bench", "基准幼儿园")
    kids, rooms, zones = [], [], []
    admin, _ = school.add_user(session, site, "admin", "园长", "admin", "bench-password")
    for i in range(CLASSES):
        c, _ = school.add_class(session, site, f"{i + 1}班", "middle")
        carer, _ = school.add_user(session, site, f"t{i}", f"老师{i}", "caregiver", "bench-password", [c.id])
        rooms.append(school.add_room(session, site, f"{i + 1}班活动室", c.id, 180)[0])
        zones.append(school.add_zone(session, site, f"{i + 1}班教室", "classroom", carer.id)[0])
        kids += [school.add_child(session, site, c.id, f"幼儿{i}-{k}", "girl", None)[0]
                 for k in range(PER_CLASS)]
    session.commit()
    return site, admin, kids, rooms, zones


def _stamp(day: dt.date, hour: int, by: str) -> dict:
    when = dt.datetime.combine(day, dt.time(hour), TZ)
    return {"hlc": f"{int(when.timestamp() * 1000):015d}:00000:bench", "recorded_by": by,
            "device_id": "bench", "device_time": when, "received_at": when, "field_hlc": {}}


def _term(session, site, admin, kids, rooms, zones, today: dt.date) -> int:
    """A term of records, inserted a day at a time with executemany."""
    rng, rows, day, n = random.Random(9), 0, today, 0
    while n < DAYS:
        if day.weekday() < 5:
            n += 1
            checks = []
            for kid in kids:
                for session_name, hour in (("morning", 8), ("noon", 13)):
                    if day == today and session_name == "noon":
                        continue  # the day is under way: noon not yet checked
                    sick = rng.random() < 0.02
                    checks.append({"id": str(uuid.uuid4()), "site_id": site.id, "child_id": kid.id,
                                   "class_id": kid.class_id, "date": day, "session": session_name,
                                   "status": "abnormal" if sick else "normal",
                                   "temperature": 38.0 if sick else None,
                                   "symptoms": ["cough"] if sick else [], **_stamp(day, hour, admin.id)})
            session.execute(insert(HealthCheck), checks)
            rounds = [{"id": str(uuid.uuid4()), "site_id": site.id, "room_id": r.id, "class_id": r.class_id,
                       "date": day, "item": item, "round": k + 1, "method": "chlorine", "amount": 500,
                       "unit": "mg/L", "findings": [], "below_minimum": rng.random() < 0.01,
                       **_stamp(day, 15, admin.id)}
                      for r in rooms for item, due in DEFAULT_RULES["daily"].items() for k in range(due)
                      if rng.random() < 0.97]
            session.execute(insert(Disinfection), rounds)
            session.execute(insert(ZoneCheck), [
                {"id": str(uuid.uuid4()), "site_id": site.id, "zone_id": z.id, "date": day, "kind": kind,
                 "items": {}, "failed": 0, "proof": "qr", **_stamp(day, 8 if kind == "opening" else 17, admin.id)}
                for z in zones for kind in ("opening", "closing") if rng.random() < 0.95])
            reported = dt.datetime.combine(day, dt.time(10), TZ)
            session.execute(insert(Hazard), [
                {"id": str(uuid.uuid4()), "site_id": site.id, "zone_id": rng.choice(zones).id,
                 "what": "隐患", "severity": "low", "photos": [], "status": rng.choice(("assigned", "verified")),
                 "reported_by": admin.id, "reported_at": reported, "assignee_id": admin.id,
                 "deadline": day + dt.timedelta(days=3), "updated_at": reported} for _ in range(3)])
            session.execute(insert(Visitor), [
                {"id": str(uuid.uuid4()), "site_id": site.id, "date": day, "name": "访客", "id_type": "cn_id",
                 "purpose": "送货", "host_id": admin.id, "people": 1,
                 "status": "entered" if day == today else "left", "registered_by": admin.id,
                 "registered_at": reported, "received_at": reported} for _ in range(10)])
            rows += len(checks) + len(rounds) + 2 * len(zones) + 13
        day -= dt.timedelta(days=1)
    session.commit()
    return rows


def run() -> dict:
    with throwaway_app("dashboard") as app:
        today = dt.datetime.now(TZ).date()
        with app.app_context():
            site, admin, kids, rooms, zones = _school(db.session)
            with stopwatch() as load:
                rows = _term(db.session, site, admin, kids, rooms, zones, today)
        p50, p95 = answer_times(app, "admin", f"/api/reports/today?date={today.isoformat()}", REQUESTS)
    return {f"term of records (rows, written in {load():.0f} s)": rows,
            "dashboard p50 (20 classes, 600 children, 90 days)": figure(round(p50, 1), "ms"),
            "dashboard p95": figure(round(p95, 1), "ms", f"< {GOAL_MS} ms", p95 < GOAL_MS),
            "dashboard p95 / goal": figure(round(p95 / GOAL_MS, 2), "×", "< 1", p95 < GOAL_MS)}


if __name__ == "__main__":
    from .report import table
    print(table({"dashboard": run()}))
