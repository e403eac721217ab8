"""What the change feed carries: each entity's table and public fields, and the scope
of each role (DESIGN.md, promise 5: master data, plus records in a time window)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from sqlalchemy import Date, DateTime, Time, select

from sync import Actor
from sync.engine import Entity, Scope, publish

from .models import (BlockEntry, Bulletin, CheckHistory, Child, Disinfection, Drill, Equipment,
                     FollowUp, GateEvent, GateTime, Hazard, HazardAction, HealthCheck, Inspection,
                     LetterSignature, Medicine, OutbreakAlert, OutbreakMode, PatrolRound,
                     PatrolRoute, Pickup, PickupAdult, Room, RoomNeed, RoutineTemplate,
                     RoutineTick, SafetyLetter, SchoolClass, SchoolDay, Site, StaffAbsence, User,
                     Visitor, Zone, ZoneCheck)
from .rules import disinfection
from .settings import phone_checklists


def dumper(table, exclude=()):
    """row → JSON-ready dict; dates and times as RFC 3339 strings."""
    names = [c.name for c in table.columns if c.name not in exclude]

    def dump(row) -> dict:
        out = {}
        for n in names:
            v = row[n]
            out[n] = v.isoformat() if isinstance(v, (dt.date, dt.datetime, dt.time)) else v
        return out
    return dump


def _temporal(column) -> bool:
    kind = getattr(column.type, "impl", column.type)  # UTCDateTime is a TypeDecorator
    return isinstance(kind, (Date, DateTime, Time))


def _entity(model, exclude=("site_id",)) -> Entity:
    """The model's table in the feed, less the `exclude` columns (never even selected).
    The dump converts only the columns that hold dates and times: it runs for every
    record of a first sync."""
    columns = [c for c in model.__table__.columns if c.name not in exclude]
    names = tuple(c.name for c in columns)
    temporal = [c.name for c in columns if _temporal(c)]

    def dump(row) -> dict:
        """A row (a mapping, or a tuple in the order of `names`) → JSON-ready dict."""
        out = ({n: row[n] for n in names} if isinstance(row, Mapping)
               else dict(zip(names, row)))
        for n in temporal:
            if out[n] is not None:
                out[n] = out[n].isoformat()
        return out
    return Entity(model.__table__, dump, names, frozenset(temporal))


def _site_entity() -> Entity:
    """The school itself, with its disinfection rules resolved (the defaults under its own
    values), so that phones check rounds against what the server checks them with, and the
    zone and equipment checklists in force (a zone check opened offline has its items).
    The sites table has no site_id column (it is the site): the feed reads it through a
    subquery that names its id twice."""
    table = select(Site.id, Site.id.label("site_id"), Site.name, Site.timezone,
                   Site.settings).subquery("site_feed")
    names = ("id", "name", "timezone", "settings")

    def dump(row) -> dict:
        out = ({n: row[n] for n in names} if isinstance(row, Mapping)
               else dict(zip(names, row)))
        # The bounds disinfection.record's schema holds every round to, beside the rules.
        out["disinfection"] = {**disinfection.rules_for(out["settings"]),
                               "amount_max": disinfection.AMOUNT_MAX,
                               "amount_max_by_method": {m: disinfection.amount_max(m)
                                                        for m in disinfection.METHODS}}
        out["zone_checklists"] = phone_checklists(out["settings"])
        return out
    return Entity(table, dump, names)


# The clocks last writer wins keeps on a record stay on the server.
LWW = ("site_id", "field_hlc", "hlc")

ENTITIES = {
    "site": _site_entity(),
    "class": _entity(SchoolClass),
    "child": _entity(Child),
    "user": _entity(User, ("site_id", "password_hash", "locale")),
    "room": _entity(Room),
    "room_need": _entity(RoomNeed),
    "zone": _entity(Zone, ("site_id", "code")),  # the QR secret stays on the server
    "health_check": _entity(HealthCheck, ("site_id", "field_hlc")),
    "check_history": _entity(CheckHistory),
    "followup": _entity(FollowUp),
    "medicine": _entity(Medicine),
    "disinfection": _entity(Disinfection, ("site_id", "field_hlc")),
    "outbreak_alert": _entity(OutbreakAlert),
    "outbreak_mode": _entity(OutbreakMode),
    "gate_time": _entity(GateTime),
    "gate_event": _entity(GateEvent),
    # Never the full ID number: phones get it masked, and hashed for the block list.
    "visitor": _entity(Visitor, ("site_id", "id_number")),
    "block_entry": _entity(BlockEntry, LWW),
    "pickup_adult": _entity(PickupAdult, LWW),
    "pickup": _entity(Pickup),
    "zone_check": _entity(ZoneCheck, ("site_id", "field_hlc")),
    "hazard": _entity(Hazard),
    "hazard_action": _entity(HazardAction),
    "patrol_route": _entity(PatrolRoute),
    "patrol_round": _entity(PatrolRound),
    "equipment": _entity(Equipment, LWW),
    "inspection": _entity(Inspection, LWW),
    "staff_absence": _entity(StaffAbsence),
    # Only published bulletins enter the feed (server/api/bulletins.py), never a draft.
    "bulletin": _entity(Bulletin, ("site_id", "drafted_by")),
    "school_day": _entity(SchoolDay),
    "routine_template": _entity(RoutineTemplate),
    "routine_tick": _entity(RoutineTick, ("site_id", "field_hlc")),
    "drill": _entity(Drill),
    "safety_letter": _entity(SafetyLetter),
    "letter_signature": _entity(LetterSignature),
}

# A put of any of these stores the record's dump with its change row; pulls send it as is.
publish(ENTITIES)

MASTER = frozenset({"site", "class", "child", "user", "room", "room_need", "zone", "gate_time",
                    "pickup_adult", "zone_check", "hazard", "hazard_action", "bulletin"})
# Every member of staff has routines, takes part in drills and signs a letter.
ROUTINES = frozenset({"school_day", "routine_template", "routine_tick", "drill",
                      "safety_letter", "letter_signature"})
GATE = frozenset({"gate_event", "visitor", "block_entry", "pickup", "patrol_route",
                  "patrol_round", "equipment", "inspection"})
VISIBLE = {
    "admin": frozenset(ENTITIES),
    # Outbreak alerts go to the health teacher and the admin, who report them; every
    # member of staff may host a visitor, so all see the (masked) visitor list.
    "health": frozenset(ENTITIES) - {"gate_event", "block_entry", "patrol_round",
                                     "staff_absence"},
    "caregiver": frozenset(ENTITIES) - {"outbreak_alert", "gate_event", "block_entry",
                                        "patrol_route", "patrol_round", "equipment",
                                        "inspection", "staff_absence"},
    "guard": MASTER | GATE | ROUTINES,  # the guard needs names and classes, never health data
}


def scope_for(actor: Actor, timezone: str, window_days: int) -> Scope:
    today = dt.datetime.now(ZoneInfo(timezone)).date()
    classes = actor.class_ids if actor.role == "caregiver" else None
    return Scope(VISIBLE.get(actor.role, frozenset()), classes,
                 today - dt.timedelta(days=window_days))
