"""Routines over the database: which owners (a class, a person) each template is due from,
what was missed in a day (less the school's closed days and the staff's days off), a
person's history, and the default templates written into a school. Session first."""
from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync import Change
from sync.engine import utcnow
from sync.ids import natural_id

from .models import RoutineTemplate, RoutineTick, SchoolClass, User, UserClass
from .rules.routines import DEFAULTS, due_bounds, due_on, overdue, window
from .school import absences, class_order, school_days


def tick_id(site_id: str, template_id: str, item_key: str, date: dt.date, owner_id: str) -> str:
    return natural_id(site_id, "routine_tick", template_id, item_key, date.isoformat(), owner_id)


def new_key() -> str:
    return secrets.token_hex(4)


@dataclass(frozen=True)
class Owner:
    """Whom a template's items are due from: a class (its staff together) or a person."""
    id: str
    kind: str             # class / user
    name: str
    people: tuple[str, ...]  # who may do it (and whose day off excuses it)
    class_id: str | None = None


class Staff:
    """The site's active staff and classes, read once per request."""

    def __init__(self, session: Session, site_id: str):
        self.users = {u.id: u for u in session.execute(select(User).where(
            User.site_id == site_id, User.active.is_(True))).scalars()}
        self.classes = {c.id: c for c in session.execute(select(SchoolClass).where(
            SchoolClass.site_id == site_id, SchoolClass.active.is_(True))).scalars()}
        self.members = defaultdict(list)
        for uid, cid in session.execute(select(UserClass.user_id, UserClass.class_id).where(
                UserClass.site_id == site_id)).all():
            if uid in self.users:
                self.members[cid].append(uid)

    def owners(self, t: RoutineTemplate) -> list[Owner]:
        if t.assign == "class":
            ids = [t.class_id] if t.class_id else [c.id for c in sorted(self.classes.values(),
                                                                        key=class_order)]
            return [Owner(c, "class", self.classes[c].name, tuple(self.members[c]), c)
                    for c in ids if c in self.classes]
        if t.assign == "user":
            u = self.users.get(t.user_id)
            return [Owner(u.id, "user", u.name, (u.id,))] if u else []
        return [Owner(u.id, "user", u.name, (u.id,))
                for u in sorted(self.users.values(), key=lambda u: u.username) if u.role == t.role]


def templates(session: Session, site_id: str, day: dt.date) -> list[RoutineTemplate]:
    """The templates in force on `day`: written by then and not yet retired."""
    return [t for t in session.execute(select(RoutineTemplate).where(
        RoutineTemplate.site_id == site_id)).scalars()
        if t.since <= day and (t.retired_on is None or t.retired_on > day)]


def _ticks(session: Session, site_id: str, start: dt.date, end: dt.date) -> dict[str, RoutineTick]:
    return {r.id: r for r in session.execute(select(RoutineTick).where(
        RoutineTick.site_id == site_id, RoutineTick.date >= start,
        RoutineTick.date <= end)).scalars()}


def day_rows(session: Session, site_id: str, start: dt.date, end: dt.date,
             local_now: dt.datetime, person: str | None = None) -> list[dict]:
    """Every item due from start to end (both included), each with its state: done
    (on_time / late / early), missed (its window over, not done), excused (everyone who
    could do it was away), or due (its window not over yet). Closed days have none.
    `person`: only what that person shares in or owns."""
    staff = Staff(session, site_id)
    ticks = _ticks(session, site_id, start, end)
    away = absences(session, site_id, start, end)
    out = []
    month, open_days = None, set()
    day = start
    while day <= end:
        if (day.year, day.month) != month:
            month = (day.year, day.month)
            open_days = set(school_days(session, site_id, *due_bounds(day)))
        for t in templates(session, site_id, day):
            for owner in staff.owners(t):
                if person and person not in owner.people:
                    continue
                for item in t.items:
                    if not due_on(item, day, open_days):
                        continue
                    tick = ticks.get(tick_id(site_id, t.id, item["key"], day, owner.id))
                    present = [p for p in owner.people if day not in away.get(p, ())]
                    if tick is not None:
                        state = tick.timing
                    elif not overdue(item, day, local_now):
                        state = "due"
                    elif not present:
                        state = "excused"
                    else:
                        state = "missed"
                    start_t, end_t = window(item)
                    doer = staff.users.get(tick.recorded_by) if tick else None
                    out.append({
                        "date": day.isoformat(), "template_id": t.id, "template": t.name,
                        "item_key": item["key"], "label": tick.label if tick else item["label"],
                        "start": start_t and start_t.strftime("%H:%M"),
                        "end": end_t and end_t.strftime("%H:%M"),
                        "owner_id": owner.id, "owner_kind": owner.kind, "owner": owner.name,
                        "people": [staff.users[p].name for p in present],
                        "state": state,
                        "done_by": doer.name if doer else None,
                        "done_at": tick.device_time.isoformat() if tick else None})
        day += dt.timedelta(days=1)
    return out


def missed(session: Session, site_id: str, day: dt.date, local_now: dt.datetime) -> list[dict]:
    return [r for r in day_rows(session, site_id, day, day, local_now) if r["state"] == "missed"]


def load_defaults(session: Session, site_id: str, role: str, since: dt.date) -> tuple[list[RoutineTemplate], list[Change]]:
    """Write the shipped templates of a role into the school (the admin edits them after)."""
    made = []
    for spec in DEFAULTS[role]:
        t = RoutineTemplate(site_id=site_id, name=spec["name"], assign=spec["assign"],
                            role=role if spec["assign"] == "role" else None,
                            items=[dict(i) for i in spec["items"]], active=True, since=since,
                            updated_at=utcnow())
        session.add(t)
        made.append(t)
    session.flush()
    return made, [Change("routine_template", t.id) for t in made]
