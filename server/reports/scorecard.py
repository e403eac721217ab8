"""The monthly staff scorecard (月度考核), computed from the day-to-day records only.

What each person owed, per school day of the month up to yesterday:
- a caregiver: the morning and noon checks of each of her classes (a session is done when
  every child then in the class has a check; its time is the last child's), and every
  disinfection round each of her classes' rooms needs (RoomNeed, else the rules' daily);
- whoever is responsible for a zone: its opening and closing self-checks;
- whoever is assigned a hazard: its fix by the deadline;
- a guard: each gate time of the day (as the calendar has them), opened or closed within
  GATE_GRACE minutes of it; whichever guard logged it, every guard at work owed it.

A thing done is on time when the device says it was done on its day by the time below (the
phone's own sessions: morning until 11:00, noon after); later is late; not done is missed.
Holidays (the calendar) and the person's days off (StaffAbsence) owe nothing, and a hazard's
deadline that falls on either moves to the person's next working day. A site may set its
own times in settings["scorecard"]."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import school
from ..gate import slots_between
from ..models import (Child, Disinfection, GateEvent, Hazard, HealthCheck, Room, RoomNeed,
                      SchoolClass, ScoreAdjustment, Site, User, UserClass, Zone, ZoneCheck)
from ..rules import disinfection as drules

ON_TIME = {"morning": "11:00", "noon": "15:00", "opening": "10:00", "closing": "23:59",
           "disinfection": "23:59"}
GATE_GRACE = 5  # minutes: the gate opened at 07:34 for 07:30 was opened on time
STATES = ("on_time", "late", "missed")
HAZARD_STATES = ("within", "late", "overdue")
FIGURES = STATES + tuple(f"hazards_{s}" for s in HAZARD_STATES)


def rate(part: int, whole: int) -> float | None:
    """A percentage to one decimal, rounded half up as by hand (18.75 → 18.8), or None
    when nothing was due."""
    if not whole:
        return None
    exact = Decimal(100 * part) / Decimal(whole)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


class Clock:
    """When a thing done counts as on time, in the school's own time zone."""

    def __init__(self, site: Site):
        self.zone = ZoneInfo(site.timezone)
        times = {**ON_TIME, **((site.settings or {}).get("scorecard") or {})}
        self.limits = {k: dt.time.fromisoformat(v) for k, v in times.items()}

    def state(self, what: str, day: dt.date, at: dt.datetime | None) -> str:
        if at is None:
            return "missed"
        local = at.astimezone(self.zone)
        late = (local.date(), local.time()) > (day, self.limits[what])
        return "late" if late else "on_time"


def _expected(session: Session, site_id: str) -> dict[str, list[tuple]]:
    """class id → (active, left_on) of each child, to count who was in it on a day."""
    out = defaultdict(list)
    for cid, active, left in session.execute(select(Child.class_id, Child.active, Child.left_on)
                                             .where(Child.site_id == site_id)):
        out[cid].append((active, left))
    return out


def _in_class(kids: list[tuple], day: dt.date) -> int:
    return sum(1 for active, left in kids if active or (left is not None and left > day))


def units(session: Session, site: Site, start: dt.date, end: dt.date) -> list[dict]:
    """Every thing owed from start to end, one row each: who owed it, and its state."""
    days = school.school_days(session, site.id, start, end)
    away = school.absences(session, site.id, start, end)
    clock, sid, out = Clock(site), site.id, []
    classes = dict(session.execute(select(SchoolClass.id, SchoolClass.name).where(
        SchoolClass.site_id == sid, SchoolClass.active.is_(True))).all())
    carers = defaultdict(list)
    for uid, cid in session.execute(select(UserClass.user_id, UserClass.class_id).join(
            User, User.id == UserClass.user_id).where(
            UserClass.site_id == sid, User.active.is_(True), User.role == "caregiver")):
        if cid in classes:
            carers[cid].append(uid)

    def owe(users, day, kind, what, ref, state, at, class_id=None):
        # Owed once (a class's results count it whoever is away), by those at work that day.
        out.append({"users": [u for u in users if day not in away.get(u, ())],
                    "date": day.isoformat(), "kind": kind, "what": what, "ref": ref,
                    "class_id": class_id, "state": state, "at": at and at.isoformat()})

    if days:
        kids = _expected(session, sid)
        hc = HealthCheck
        sessions = {(r.class_id, r.date, r.session): (r.n, r.last) for r in session.execute(select(
            hc.class_id, hc.date, hc.session, func.count().label("n"),
            func.max(hc.device_time).label("last")).where(
            hc.site_id == sid, hc.date.between(start, end)).group_by(hc.class_id, hc.date, hc.session))}
        for day in days:
            for cid, name in classes.items():
                need = _in_class(kids[cid], day)
                if not need:
                    continue
                for s in ("morning", "noon"):
                    n, last = sessions.get((cid, day, s), (0, None))
                    owe(carers[cid], day, "check", f"{name} {s}", s,
                        clock.state(s, day, last if n >= need else None), last, cid)
        _disinfection_units(session, site, days, classes, carers, clock, owe)
        _zone_units(session, site, start, end, days, clock, owe)
        _gate_units(session, site, days, owe)
    return out


def _gate_units(session, site, days, owe) -> None:
    guards = session.execute(select(User.id).where(
        User.site_id == site.id, User.active.is_(True), User.role == "guard")).scalars().all()
    if not guards:
        return
    now = dt.datetime.now(ZoneInfo(site.timezone))
    done = dict(session.execute(select(GateEvent.id, GateEvent.device_time).where(
        GateEvent.site_id == site.id, GateEvent.date.between(days[0], days[-1]))).all())
    school_days = {d.isoformat(): d for d in days}
    for slot in slots_between(session, site, days[0], days[-1], now):
        day = school_days.get(slot["date"])
        if day is None or slot["state"] == "to_come":
            continue
        state = ("missed" if slot["state"] == "missed" else
                 "late" if slot["late_minutes"] > GATE_GRACE else "on_time")
        owe(guards, day, "gate", f"{slot['label'] or slot['kind']} {slot['at']}", slot["kind"],
            state, done.get(slot["event_id"]))


def _disinfection_units(session, site, days, classes, carers, clock, owe) -> None:
    rules = drules.rules_for(site.settings)
    rooms = session.execute(select(Room).where(Room.site_id == site.id,
                                               Room.class_id.in_(sorted(classes)))).scalars().all()
    needs = defaultdict(dict)
    for n in session.execute(select(RoomNeed).where(RoomNeed.site_id == site.id)).scalars():
        needs[n.room_id][n.item] = n.rounds
    done = {}
    for d in session.execute(select(Disinfection.room_id, Disinfection.date, Disinfection.item,
                                    Disinfection.round, Disinfection.device_time).where(
            Disinfection.site_id == site.id, Disinfection.date.between(days[0], days[-1]))):
        done[(d.room_id, d.date, d.item, d.round)] = d.device_time
    for day in days:
        for room in rooms:
            for item, rounds in (needs.get(room.id) or rules["daily"]).items():
                for k in range(1, rounds + 1):
                    at = done.get((room.id, day, item, k))
                    owe(carers[room.class_id], day, "disinfection", f"{room.name} {item} #{k}",
                        item, clock.state("disinfection", day, at), at, room.class_id)


def _zone_units(session, site, start, end, days, clock, owe) -> None:
    zones = session.execute(select(Zone).where(Zone.site_id == site.id,
                                               Zone.responsible_id.is_not(None))).scalars().all()
    done = {(c.zone_id, c.date, c.kind): c.device_time for c in session.execute(select(
        ZoneCheck.zone_id, ZoneCheck.date, ZoneCheck.kind, ZoneCheck.device_time).where(
        ZoneCheck.site_id == site.id, ZoneCheck.date.between(start, end)))}
    for day in days:
        for z in zones:
            for kind in ("opening", "closing"):
                at = done.get((z.id, day, kind))
                owe([z.responsible_id], day, "zone", f"{z.name} {kind}", kind,
                    clock.state(kind, day, at), at)


def hazard_units(session: Session, site: Site, start: dt.date, end: dt.date,
                 today: dt.date) -> list[dict]:
    """Hazards whose (moved) deadline falls in the period: fixed within it, fixed late, or
    still not fixed once it has passed (overdue). Not yet due and not fixed: not counted."""
    zone = ZoneInfo(site.timezone)
    horizon = end + dt.timedelta(days=60)  # far enough to move a deadline past any holiday
    workdays = set(school.school_days(session, site.id, start - dt.timedelta(days=31), horizon))
    away = school.absences(session, site.id, start - dt.timedelta(days=31), horizon)
    out = []
    for h in session.execute(select(Hazard).where(
            Hazard.site_id == site.id, Hazard.assignee_id.is_not(None),
            Hazard.deadline.is_not(None), Hazard.deadline <= horizon)).scalars():
        due = h.deadline
        while (due not in workdays or due in away.get(h.assignee_id, ())) and due < horizon:
            due += dt.timedelta(days=1)
        if not start <= due <= end:
            continue
        fixed = h.fixed_at.astimezone(zone).date() if h.fixed_at and h.status in ("fixed", "verified") else None
        if fixed is not None:
            state = "within" if fixed <= due else "late"
        elif due < today:
            state = "overdue"
        else:
            continue
        out.append({"users": [h.assignee_id], "date": due.isoformat(), "kind": "hazard",
                    "what": h.what, "ref": h.id, "class_id": None, "state": state,
                    "at": h.fixed_at and h.fixed_at.isoformat()})
    return out


def class_results(session: Session, site: Site, start: dt.date, end: dt.date,
                  owed: list[dict]) -> list[dict]:
    """Each class's hygiene results for the period, ranked: disinfection rounds done of
    those due, then check sessions done, then fewest rounds below the minimum. Classes
    equal on all three share a rank (1, 1, 3), listed in the school's order of classes."""
    classes = {c.id: c.name for c in sorted(session.execute(select(SchoolClass).where(
        SchoolClass.site_id == site.id, SchoolClass.active.is_(True))).scalars(),
        key=school.class_order)}
    days = set(school.school_days(session, site.id, start, end))
    tally = defaultdict(lambda: defaultdict(int))
    for u in owed:
        if u["class_id"] is None:
            continue
        t = tally[u["class_id"]]
        t[f"{u['kind']}_due"] += 1
        t[f"{u['kind']}_done"] += u["state"] != "missed"
    hc = HealthCheck
    present = defaultdict(lambda: [0, 0])
    for cid, d, status, n in session.execute(select(hc.class_id, hc.date, hc.status, func.count())
                                             .where(hc.site_id == site.id, hc.session == "morning",
                                                    hc.date.between(start, end))
                                             .group_by(hc.class_id, hc.date, hc.status)):
        if d in days:
            present[cid][0] += n if status != "absent" else 0
            present[cid][1] += n
    below = dict(session.execute(select(Disinfection.class_id, func.count()).where(
        Disinfection.site_id == site.id, Disinfection.date.between(start, end),
        Disinfection.below_minimum.is_(True)).group_by(Disinfection.class_id)).all())
    rows = []
    for cid, name in classes.items():
        t = tally[cid]
        rows.append({"class_id": cid, "class": name,
                     "checks_due": t["check_due"], "checks_done": t["check_done"],
                     "checks_rate": rate(t["check_done"], t["check_due"]),
                     "disinfection_due": t["disinfection_due"],
                     "disinfection_done": t["disinfection_done"],
                     "disinfection_rate": rate(t["disinfection_done"], t["disinfection_due"]),
                     "below_minimum": below.get(cid, 0),
                     "attendance_rate": rate(*present[cid])})
    def standing(r):
        return -(r["disinfection_rate"] or 0), -(r["checks_rate"] or 0), r["below_minimum"]
    rows.sort(key=standing)  # classes that tie stay in the school's order, and share a rank
    for i, r in enumerate(rows):
        r["rank"] = rows[i - 1]["rank"] if i and standing(rows[i - 1]) == standing(r) else i + 1
    return rows


def adjustments(session: Session, site_id: str, month: str) -> dict[tuple[str, str], ScoreAdjustment]:
    """(user, figure) → the latest adjustment of the month."""
    out = {}
    for a in session.execute(select(ScoreAdjustment).where(
            ScoreAdjustment.site_id == site_id, ScoreAdjustment.month == month)
            .order_by(ScoreAdjustment.at)).scalars():
        out[(a.user_id, a.figure)] = a
    return out


def scorecard(session: Session, site: Site, month: str, start: dt.date, end: dt.date,
              today: dt.date, user_ids: set[str] | None = None) -> dict:
    """Per person: on time, late, missed (all and per kind), hazards within, late and
    overdue, rates, their classes' results, and the admin's adjustments beside them."""
    last = min(end, today - dt.timedelta(days=1))
    owed = units(session, site, start, last) if last >= start else []
    owed += hazard_units(session, site, start, end, today)
    results = class_results(session, site, start, last, owed) if last >= start else []
    by_class = {r["class_id"]: r for r in results}
    adj = adjustments(session, site.id, month)
    users = school.by_person(session.execute(select(User).where(
        User.site_id == site.id, User.active.is_(True))).scalars())
    classes_of = defaultdict(list)
    for uid, cid in session.execute(select(UserClass.user_id, UserClass.class_id).where(
            UserClass.site_id == site.id)):
        classes_of[uid].append(cid)
    mine = defaultdict(list)
    for u in owed:
        for uid in u["users"]:
            mine[uid].append(u)
    people = []
    for user in users:
        if user_ids is not None and user.id not in user_ids:
            continue
        rows = mine[user.id]
        count = lambda kind, state: sum(1 for u in rows if u["state"] == state
                                        and (kind is None or u["kind"] == kind))
        computed = {s: count(None, s) - count("hazard", s) for s in STATES}
        computed.update({f"hazards_{s}": count("hazard", s) for s in HAZARD_STATES})
        figures = {}
        for name, value in computed.items():
            a = adj.get((user.id, name))
            figures[name] = {"computed": value, "value": a.value if a else value,
                             "adjustment": a and {"value": a.value, "reason": a.reason,
                                                  "by": a.by, "at": a.at.isoformat()}}
        owed_checks = sum(figures[s]["value"] for s in STATES)
        hazards = sum(figures[f"hazards_{s}"]["value"] for s in HAZARD_STATES)
        people.append({
            "user_id": user.id, "name": user.name, "role": user.role, "figures": figures,
            "by_kind": {k: {s: count(k, s) for s in STATES}
                        for k in ("check", "disinfection", "zone", "gate")},
            "on_time_rate": rate(figures["on_time"]["value"], owed_checks),
            "hazards_within_rate": rate(figures["hazards_within"]["value"], hazards),
            "classes": [by_class[c] for c in classes_of[user.id] if c in by_class]})
    return {"month": month, "from": start.isoformat(), "to": end.isoformat(),
            "counted_to": last.isoformat() if last >= start else None,
            "people": people, "classes": results, "units": owed}
