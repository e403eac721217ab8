"""Routines, read and set up: the admin writes the checklists (or starts from the defaults
of a role) and issues the safety responsibility letters; the admin's today view of what
was missed; a person's history. The phones tick, record drills and sign through the sync
engine (server/mutations/routines.py) and read through the feed."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, g, jsonify, request
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select

from sync import Change
from sync.engine import utcnow

from .. import routines
from ..admin import audit, publish, snapshot
from ..auth import require_role
from ..errors import APIError
from ..extensions import db
from ..models import (ROLES, LetterSignature, RoutineTemplate, SafetyLetter, SchoolClass,
                      Site, User)
from ..reports.dashboard import figure, piece
from ..reports.filters import date_arg
from ..rules.routines import ASSIGN, DEFAULTS, FREQS, LETTER_BODY, NEEDS, term_of
from ..school import by_name
from ..schemas import Text
from .meta import documented
from .util import json_body

bp = Blueprint("routines", __name__, url_prefix="/api/routines")
admin_only = require_role("admin")
HHMM = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="a time is HH:MM")


def site_now() -> dt.datetime:
    return dt.datetime.now(ZoneInfo(db.session.get(Site, g.actor.site_id).timezone))


class _Loose(Schema):
    class Meta:
        unknown = EXCLUDE


class ItemSchema(_Loose):
    key = fields.String(load_default=None, allow_none=True,
                        validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,32}$"))
    label = fields.String(required=True, validate=validate.Length(1, 200))
    start = fields.String(load_default=None, allow_none=True, validate=HHMM)
    end = fields.String(load_default=None, allow_none=True, validate=HHMM)
    freq = fields.String(load_default="daily", validate=validate.OneOf(FREQS))
    weekday = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(0, 6))
    monthday = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(1, 31))
    needs = fields.String(load_default="tick", validate=validate.OneOf(NEEDS))
    min = fields.Float(load_default=None, allow_none=True)
    max = fields.Float(load_default=None, allow_none=True)
    unit = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=16))
    choices = fields.List(fields.String(validate=validate.Length(1, 50)), load_default=None,
                          allow_none=True, validate=validate.Length(max=12))

    @validates_schema
    def _consistent(self, d, **kw):
        if d["start"] and d["end"] and d["end"] <= d["start"]:
            raise ValidationError("the window ends before it starts", "end")
        if d["freq"] == "weekly" and d["weekday"] is None:
            raise ValidationError("a weekly item needs its weekday", "weekday")
        if d["freq"] == "monthly" and d["monthday"] is None:
            raise ValidationError("a monthly item needs its day of the month", "monthday")
        if d["needs"] == "choice" and not d["choices"]:
            raise ValidationError("a choice needs its choices", "choices")
        if d["min"] is not None and d["max"] is not None and d["max"] < d["min"]:
            raise ValidationError("the largest is below the smallest", "max")


class TemplateSchema(_Loose):
    name = fields.String(required=True, validate=validate.Length(1, 100))
    assign = fields.String(required=True, validate=validate.OneOf(ASSIGN))
    role = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(ROLES))
    class_id = fields.String(load_default=None, allow_none=True)
    user_id = fields.String(load_default=None, allow_none=True)
    items = fields.List(fields.Nested(ItemSchema), required=True, validate=validate.Length(1, 80))

    @validates_schema
    def _who(self, d, **kw):
        if d["assign"] == "role" and not d.get("role"):
            raise ValidationError("say which role does it", "role")
        if d["assign"] == "user" and not d.get("user_id"):
            raise ValidationError("say who does it", "user_id")


def _own(model, obj_id, what):
    obj = db.session.get(model, obj_id) if obj_id else None
    if obj is None or obj.site_id != g.actor.site_id:
        raise APIError(422, "validation_failed", f"{what}: no such record at this school",
                       {what: ["no such record at this school"]})
    return obj


def _apply(t: RoutineTemplate, d: dict) -> None:
    if d["assign"] == "class" and d.get("class_id"):
        _own(SchoolClass, d["class_id"], "class_id")
    if d["assign"] == "user":
        _own(User, d["user_id"], "user_id")
    # An item keeps its key across edits (ticks name it); a new item gets a new one.
    items, seen = [], set()
    for i in d["items"]:
        key = i["key"] or routines.new_key()
        while key in seen:
            key = routines.new_key()
        seen.add(key)
        items.append({k: v for k, v in {**i, "key": key}.items() if v is not None})
    t.name, t.assign, t.items = d["name"], d["assign"], items
    t.role = d["role"] if d["assign"] == "role" else None
    t.class_id = d.get("class_id") if d["assign"] == "class" else None
    t.user_id = d["user_id"] if d["assign"] == "user" else None
    t.updated_at = utcnow()


def _template_or_404(tid: str) -> RoutineTemplate:
    t = db.session.get(RoutineTemplate, tid)
    if t is None or t.site_id != g.actor.site_id:
        raise APIError(404, "not_found", "no such checklist at this school")
    return t


@bp.get("/templates")
@admin_only
def list_templates():
    rows = by_name(db.session.execute(select(RoutineTemplate).where(
        RoutineTemplate.site_id == g.actor.site_id)).scalars())
    return jsonify({"templates": [snapshot(t) for t in rows]})


@bp.get("/defaults")
@admin_only
def defaults():
    """The checklists shipped for each role, to start from."""
    return jsonify({"defaults": DEFAULTS})


@bp.post("/templates")
@documented(body=TemplateSchema, status=201)
@admin_only
def create_template():
    d = TemplateSchema().load(json_body())
    t = RoutineTemplate(site_id=g.actor.site_id, items=[], active=True,
                        since=site_now().date())
    _apply(t, d)
    db.session.add(t)
    db.session.flush()
    audit(db.session, g.actor, "routine_template", t.id, "create", None, snapshot(t))
    publish(db.session, g.actor, [Change("routine_template", t.id)])
    db.session.commit()
    return jsonify(snapshot(t)), 201


@bp.post("/templates/defaults/<role>")
@documented(status=201, path={"role": {"type": "string", "enum": sorted(DEFAULTS)}})
@admin_only
def load_defaults(role: str):
    """Write the default checklists of a role into the school."""
    if role not in DEFAULTS:
        raise APIError(404, "not_found", f"no default checklists for {role}")
    made, changes = routines.load_defaults(db.session, g.actor.site_id, role, site_now().date())
    for t in made:
        audit(db.session, g.actor, "routine_template", t.id, "create", None, snapshot(t))
    publish(db.session, g.actor, changes)
    db.session.commit()
    return jsonify({"templates": [snapshot(t) for t in made]}), 201


@bp.put("/templates/<tid>")
@documented(body=TemplateSchema)
@admin_only
def update_template(tid: str):
    """Change a checklist from now on: what was ticked keeps what its item said then."""
    t = _template_or_404(tid)
    if not t.active:
        raise APIError(409, "retired", "a retired checklist is not changed: write a new one")
    d = TemplateSchema().load(json_body())
    before = snapshot(t)
    _apply(t, d)
    audit(db.session, g.actor, "routine_template", t.id, "update", before, snapshot(t))
    publish(db.session, g.actor, [Change("routine_template", t.id)])
    db.session.commit()
    return jsonify(snapshot(t))


@bp.post("/templates/<tid>/retire")
@admin_only
def retire_template(tid: str):
    """No longer due from today; what was ticked stays."""
    t = _template_or_404(tid)
    if t.active:
        before = snapshot(t)
        t.active, t.retired_on, t.updated_at = False, site_now().date(), utcnow()
        audit(db.session, g.actor, "routine_template", t.id, "retire", before, snapshot(t))
        publish(db.session, g.actor, [Change("routine_template", t.id)])
        db.session.commit()
    return jsonify(snapshot(t))


@bp.get("/missed")
@require_role("admin", "health")
def missed():
    """The admin's today view: routine items not done in their window (a closed day or a
    day off is not a miss), with who should have done them."""
    now = site_now()
    day = date_arg("date", now.date())
    rows = routines.missed(db.session, g.actor.site_id, day, now)
    db.session.commit()
    return jsonify({"date": day.isoformat(), "missed": rows})


@piece("routines")
def missed_piece(site: Site, day: dt.date) -> dict:
    """Today's dashboard: how many routine items were missed, opening their list."""
    rows = routines.missed(db.session, site.id, day, dt.datetime.now(ZoneInfo(site.timezone)))
    return figure(len(rows), "routines_missed", date=day.isoformat())


@bp.get("/history")
@require_role("admin", "health", "caregiver", "guard")
def history():
    """A person's routine items day by day (default: the signed-in person, the last 14
    days): done, late, missed, excused (a day off) or still due."""
    user_id = request.args.get("user_id") or g.actor.user_id
    if user_id != g.actor.user_id and g.actor.role != "admin":
        raise APIError(403, "forbidden", "only the admin reads another person's history")
    if user_id != g.actor.user_id:
        _own(User, user_id, "user_id")
    now = site_now()
    end = date_arg("to", now.date())
    start = date_arg("from", end - dt.timedelta(days=13))
    if start > end or (end - start).days > 92:
        raise APIError(422, "validation_failed", "from must be before to, at most 92 days")
    rows = routines.day_rows(db.session, g.actor.site_id, start, end, now, person=user_id)
    db.session.commit()
    return jsonify({"user_id": user_id, "from": start.isoformat(), "to": end.isoformat(),
                    "rows": rows})


# -- safety responsibility letters ---------------------------------------------------------

class LetterSchema(_Loose):
    term = fields.String(load_default=None, allow_none=True,
                         validate=validate.Regexp(r"^\d{4}-(spring|autumn)$"))
    post = Text(required=True, validate=validate.Length(1, 64))
    title = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 200))
    body = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 20000))
    role = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(ROLES))
    user_ids = fields.List(fields.String(), load_default=list)

    @validates_schema
    def _who(self, d, **kw):
        if not d.get("role") and not d.get("user_ids"):
            raise ValidationError("say who signs it: a role or the people", "user_ids")


def _letter(letter: SafetyLetter, signed: dict[str, LetterSignature], names: dict) -> dict:
    out = snapshot(letter)
    out["signed"] = [{"user_id": u, "name": names.get(u), "signed_at": signed[u].signed_at.isoformat()}
                     for u in letter.user_ids if u in signed]
    out["unsigned"] = [{"user_id": u, "name": names.get(u)} for u in letter.user_ids
                       if u not in signed]
    return out


@bp.get("/letters")
@admin_only
def letters():
    """Every letter, who signed it and when, and who has not signed."""
    names = dict(db.session.execute(select(User.id, User.name).where(
        User.site_id == g.actor.site_id)).all())
    sigs: dict[str, dict] = {}
    for s in db.session.execute(select(LetterSignature).where(
            LetterSignature.site_id == g.actor.site_id)).scalars():
        sigs.setdefault(s.letter_id, {})[s.user_id] = s
    rows = db.session.execute(select(SafetyLetter).where(
        SafetyLetter.site_id == g.actor.site_id).order_by(SafetyLetter.issued_at.desc())).scalars()
    return jsonify({"letters": [_letter(r, sigs.get(r.id, {}), names) for r in rows]})


@bp.post("/letters")
@documented(body=LetterSchema, status=201)
@admin_only
def issue_letter():
    """Issue a post's letter for the term to everyone of a role, or to named people."""
    d = LetterSchema().load(json_body())
    people = {u for u in d["user_ids"]}
    for u in people:
        _own(User, u, "user_ids")
    if d.get("role"):
        people |= set(db.session.execute(select(User.id).where(
            User.site_id == g.actor.site_id, User.role == d["role"],
            User.active.is_(True))).scalars())
    if not people:
        raise APIError(422, "validation_failed", "nobody holds this post",
                       {"user_ids": ["nobody"]})
    title, body = LETTER_BODY.get(d.get("role") or "", (None, None))
    if not (d.get("title") or title) or not (d.get("body") or body):
        raise APIError(422, "validation_failed", "a letter needs its title and text",
                       {"body": ["required"]})
    letter = SafetyLetter(site_id=g.actor.site_id, term=d["term"] or term_of(site_now().date()),
                          post=d["post"], title=d.get("title") or title, body=d.get("body") or body,
                          user_ids=sorted(people), issued_by=g.actor.user_id, issued_at=utcnow())
    db.session.add(letter)
    db.session.flush()
    audit(db.session, g.actor, "safety_letter", letter.id, "create", None, snapshot(letter))
    publish(db.session, g.actor, [Change("safety_letter", letter.id)])
    db.session.commit()
    return jsonify(_letter(letter, {}, {})), 201
