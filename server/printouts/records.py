"""The records behind the printouts and the bulletin, read with the session first.
Plain values out; who may read what is decided by the caller (server/api/printouts.py)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import (Child, Disinfection, HealthCheck, Medicine, Room, SchoolClass, Site, User,
                      Visitor)
from ..school import by_name, by_person


def names_of_users(session: Session, site_id: str) -> dict[str, str]:
    return dict(session.execute(select(User.id, User.name).where(User.site_id == site_id)).all())


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def local_time(value: dt.datetime | None, tz: str, fmt: str = "%H:%M") -> str:
    return value.astimezone(ZoneInfo(tz)).strftime(fmt) if value else ""


@dataclass
class ClassMonth:
    """A class's morning and noon checks over some days: its children (on the roster, or
    checked in it), and each check by (child, date, session)."""
    children: list[tuple[str, str]]
    checks: dict[tuple[str, dt.date, str], HealthCheck]
    by_session: dict[tuple[dt.date, str], list[HealthCheck]] = field(default_factory=dict)


def class_checks(session: Session, site_id: str, class_id: str, first: dt.date,
                 last: dt.date) -> ClassMonth:
    hc = HealthCheck
    rows = session.execute(select(hc).where(
        hc.site_id == site_id, hc.class_id == class_id, hc.date >= first, hc.date <= last)
        .order_by(hc.date, hc.session, hc.device_time)).scalars().all()
    checked = {r.child_id for r in rows}
    children = session.execute(select(Child.id, Child.name).where(
        Child.site_id == site_id,
        or_(Child.class_id == class_id, Child.id.in_(sorted(checked))))
        .where(or_(Child.active.is_(True), Child.id.in_(sorted(checked))))).all()
    children = by_person(children)
    by_session = defaultdict(list)
    for r in rows:
        by_session[(r.date, r.session)].append(r)
    return ClassMonth([(c.id, c.name) for c in children],
                      {(r.child_id, r.date, r.session): r for r in rows}, dict(by_session))


def class_rooms(session: Session, site_id: str, class_id: str) -> list[Room]:
    return by_name(session.execute(select(Room).where(Room.site_id == site_id,
                                                      Room.class_id == class_id)).scalars())


def disinfections(session: Session, site_id: str, room_ids: list[str], first: dt.date,
                  last: dt.date) -> list[Disinfection]:
    d = Disinfection
    return session.execute(select(d).where(
        d.site_id == site_id, d.room_id.in_(room_ids), d.date >= first, d.date <= last)
        .order_by(d.date, d.room_id, d.item, d.round)).scalars().all()


def visitors(session: Session, site_id: str, first: dt.date, last: dt.date) -> list[Visitor]:
    return session.execute(select(Visitor).where(
        Visitor.site_id == site_id, Visitor.date >= first, Visitor.date <= last)
        .order_by(Visitor.date, Visitor.registered_at)).scalars().all()


def medicines(session: Session, site_id: str, class_id: str, first: dt.date,
              last: dt.date) -> list[Medicine]:
    """The medicine parents handed over in a class over some days, as they were handed over."""
    m = Medicine
    return session.execute(select(m).where(
        m.site_id == site_id, m.class_id == class_id, m.date >= first, m.date <= last)
        .order_by(m.date, m.device_time, m.id)).scalars().all()


def names_of_children(session: Session, site_id: str, ids: list[str]) -> dict[str, str]:
    """Child id → name, for children who may have left since (not only the active)."""
    return dict(session.execute(select(Child.id, Child.name).where(
        Child.site_id == site_id, Child.id.in_(sorted(set(ids))))).all())


def site_class(session: Session, site: Site, class_id: str | None) -> SchoolClass | None:
    """The class, if it is this school's."""
    c = session.get(SchoolClass, class_id) if class_id else None
    return c if c is not None and c.site_id == site.id else None
