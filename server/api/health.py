"""The health teacher's view of the three gates, today (or any day)."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

from flask import Blueprint, g, jsonify
from sqlalchemy import func, or_, select

from ..auth import require_role
from ..extensions import db
from ..feed import dumper
from ..models import (Child, Disinfection, FollowUp, HealthCheck, OutbreakAlert, OutbreakMode,
                      Room, RoomNeed, SchoolClass, Site, User)
from ..mutations.checks import SESSIONS
from ..reports.filters import date_arg
from ..rules import disinfection as rules
from ..school import by_name, class_order, is_school_day, person_key

bp = Blueprint("health", __name__, url_prefix="/api/health")


def requested_day(site: Site, key: str = "date") -> dt.date:
    """The day the request names (?date=YYYY-MM-DD), or the school's today."""
    return date_arg(key) or dt.datetime.now(ZoneInfo(site.timezone)).date()


def _session_summary(expected: int, groups: list, by: set[str]) -> dict:
    """One class's session from its (status, absence reason) → count, first, last rows."""
    status, ill, times = Counter(), 0, []
    for row in groups:
        status[row.status] += row.n
        ill += row.n if row.absence_reason == "ill" else 0
        times += [row.first, row.last]
    checked = sum(status.values())
    done = checked >= expected > 0
    return {"expected": expected, "checked": checked, "normal": status["normal"],
            "abnormal": status["abnormal"], "absent": status["absent"], "absent_ill": ill,
            "done": done,
            # 零报告: made by the system from the records, never typed
            "zero_report": done and status["abnormal"] == 0 and ill == 0,
            "by": sorted(by),
            "first_at": min(times).isoformat() if times else None,
            "last_at": max(times).isoformat() if times else None}


@bp.get("/today")
@require_role("admin", "health", "caregiver")
def today():
    """Each class's checks for a day, abnormal children, follow-ups, attendance,
    disinfection due and done, outbreak alerts."""
    site = db.session.get(Site, g.actor.site_id)
    body = day_view(site, requested_day(site))
    db.session.commit()
    return jsonify(body)


def day_view(site: Site, day: dt.date) -> dict:
    """The three gates of a day as the signed-in user may see them (a caregiver: her
    classes; outbreak alerts only to the admin and the health teacher)."""
    sid = site.id
    classes = sorted(db.session.execute(select(SchoolClass).where(
        SchoolClass.site_id == sid, SchoolClass.active.is_(True))).scalars(), key=class_order)
    if g.actor.role == "caregiver":
        classes = [c for c in classes if c.id in g.actor.class_ids]
    class_ids = {c.id for c in classes}
    expected = dict(db.session.execute(select(Child.class_id, func.count()).where(
        Child.site_id == sid, Child.active.is_(True)).group_by(Child.class_id)).all())
    names = dict(db.session.execute(select(User.id, User.name).where(User.site_id == sid)).all())
    children = dict(db.session.execute(select(Child.id, Child.name).where(
        Child.site_id == sid)).all())
    # Counted by the database: a school's day is over a thousand checks.
    hc = HealthCheck
    of_day = (hc.site_id == sid, hc.date == day, hc.class_id.in_(sorted(class_ids)))
    groups, by = defaultdict(list), defaultdict(set)
    for row in db.session.execute(select(
            hc.class_id, hc.session, hc.status, hc.absence_reason, func.count().label("n"),
            func.min(hc.device_time).label("first"), func.max(hc.device_time).label("last"))
            .where(*of_day).group_by(hc.class_id, hc.session, hc.status, hc.absence_reason)):
        groups[(row.class_id, row.session)].append(row)
    for r in db.session.execute(select(hc.class_id, hc.session, hc.recorded_by).where(*of_day)
                                .distinct()):
        by[(r.class_id, r.session)].add(names.get(r.recorded_by, "?"))
    out_classes = [{"id": c.id, "name": c.name, **{
        s: _session_summary(expected.get(c.id, 0), groups[(c.id, s)], by[(c.id, s)])
        for s in SESSIONS}} for c in classes]
    abnormal = [{"check_id": c.id, "child_id": c.child_id, "child": children.get(c.child_id),
                 "class_id": c.class_id, "session": c.session, "status": c.status,
                 "temperature": c.temperature, "symptoms": c.symptoms, "action": c.action,
                 "absence_reason": c.absence_reason, "note": c.note,
                 "recorded_by": names.get(c.recorded_by), "device_time": c.device_time.isoformat()}
                for c in db.session.execute(select(hc).where(
                    *of_day, (hc.status == "abnormal") | (hc.absence_reason == "ill"))).scalars()]
    # By class in the school's order, then by name, as the rosters list children.
    rank = {c.id: i for i, c in enumerate(classes)}
    abnormal.sort(key=lambda a: (rank[a["class_id"]], person_key(a["child"]), a["child_id"],
                                 SESSIONS.index(a["session"])))
    n_expected = sum(expected.get(c, 0) for c in class_ids)
    present = sum(row.n for (_, session), rows in groups.items() for row in rows
                  if session == "morning" and row.status != "absent")
    followups = db.session.execute(select(FollowUp).where(
        *followups_on(site, day)).order_by(FollowUp.opened_on)).scalars()
    dump_followup = dumper(FollowUp.__table__, ("site_id",))
    body = {
        "date": day.isoformat(),
        "classes": out_classes,
        "abnormal": abnormal,
        "followups": [dict(dump_followup(f.__dict__), child=children.get(f.child_id))
                      for f in followups if f.class_id in class_ids],
        "attendance": {"expected": n_expected, "present": present,
                       "rate": round(100 * present / n_expected, 1) if n_expected else None},
        "disinfection": disinfection_day(site, day, class_ids),
    }
    if g.actor.role in ("admin", "health"):
        dump_alert = dumper(OutbreakAlert.__table__, ("site_id",))
        body["outbreak_alerts"] = [dump_alert(a.__dict__) for a in db.session.execute(
            select(OutbreakAlert).where(OutbreakAlert.site_id == sid,
                                        OutbreakAlert.status == "open")).scalars()]
    return body


def followups_on(site: Site, day: dt.date) -> tuple:
    """Which follow-ups (因病缺勤追踪) a day's view lists, as query conditions. Today (or a
    day to come): those open now, the health teacher's work. A past day: those open on
    that day, opened by then and not closed before it (still open, or closed that day or
    since), so a past day's view says which children were being followed up then."""
    f = FollowUp
    if day >= dt.datetime.now(ZoneInfo(site.timezone)).date():
        return (f.site_id == site.id, f.status == "open")
    start = dt.datetime.combine(day, dt.time(), ZoneInfo(site.timezone))
    return (f.site_id == site.id, f.opened_on <= day,
            or_(f.status == "open", f.closed_at >= start))


def disinfection_day(site: Site, day: dt.date, class_ids: set[str]) -> list[dict]:
    """Per room and item: rounds due (stepped up in outbreak mode; none on a day the school
    is closed), done, below minimum."""
    site_rules = rules.rules_for(site.settings)
    open_day = is_school_day(db.session, site.id, day)
    outbreak = set(db.session.execute(select(OutbreakMode.class_id).where(
        OutbreakMode.site_id == site.id, OutbreakMode.on.is_(True))).scalars())
    rooms = [r for r in by_name(db.session.execute(select(Room).where(Room.site_id == site.id))
                                .scalars())
             if r.class_id in class_ids or r.class_id is None]
    needs = defaultdict(dict)
    for n in db.session.execute(select(RoomNeed).where(RoomNeed.site_id == site.id)).scalars():
        needs[n.room_id][n.item] = n.rounds
    done = defaultdict(list)
    # Only the columns counted: whole rows would parse every round's JSON fields.
    for d in db.session.execute(select(
            Disinfection.room_id, Disinfection.item, Disinfection.round,
            Disinfection.below_minimum).where(
            Disinfection.site_id == site.id, Disinfection.date == day)):
        done[(d.room_id, d.item)].append(d)
    past = day < dt.datetime.now(ZoneInfo(site.timezone)).date()
    out = []
    for room in rooms:
        in_outbreak = bool(outbreak & {"", room.class_id})
        for item in rules.daily_needs(site_rules, needs.get(room.id)):
            due = rules.rounds_due(site_rules, item, in_outbreak, needs.get(room.id)) if open_day else 0
            records = done[(room.id, item)]
            n_done = len({r.round for r in records})
            out.append({"room_id": room.id, "room": room.name, "class_id": room.class_id,
                        "item": item, "due": due, "done": n_done,
                        "below_minimum": sum(r.below_minimum for r in records),
                        "missing": max(0, due - n_done), "overdue": past and n_done < due,
                        "outbreak": in_outbreak})
    return out
