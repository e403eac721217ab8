"""The admin's view of the school: people, classes, children, rooms, zones, gate times,
the calendar, devices and the audit log. Every change is audited and reaches the phones
through the change feed. An admin manages only their own site."""
from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from dataclasses import dataclass
from typing import Callable
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, g, jsonify, request
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from sqlalchemy import func, select

from sync import Change
from sync.engine import SKEW_FLAG, utcnow
from sync.models import Client

from .. import roster, school
from ..admin import (admin_access_problem, audit, drop_room_needs, publish, record_move, room_needs_moved, stamp_edit,
                     snapshot, adults_moved)
from ..auth import hash_password, require_role
from ..errors import APIError
from ..exports import coded, listing
from ..extensions import db
from ..settings import SettingsSchema, with_keys
from ..models import (ROLES, AuditEntry, Child, Disinfection, Equipment, GateTime, Hazard,
                      Inspection, PatrolRound, PatrolRoute, PickupAdult, Room, SchoolClass,
                      SchoolDay, Site, StaffAbsence, Token, User, UserClass, Zone, ZoneCheck)
from ..printouts import labels
from ..reports.filters import parse_day
from ..rules.zones import EQUIPMENT_CHECKLISTS
from .meta import documented
from .util import json_body

bp = Blueprint("admin", __name__, url_prefix="/api/admin")
admin_only = require_role("admin")


class _Loose(Schema):
    class Meta:
        unknown = EXCLUDE


class Name(fields.String):
    """A name as people type it: the spaces around it are not part of it (" 小一班 " is
    小一班, and a roster naming 小一班 finds it)."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class ClassSchema(_Loose):
    name = Name(required=True, validate=validate.Length(1, 64))
    grade = fields.String(required=True, validate=validate.OneOf(("small", "middle", "large")))
    active = fields.Boolean(load_default=True)


class ChildSchema(_Loose):
    class_id = fields.String(required=True)
    name = Name(required=True, validate=validate.Length(1, 50))
    gender = fields.String(load_default=None, allow_none=True,
                           validate=validate.OneOf(("girl", "boy")))
    birthday = fields.Date(load_default=None, allow_none=True)
    active = fields.Boolean(load_default=True)
    left_on = fields.Date(load_default=None, allow_none=True)


class RoomSchema(_Loose):
    name = fields.String(required=True, validate=validate.Length(1, 100))
    class_id = fields.String(load_default=None, allow_none=True)
    volume_m3 = fields.Float(load_default=None, allow_none=True, validate=validate.Range(1, 5000))
    observation = fields.Boolean(load_default=False)


class ZoneSchema(_Loose):
    name = fields.String(required=True, validate=validate.Length(1, 100))
    kind = fields.String(required=True, validate=validate.Length(1, 32))
    responsible_id = fields.String(load_default=None, allow_none=True)


class GateTimeSchema(_Loose):
    weekday = fields.Integer(required=True, validate=validate.Range(0, 6))
    kind = fields.String(required=True, validate=validate.OneOf(("open", "close")))
    at = fields.Time(required=True)
    label = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))


class AbsenceSchema(_Loose):
    user_id = fields.String(required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))


class EquipmentSchema(_Loose):
    name = fields.String(required=True, validate=validate.Length(1, 100))
    kind = fields.String(required=True, validate=validate.OneOf(tuple(EQUIPMENT_CHECKLISTS)))
    zone_id = fields.String(load_default=None, allow_none=True)
    expires_on = fields.Date(load_default=None, allow_none=True)
    active = fields.Boolean(load_default=True)


class RouteSchema(_Loose):
    name = fields.String(required=True, validate=validate.Length(1, 100))
    # The checkpoints, in the order a round walks them.
    zone_ids = fields.List(fields.String(), required=True, validate=validate.Length(1, 50))


def _zone_in_use(zone) -> str | None:
    if _count(Hazard, zone_id=zone.id):
        return "the zone has hazards on record; they must keep their meaning"
    if _count(ZoneCheck, zone_id=zone.id):
        return "the zone has self-checks on record; they must keep their meaning"
    if _count(Equipment, zone_id=zone.id):
        return "equipment stands in this zone: move it first"
    routes = db.session.execute(select(PatrolRoute.zone_ids).where(
        PatrolRoute.site_id == zone.site_id)).scalars()
    if any(zone.id in ids for ids in routes):
        return "the zone is a checkpoint of a patrol route: take it out of the route first"
    return None


def _class_problem(cls):
    # A closed class leaves every roster, the guard's pick-up list and the emergency
    # roll-call: its children would still be at school, unseen.
    if cls.active is False and _count(Child, class_id=cls.id, active=True):
        return "active", "the class still has children: move them first"
    return None


def _child_problem(child):
    cls = db.session.get(SchoolClass, child.class_id)
    if child.active is not False and cls is not None and cls.active is False:
        return "class_id", "the class is closed: open it or choose another"
    return None


def _route_problem(route):
    if len(set(route.zone_ids)) != len(route.zone_ids):
        return "zone_ids", "a checkpoint is in the route twice"
    known = set(db.session.execute(select(Zone.id).where(
        Zone.site_id == g.actor.site_id, Zone.id.in_(route.zone_ids))).scalars())
    return (set(route.zone_ids) - known) and ("zone_ids", "no such zone at this school")


class AdultSchema(_Loose):
    child_id = fields.String(required=True)
    name = fields.String(required=True, validate=validate.Length(1, 50))
    relation = fields.String(required=True, validate=validate.Length(1, 32))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=32))
    active = fields.Boolean(load_default=True)


@dataclass(frozen=True)
class Resource:
    model: type
    entity: str
    schema: Schema
    class_of: Callable = lambda obj: None
    # why it may not be deleted now (None: it may); people and children are never deleted
    in_use: Callable | None = None
    # why the row as it would be saved is not valid (None: it is)
    invalid: Callable = lambda obj: None
    # the field whose value another row holds already, and how (None: none does)
    taken: Callable = lambda obj: None


def _count(model, **match) -> int:
    conds = [getattr(model, k) == v for k, v in match.items()]
    return db.session.execute(select(func.count()).select_from(model).where(*conds)).scalar()


def _class_name_taken(c) -> tuple[str, str] | None:
    """Two active classes of one name could not be told apart on a roster (the import
    finds a class by its name) nor on a phone's list."""
    if not c.active:
        return None
    other = db.session.execute(select(SchoolClass.id).where(
        SchoolClass.site_id == c.site_id, SchoolClass.active.is_(True),
        SchoolClass.name == c.name, SchoolClass.id != c.id)).first()
    return other and ("name", f"another active class is named {c.name!r}")


RESOURCES = {
    "classes": Resource(SchoolClass, "class", ClassSchema(), lambda c: c.id,
                        lambda c: _count(Child, class_id=c.id, active=True)
                        and "the class still has children: move them first",
                        _class_problem, taken=_class_name_taken),
    "children": Resource(Child, "child", ChildSchema(), lambda c: c.class_id,
                         invalid=_child_problem),
    "rooms": Resource(Room, "room", RoomSchema(), lambda r: r.class_id,
                      lambda r: _count(Disinfection, room_id=r.id)
                      and "the room has disinfection records; they must keep their meaning"),
    "zones": Resource(Zone, "zone", ZoneSchema(), lambda z: None, lambda z: _zone_in_use(z)),
    "gate-times": Resource(GateTime, "gate_time", GateTimeSchema(), lambda t: None,
                           lambda t: None),
    "pickup-adults": Resource(PickupAdult, "pickup_adult", AdultSchema(), lambda a: a.class_id),
    "equipment": Resource(Equipment, "equipment", EquipmentSchema(), lambda e: None,
                          lambda e: _count(Inspection, equipment_id=e.id)
                          and "the equipment has inspections on record: set it inactive"),
    "patrol-routes": Resource(PatrolRoute, "patrol_route", RouteSchema(), lambda r: None,
                              lambda r: _count(PatrolRound, route_id=r.id)
                              and "the route has rounds on record; they must keep their meaning",
                              _route_problem),
    "staff-absences": Resource(StaffAbsence, "staff_absence", AbsenceSchema(), lambda a: None,
                               lambda a: None,
                               lambda a: a.date_to < a.date_from
                               and ("date_to", "the last day is before the first")),
}
# Only these names, so /api/admin/<name> never shadows the fixed routes (staff, audit, …).
NAMES = "any(" + ", ".join(f'"{n}"' for n in RESOURCES) + "):name"
REFERENCES = {"class_id": SchoolClass, "responsible_id": User, "child_id": Child,
              "user_id": User, "zone_id": Zone}


def _resource(name: str) -> Resource:
    if name not in RESOURCES:
        raise APIError(404, "not_found", f"no such list: {name}")
    return RESOURCES[name]


def get_or_404(model, obj_id: str):
    """A row of the admin's own site, or 404 (another site's rows do not exist here)."""
    obj = db.session.get(model, obj_id)
    if obj is None or obj.site_id != g.actor.site_id:
        raise APIError(404, "not_found", "no such record at this school")
    return obj


def _check_valid(res: Resource, obj) -> None:
    problem = res.invalid(obj)
    if problem:
        key, message = problem
        raise APIError(422, "validation_failed", f"{key}: {message}", {key: [message]})
    taken = res.taken(obj)
    if taken:
        key, message = taken
        raise APIError(409, f"{key}_taken", f"{key}: {message}", {key: ["taken"]})


def _check_references(data: dict) -> None:
    for key, model in REFERENCES.items():
        if data.get(key) is not None:  # "" too: it names no record either
            obj = db.session.get(model, data[key])
            if obj is None or obj.site_id != g.actor.site_id:
                raise APIError(422, "validation_failed", f"{key}: no such record at this school",
                               {key: ["no such record at this school"]})


@bp.get(f"/<{NAMES}>")
@admin_only
def list_rows(name: str):
    res = _resource(name)
    rows = db.session.execute(select(res.model).where(res.model.site_id == g.actor.site_id)).scalars()
    return listing(name, [snapshot(r) for r in rows])


@bp.post(f"/<{NAMES}>")
@documented(body=lambda name: RESOURCES[name].schema, status=201)
@admin_only
def create_row(name: str):
    res = _resource(name)
    data = res.schema.load(json_body())
    _check_references(data)
    obj = res.model(site_id=g.actor.site_id, **data)
    _check_valid(res, obj)
    if name == "pickup-adults":
        obj.class_id = db.session.get(Child, data["child_id"]).class_id
    stamp_edit(obj, data)
    db.session.add(obj)
    db.session.flush()
    audit(db.session, g.actor, res.entity, obj.id, "create", None, snapshot(obj))
    publish(db.session, g.actor, [Change(res.entity, obj.id, "put", res.class_of(obj))])
    db.session.commit()
    return jsonify(snapshot(obj)), 201


@bp.patch(f"/<{NAMES}>/<obj_id>")
@documented(body=lambda name: type(RESOURCES[name].schema)(partial=True))
@admin_only
def update_row(name: str, obj_id: str):
    res = _resource(name)
    obj = get_or_404(res.model, obj_id)
    data = res.schema.load(json_body(), partial=True)
    _check_references(data)
    before, old_class = snapshot(obj), res.class_of(obj)
    for k, v in data.items():
        setattr(obj, k, v)
    _check_valid(res, obj)
    stamp_edit(obj, data)
    if name == "children":
        if data.get("active") is False and not obj.left_on:
            obj.left_on = dt.date.today()
        if obj.class_id != before["class_id"] or data.get("active") is False:
            record_move(db.session, g.actor, "child", obj.id, before["class_id"],
                        obj.class_id if obj.active else None)
    db.session.flush()
    new_class = res.class_of(obj)
    audit(db.session, g.actor, res.entity, obj.id, "update", before, snapshot(obj))
    changes = [Change(res.entity, obj.id, "put", new_class,
                      left_class_id=old_class if old_class != new_class else None)]
    if name == "rooms" and old_class != new_class:
        changes += room_needs_moved(db.session, obj, old_class)
    if name == "children" and old_class != new_class:
        changes += adults_moved(db.session, obj)
    publish(db.session, g.actor, changes)
    db.session.commit()
    return jsonify(snapshot(obj))


@bp.delete(f"/<{NAMES}>/<obj_id>")
@admin_only
def delete_row(name: str, obj_id: str):
    res = _resource(name)
    obj = get_or_404(res.model, obj_id)
    if res.in_use is None:
        raise APIError(409, "deactivate_instead",
                       "people and children are never deleted, so that their records keep "
                       "their meaning: set them inactive")
    reason = res.in_use(obj)
    if reason:
        raise APIError(409, "in_use", reason)
    before, class_id = snapshot(obj), res.class_of(obj)
    changes = drop_room_needs(db.session, obj) if name == "rooms" else []
    db.session.delete(obj)
    audit(db.session, g.actor, res.entity, obj_id, "delete", before, None)
    publish(db.session, g.actor, changes + [Change(res.entity, obj_id, "delete", class_id)])
    db.session.commit()
    return jsonify({"ok": True})


# -- staff ---------------------------------------------------------------------------------

def _username(value: str) -> None:
    problem = school.username_problem(value)
    if problem:
        raise ValidationError(problem)


class StaffSchema(_Loose):
    username = fields.String(required=True, validate=_username,
                             metadata={"pattern": school.USERNAME.pattern})  # for the docs
    name = fields.String(required=True, validate=validate.Length(1, 100))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    class_ids = fields.List(fields.String(), load_default=list)
    active = fields.Boolean(load_default=True)
    password = fields.String(load_only=True, validate=validate.Length(8, 256))


def _staff(user: User) -> dict:
    out = snapshot(user)
    out["class_ids"] = sorted(db.session.execute(select(UserClass.class_id).where(
        UserClass.user_id == user.id)).scalars())
    out["devices"] = [{"token_id": t.id, "client_id": t.client_id,
                       "created_at": t.created_at.isoformat(),
                       "last_used_at": t.last_used_at and t.last_used_at.isoformat(),
                       "revoked_at": t.revoked_at and t.revoked_at.isoformat()}
                      for t in db.session.execute(select(Token).where(
                          Token.user_id == user.id).order_by(Token.created_at)).scalars()]
    return out


def _set_classes(user: User, class_ids: list[str]) -> None:
    for cid in class_ids:
        get_or_404(SchoolClass, cid)
    old = set(db.session.execute(select(UserClass.class_id).where(
        UserClass.user_id == user.id)).scalars())
    for cid in old - set(class_ids):
        db.session.delete(db.session.get(UserClass, (user.id, cid)))
        record_move(db.session, g.actor, "user", user.id, cid, None)
    for cid in set(class_ids) - old:
        db.session.add(UserClass(user_id=user.id, class_id=cid, site_id=user.site_id))
        record_move(db.session, g.actor, "user", user.id, None, cid)


@bp.get("/staff")
@admin_only
def staff():
    """The school's staff in the order of their names (school.by_person), as the admin's
    table lists them."""
    users = school.by_person(db.session.execute(
        select(User).where(User.site_id == g.actor.site_id)).scalars())
    return jsonify({"staff": [_staff(u) for u in users]})


@bp.post("/staff")
@documented(body=StaffSchema, status=201)
@admin_only
def add_staff():
    data = StaffSchema().load(json_body())
    if not data.get("password"):
        raise APIError(422, "validation_failed", "password: a first password is needed",
                       {"password": ["required"]})
    if db.session.execute(select(User.id).where(User.site_id == g.actor.site_id,
                                                User.username == data["username"])).first():
        raise APIError(409, "username_taken", f"user name {data['username']!r} is taken",
                       {"username": ["taken"]})
    user = User(site_id=g.actor.site_id, username=data["username"], name=data["name"],
                role=data["role"], active=data["active"],
                password_hash=hash_password(data["password"]))
    db.session.add(user)
    db.session.flush()
    _set_classes(user, data["class_ids"])
    audit(db.session, g.actor, "user", user.id, "create", None, _staff(user))
    publish(db.session, g.actor, [Change("user", user.id)])
    db.session.commit()
    return jsonify(_staff(user)), 201


@bp.patch("/staff/<user_id>")
@documented(body=StaffSchema(partial=True))
@admin_only
def update_staff(user_id: str):
    user = get_or_404(User, user_id)
    data = StaffSchema(partial=True).load(json_body())
    before = _staff(user)
    problem = admin_access_problem(db.session, g.actor.user_id, user,
                                   data.get("role", user.role), data.get("active", user.active))
    if problem:
        raise APIError(409, "conflict", problem)
    for k in ("name", "role", "active"):
        if k in data:
            setattr(user, k, data[k])
    if "class_ids" in data:
        _set_classes(user, data["class_ids"])
    if data.get("password"):
        user.password_hash = hash_password(data["password"])
    db.session.flush()
    audit(db.session, g.actor, "user", user.id,
          "reset_password" if data.get("password") else "update", before, _staff(user))
    publish(db.session, g.actor, [Change("user", user.id)])
    db.session.commit()
    return jsonify(_staff(user))


@bp.post("/tokens/<token_id>/revoke")
@admin_only
def revoke_token(token_id: str):
    """Sign a device out (a lost phone): its queued work stays on it until someone signs in."""
    token = get_or_404(Token, token_id)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit(db.session, g.actor, "token", token.id, "revoke", None,
              {"user_id": token.user_id, "client_id": token.client_id})
    db.session.commit()
    return jsonify({"ok": True})


# -- devices, audit, calendar, the site ------------------------------------------------------

@bp.get("/devices")
@admin_only
def devices():
    """Every phone that has synced, and what is wrong with it: not seen on a working day
    of its user's, a clock far off, stuck on rejected changes, or holding work unsent."""
    return listing("devices", device_rows(), DEVICE_COLUMNS, "devices")


DEVICE_COLUMNS = [("user", "使用人"), ("client_id", "设备"), coded("flags", "问题", labels.DEVICE_FLAG),
                  ("app_version", "版本"), ("last_push_at", "最后上传"),
                  ("last_pull_at", "最后下载"), ("clock_offset_ms", "时钟偏差(ms)"),
                  ("pushed", "上传数"), ("rejected", "被拒数"), ("outbox", "待上传数"),
                  ("last_error", "最后错误")]


def device_rows() -> list[dict]:
    now = utcnow()
    sid = g.actor.site_id
    names = dict(db.session.execute(select(User.id, User.name).where(User.site_id == sid)).all())
    clients = db.session.execute(select(Client).where(Client.site_id == sid)
                                 .order_by(Client.last_push_at.desc())).scalars().all()
    seen_at = {c.id: max(t for t in (c.last_push_at, c.last_pull_at, c.first_seen) if t)
               for c in clients}
    missed = _missed_working_day(sid, {c.id: (c.user_id, seen_at[c.id]) for c in clients}, now)
    out = []
    for c in clients:
        seen = seen_at[c.id]
        flags = ["not_seen"] if c.id in missed else []
        if c.clock_offset_ms is not None and abs(c.clock_offset_ms) > SKEW_FLAG.total_seconds() * 1000:
            flags.append("clock_off")
        if c.rejected and c.last_error:
            flags.append("rejected")
        if c.outbox:  # reported after its push: work it could not send (a person signed out)
            flags.append("queued")
        out.append({"client_id": c.id, "user_id": c.user_id, "user": names.get(c.user_id),
                    "app_version": c.app_version, "last_push_at": c.last_push_at and c.last_push_at.isoformat(),
                    "last_pull_at": c.last_pull_at and c.last_pull_at.isoformat(),
                    "last_seen": seen.isoformat(), "last_cursor": c.last_cursor,
                    "clock_offset_ms": c.clock_offset_ms, "pushed": c.pushed,
                    "rejected": c.rejected, "last_error": c.last_error,
                    "outbox": c.outbox, "outbox_at": c.outbox_at and c.outbox_at.isoformat(),
                    "flags": flags})
    return out


def _missed_working_day(site_id: str, seen: dict[str, tuple[str, dt.datetime]],
                        now: dt.datetime) -> set[str]:
    """The devices not seen on a whole school day, before today, on which their user was
    at work: a phone quiet over a weekend, a holiday or its person's days off is not
    flagged; one quiet on a day its person worked is (it may hold checks unsent)."""
    if not seen:
        return set()
    zone = ZoneInfo(db.session.get(Site, site_id).timezone)
    today = now.astimezone(zone).date()
    last = {cid: at.astimezone(zone).date() for cid, (_, at) in seen.items()}
    first = min(last.values()) + dt.timedelta(days=1)
    if first >= today:
        return set()
    days = school.school_days(db.session, site_id, first, today - dt.timedelta(days=1))
    away = school.absences(db.session, site_id, first, today - dt.timedelta(days=1))
    return {cid for cid, (user_id, _) in seen.items()
            if any(d > last[cid] and d not in away.get(user_id, ()) for d in days)}


@bp.get("/audit")
@admin_only
def audit_log():
    q = select(AuditEntry).where(AuditEntry.site_id == g.actor.site_id)
    if request.args.get("entity"):
        q = q.where(AuditEntry.entity == request.args["entity"])
    rows = db.session.execute(q.order_by(AuditEntry.at.desc()).limit(500)).scalars()
    names = dict(db.session.execute(select(User.id, User.name).where(
        User.site_id == g.actor.site_id)).all())
    return listing("audit", [{**snapshot(r), "user": names.get(r.user_id)} for r in rows],
                   AUDIT_COLUMNS, "audit-log")


AUDIT_COLUMNS = [("at", "时间"), ("user", "操作人"), ("entity", "对象"), ("entity_id", "编号"),
                 coded("action", "操作", labels.AUDIT_ACTION), ("before", "修改前"),
                 ("after", "修改后")]


class DaySchema(_Loose):
    kind = fields.String(required=True, validate=validate.OneOf(("holiday", "workday")))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))


@bp.get("/calendar")
@admin_only
def calendar():
    rows = db.session.execute(select(SchoolDay).where(SchoolDay.site_id == g.actor.site_id)
                              .order_by(SchoolDay.date)).scalars()
    return jsonify({"calendar": [snapshot(r) for r in rows]})


DAY = {"type": "string", "format": "date", "description": "YYYY-MM-DD"}


def _calendar_day(day: str) -> dt.date:
    return parse_day(day, "day")


@bp.put("/calendar/<day>")
@documented(body=DaySchema, path={"day": DAY})
@admin_only
def set_day(day: str):
    date = _calendar_day(day)
    data = DaySchema().load(json_body())
    row = db.session.get(SchoolDay, (g.actor.site_id, date))
    before = snapshot(row)
    if row is None:
        row = SchoolDay(site_id=g.actor.site_id, date=date)
        db.session.add(row)
    row.kind, row.note = data["kind"], data["note"]
    db.session.flush()
    audit(db.session, g.actor, "calendar", day, "update", before, snapshot(row))
    publish(db.session, g.actor, [Change("school_day", row.id)])
    db.session.commit()
    return jsonify(snapshot(row))


@bp.delete("/calendar/<day>")
@documented(path={"day": DAY})
@admin_only
def remove_day(day: str):
    """Take a day off the calendar: it is an ordinary day again (checks due on weekdays)."""
    date = _calendar_day(day)
    row = db.session.get(SchoolDay, (g.actor.site_id, date))
    if row is None:
        raise APIError(404, "not_found", f"{date.isoformat()} is not on the calendar")
    before = snapshot(row)
    db.session.delete(row)
    audit(db.session, g.actor, "calendar", date.isoformat(), "delete", before, None)
    publish(db.session, g.actor, [Change("school_day", row.id, "delete")])  # phones forget it
    db.session.commit()
    return jsonify({"ok": True})


class SiteSchema(_Loose):
    name = fields.String(validate=validate.Length(1, 200))
    timezone = fields.String(validate=validate.Length(1, 64))
    # All of them at once, checked like the settings screens' own routes check their part.
    settings = fields.Nested(SettingsSchema, allow_none=True)


@bp.get("/site")
@admin_only
def site():
    return jsonify(snapshot(db.session.get(Site, g.actor.site_id)))


@bp.patch("/site")
@documented(body=SiteSchema)
@admin_only
def update_site():
    row = db.session.get(Site, g.actor.site_id)
    data = SiteSchema().load(json_body())
    if "timezone" in data:
        try:
            school.check_timezone(data["timezone"])
        except school.SetupError:
            raise APIError(422, "validation_failed", "unknown time zone",
                           {"timezone": ["unknown time zone"]}) from None
    if data.get("settings"):
        data["settings"] = {**data["settings"], "zone_checklists": {
            k: with_keys(v) for k, v in data["settings"].get("zone_checklists", {}).items()}}
        if not data["settings"]["zone_checklists"]:
            del data["settings"]["zone_checklists"]
    before = snapshot(row)
    for k, v in data.items():
        setattr(row, k, v)
    audit(db.session, g.actor, "site", row.id, "update", before, snapshot(row))
    publish(db.session, g.actor, [Change("site", row.id)])  # rules and settings for phones
    db.session.commit()
    return jsonify(snapshot(row))


# -- roster import -------------------------------------------------------------------------

@bp.get("/import/<kind>/template.xlsx")
@admin_only
def import_template(kind: str):
    if kind not in roster.TEMPLATE:
        raise APIError(404, "not_found", "rosters are children or staff")
    return Response(roster.template(kind), headers={
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": f"attachment; filename={kind}-template.xlsx"})


@bp.post("/import/<kind>")
@documented(path={"kind": {"type": "string", "enum": sorted(roster.COLUMNS)}}, content={
    "multipart/form-data": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "the roster: a CSV or Excel (.xlsx) file"}}}})
@admin_only
def import_roster(kind: str):
    """Preview a roster (nothing written), or with ?commit=1 apply what the preview says."""
    upload = request.files.get("file")
    if upload is None:
        raise APIError(400, "malformed_request", "send the roster as the form field 'file'")
    try:
        rows = roster.preview(db.session, g.actor.site_id, kind,
                              roster.read(upload.read(), upload.filename or "", kind),
                              actor_id=g.actor.user_id)
    except roster.RosterError as e:
        raise APIError(422, "bad_roster", str(e)) from None
    counts = Counter(r.action for r in rows)
    body = {"rows": [r.as_dict() for r in rows], "counts": dict(counts), "committed": False}
    if request.args.get("commit") in ("1", "true"):
        body["passwords"] = _apply_roster(kind, rows)
        body["committed"] = True
        db.session.commit()
    return jsonify(body)


def _apply_roster(kind: str, rows) -> dict[str, str]:
    """Write what the preview showed; new staff get a first password to hand out."""
    site = db.session.get(Site, g.actor.site_id)
    changes, passwords = [], {}
    for row in rows:
        if row.action in ("refused", "unchanged"):
            continue
        if kind == "children":
            if row.action == "add":
                child, ch = school.add_child(db.session, site, row.data["class_id"],
                                             row.data["name"], row.data["gender"],
                                             row.data["birthday"])
                audit(db.session, g.actor, "child", child.id, "import", None, snapshot(child))
            else:
                child = db.session.get(Child, row.target_id)
                before, old_class = snapshot(child), child.class_id
                for k in ("gender", "birthday"):
                    if k in row.changes:
                        setattr(child, k, row.changes[k][1])
                child.class_id = row.data["class_id"]
                moved = child.class_id != old_class
                ch = [Change("child", child.id, "put", child.class_id,
                             left_class_id=old_class if moved else None)]
                if moved:  # as the admin's move on the child's page does
                    record_move(db.session, g.actor, "child", child.id, old_class, child.class_id)
                    ch += adults_moved(db.session, child)
                audit(db.session, g.actor, "child", child.id, "import", before, snapshot(child))
            changes += ch
        else:
            if row.action == "add":
                password = secrets.token_urlsafe(9)
                user, ch = school.add_user(db.session, site, row.data["username"],
                                           row.data["name"], row.data["role"], password,
                                           row.data["class_ids"] or ())
                passwords[user.username] = password
                audit(db.session, g.actor, "user", user.id, "import", None, _staff(user))
            else:
                user = db.session.get(User, row.target_id)
                before = _staff(user)
                user.name, user.role = row.data["name"], row.data["role"]
                if row.data["class_ids"] is not None:  # the file has a 班级 column
                    _set_classes(user, row.data["class_ids"])
                audit(db.session, g.actor, "user", user.id, "import", before, _staff(user))
                ch = [Change("user", user.id)]
            changes += ch
    publish(db.session, g.actor, changes)
    return passwords
