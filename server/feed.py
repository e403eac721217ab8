"""What the change feed carries: each entity's table and public fields, and the scope
of each role (DESIGN.md, promise 5: master data, plus records in a time window)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sync import Actor
from sync.engine import Entity, Scope

from .models import (BlockEntry, CheckHistory, Child, Disinfection, FollowUp, GateEvent,
                     GateTime, HealthCheck, Medicine, OutbreakAlert, OutbreakMode, Pickup,
                     PickupAdult, Room, SchoolClass, User, Visitor, Zone)


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


def _entity(model, exclude=("site_id",)):
    return Entity(model.__table__, dumper(model.__table__, exclude))


ENTITIES = {
    "class": _entity(SchoolClass),
    "child": _entity(Child),
    "user": _entity(User, ("site_id", "password_hash", "locale")),
    "room": _entity(Room),
    "zone": _entity(Zone),
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
    "block_entry": _entity(BlockEntry),
    "pickup_adult": _entity(PickupAdult),
    "pickup": _entity(Pickup),
}

MASTER = frozenset({"class", "child", "user", "room", "zone", "gate_time", "pickup_adult"})
GATE = frozenset({"gate_event", "visitor", "block_entry", "pickup"})
VISIBLE = {
    "admin": frozenset(ENTITIES),
    # Outbreak alerts go to the health teacher and the admin, who report them; every
    # member of staff may host a visitor, so all see the (masked) visitor list.
    "health": frozenset(ENTITIES) - {"gate_event", "block_entry"},
    "caregiver": frozenset(ENTITIES) - {"outbreak_alert", "gate_event", "block_entry"},
    "guard": MASTER | GATE,  # the guard needs names and classes, never health data
}


def scope_for(actor: Actor, timezone: str, window_days: int) -> Scope:
    today = dt.datetime.now(ZoneInfo(timezone)).date()
    classes = actor.class_ids if actor.role == "caregiver" else None
    return Scope(VISIBLE.get(actor.role, frozenset()), classes,
                 today - dt.timedelta(days=window_days))
