"""The demo history's two plain pieces: what one person did on a phone (Done), and the
demo school's people, classes, rooms and zones, read once (DemoSchool)."""
from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync import Actor
from sync.ids import natural_id

from .. import routines, school
from ..admin import room_needs
from ..models import (Child, OutbreakMode, PickupAdult, Room, SchoolClass, Site, User,
                      UserClass, Zone)
from ..rules import disinfection as drules


@dataclass
class Done:
    """One thing a person did on a phone. `urgent`: someone waits for it (a visitor at the
    gate, a hazard), so the phone pushes at once instead of at its next sync."""
    user: str  # username
    at: dt.datetime  # the school's local time, aware
    name: str
    key: tuple  # names the record: with the school, the mutation's id
    args: dict
    urgent: bool = False
    hlc: str = ""



class DemoSchool:
    """The demo school's people, classes, rooms and zones, read once."""

    def __init__(self, session: Session, site: Site):
        self.session, self.site, self.tz = session, site, ZoneInfo(site.timezone)
        users = session.execute(select(User).where(User.site_id == site.id,
                                                   User.active.is_(True))).scalars().all()
        self.users = {u.username: u for u in users}
        by_id = {u.id: u.username for u in users}
        mine = defaultdict(set)
        for uid, cid in session.execute(select(UserClass.user_id, UserClass.class_id).where(
                UserClass.site_id == site.id)):
            mine[uid].add(cid)
        self.actors = {u.username: Actor(u.id, site.id, u.role, frozenset(mine[u.id]),
                                         natural_id(site.id, "demo_device", u.username))
                       for u in users}
        carer = {}  # class → its caregiver's username (the first, by username)
        for u in sorted(users, key=lambda u: u.username):
            for cid in mine[u.id] if u.role == "caregiver" else ():
                carer.setdefault(cid, u.username)
        classes = sorted(session.execute(select(SchoolClass).where(
            SchoolClass.site_id == site.id, SchoolClass.active.is_(True))).scalars(),
            key=school.class_order)
        kids = defaultdict(list)
        for c in session.execute(select(Child).where(Child.site_id == site.id,
                                                     Child.active.is_(True))
                                 .order_by(Child.name, Child.id)).scalars():
            kids[c.class_id].append(c)
        # (class, who checks it, its children): a class without a caregiver, the health teacher
        self.classes = [(c, carer.get(c.id, "health"), kids[c.id]) for c in classes]
        self.carer = {c.id: who for c, who, _ in self.classes}
        rooms = session.execute(select(Room).where(Room.site_id == site.id)
                                .order_by(Room.name)).scalars().all()
        self.rooms = [(r, self.carer.get(r.class_id, "health")) for r in rooms]
        self.needs = {r.id: room_needs(session, r) or None for r in rooms}
        self.rules = drules.rules_for(site.settings)
        self.outbreak = set(session.execute(select(OutbreakMode.class_id).where(
            OutbreakMode.site_id == site.id, OutbreakMode.on.is_(True))).scalars())
        zones = session.execute(select(Zone).where(Zone.site_id == site.id)
                                .order_by(Zone.name)).scalars().all()
        # A zone nobody answers for owes no self-check; one without a code can't be scanned.
        self.zones = [(z, by_id[z.responsible_id]) for z in zones
                      if z.responsible_id in by_id and z.code]
        self.checklists = (site.settings or {}).get("zone_checklists")
        self.staff = routines.Staff(session, site.id)  # the routines' owners
        self.adults = defaultdict(list)
        for a in session.execute(select(PickupAdult).where(
                PickupAdult.site_id == site.id, PickupAdult.active.is_(True))
                .order_by(PickupAdult.name, PickupAdult.id)).scalars():
            self.adults[a.child_id].append(a)

    def at(self, day: dt.date, hhmm: str, seconds: float = 0) -> dt.datetime:
        start = dt.datetime.combine(day, dt.time.fromisoformat(hhmm), self.tz)
        return start + dt.timedelta(seconds=seconds)

    def between(self, rng: random.Random, day: dt.date, start: str, end: str) -> dt.datetime:
        first, last = self.at(day, start), self.at(day, end)
        return first + dt.timedelta(seconds=rng.randint(0, int((last - first).total_seconds())))

    def zone(self, kind: str, user: str | None = None) -> tuple[Zone, str] | None:
        return next(((z, who) for z, who in self.zones
                     if z.kind == kind and user in (None, who)), None)

