"""Routines on the phone: an item ticked (with a number, a choice, a note or a photo where
it asks), a drill planned and recorded, a safety responsibility letter signed."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.models import (Drill, LetterSignature, RoutineTemplate, RoutineTick, SafetyLetter,
                           SchoolClass, Site, User, UserClass)
from server.routines import tick_id
from server.rules.routines import ALL_DRILL_KINDS, check_value, term_of, timing, window
from server.schemas import Day, Moment
from sync import Change
from sync.errors import Conflict, Forbidden, InvalidArgs, NotFound, SyncError
from sync.ids import natural_id
from sync.merge import merge_fields
from sync.registry import Context

from . import registry
from .photos import require_photos

STAFF = {"admin", "health", "caregiver", "guard"}


class Retired(SyncError):
    """The checklist was retired: its items are no longer ticked."""
    code = "retired"


class OutOfRange(SyncError):
    """The value does not fit the item (a number outside its range, not one of its choices)."""
    code = "out_of_range"


class AlreadySigned(SyncError):
    """This letter is signed already; a signature is given once."""
    code = "already_signed"


def site_zone(ctx: Context) -> ZoneInfo:
    zone = ctx.cache.get("site_zone")
    if zone is None:
        zone = ctx.cache["site_zone"] = ZoneInfo(ctx.session.get(Site, ctx.actor.site_id).timezone)
    return zone


def _in_class(ctx: Context, class_id: str) -> bool:
    return ctx.session.get(UserClass, (ctx.actor.user_id, class_id)) is not None


def _may_tick(ctx: Context, t: RoutineTemplate, owner_id: str) -> str | None:
    """The class id the tick belongs to (None for a person's), or Forbidden/NotFound."""
    admin = ctx.actor.role == "admin"
    if t.assign == "class":
        c = ctx.session.get(SchoolClass, owner_id)
        if c is None or c.site_id != ctx.actor.site_id or (t.class_id and t.class_id != c.id):
            raise NotFound("this checklist is not due from that class")
        if not admin and not _in_class(ctx, c.id):
            raise Forbidden("only the class's staff (or the admin) tick its items")
        return c.id
    u = ctx.session.get(User, owner_id)
    if u is None or u.site_id != ctx.actor.site_id or (
            t.assign == "user" and t.user_id != u.id) or (t.assign == "role" and u.role != t.role):
        raise NotFound("this checklist is not due from that person")
    if not admin and u.id != ctx.actor.user_id:
        raise Forbidden("only the person it is assigned to (or the admin) ticks it")
    return None


class TickArgs(Schema):
    template_id = fields.UUID(required=True)
    item_key = fields.String(required=True, validate=validate.Length(1, 32))
    date = Day(required=True)
    owner_id = fields.UUID(required=True, metadata={"description": "the class, or the person"})
    value = fields.Raw(load_default=None, allow_none=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


@registry.register("routine.tick", TickArgs(), STAFF)
def tick(ctx: Context, args: dict) -> None:
    """Tick routine items (保育员一日工作流程 ...): the value the item asks for; a tick
    outside the item's window is kept and marked late (or early)."""
    t = ctx.session.get(RoutineTemplate, str(args["template_id"]))
    if t is None or t.site_id != ctx.actor.site_id:
        raise NotFound("no such checklist at this school")
    if not t.active:
        raise Retired(f"the checklist {t.name} was retired: its items are no longer ticked")
    item = next((i for i in t.items if i["key"] == args["item_key"]), None)
    if item is None:
        raise NotFound("no such item on this checklist (it may have been removed)")
    owner = str(args["owner_id"])
    class_id = _may_tick(ctx, t, owner)
    problem = check_value(item, args["value"])
    if problem:
        raise OutOfRange(f"{item['label']}: {problem}", {"args.value": [problem]})
    if item.get("needs") == "photo":
        require_photos(ctx, [args["value"]], "value")
    local = ctx.device_time.astimezone(site_zone(ctx))
    meta = {"recorded_by": ctx.actor.user_id, "device_id": ctx.actor.client_id,
            "device_time": ctx.device_time, "received_at": ctx.received_at,
            "clock_skewed": ctx.clock_skewed, "timing": timing(item, args["date"], local)}
    tid = tick_id(ctx.actor.site_id, t.id, item["key"], args["date"], owner)
    row = ctx.session.get(RoutineTick, tid)
    if row is None:
        start, end = window(item)
        row = RoutineTick(id=tid, site_id=ctx.actor.site_id, template_id=t.id,
                          item_key=item["key"], date=args["date"], owner_id=owner,
                          class_id=class_id, label=item["label"][:200], window_start=start,
                          window_end=end, field_hlc={}, hlc="")
        ctx.session.add(row)
    value = True if item.get("needs", "tick") == "tick" else args["value"]
    if merge_fields(row, {"value": {"v": value}, "note": args["note"]}, str(ctx.hlc), meta):
        ctx.emit(Change("routine_tick", tid, "put", class_id, args["date"]))


# -- drills -----------------------------------------------------------------------------------

class PlanArgs(Schema):
    id = fields.UUID(required=True, metadata={"description": "made by the phone"})
    kind = fields.String(required=True, validate=validate.OneOf(ALL_DRILL_KINDS))
    date = Day(required=True)
    scenario = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


@registry.register("drill.plan", PlanArgs(), {"admin"})
def plan(ctx: Context, args: dict) -> None:
    """Plan drills: which kind (fire, earthquake, intruder), when, the scenario."""
    did = str(args["id"])
    if ctx.session.get(Drill, did) is not None:
        raise Conflict("this drill is planned already")
    ctx.session.add(Drill(id=did, site_id=ctx.actor.site_id, kind=args["kind"], date=args["date"],
                          term=term_of(args["date"]), scenario=args["scenario"],
                          status="planned", planned_by=ctx.actor.user_id))
    ctx.emit(Change("drill", did))


class Problem(Schema):
    text = fields.String(required=True, validate=validate.Length(1, 1000))
    hazard_id = fields.UUID(load_default=None, allow_none=True,
                            metadata={"description": "the hazard it was reported as"})


class RecordArgs(Schema):
    id = fields.UUID(required=True, metadata={"description": "the planned drill, or a new id"})
    kind = fields.String(required=True, validate=validate.OneOf(ALL_DRILL_KINDS))
    date = Day(required=True)
    scenario = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    started_at = Moment(required=True)
    ended_at = Moment(required=True)
    evacuate_seconds = fields.Integer(required=True, validate=validate.Range(1, 3600))
    children = fields.Integer(required=True, validate=validate.Range(0, 5000))
    staff = fields.Integer(required=True, validate=validate.Range(0, 1000))
    classes = fields.Dict(keys=fields.String(), values=fields.Integer(validate=validate.Range(0, 500)),
                          load_default=dict)
    problems = fields.List(fields.Nested(Problem), load_default=list, validate=validate.Length(max=30))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))

    @validates_schema
    def _times(self, data, **kw):
        if data["ended_at"] < data["started_at"]:
            raise ValidationError("the drill ends before it starts", "ended_at")


@registry.register("drill.record", RecordArgs(), {"admin", "health"})
def record(ctx: Context, args: dict) -> None:
    """Record drills on the day: start and end, who took part, time to evacuate, problems
    (each problem may be reported as a hazard beside it)."""
    did = str(args["id"])
    d = ctx.session.get(Drill, did)
    if d is not None and d.site_id != ctx.actor.site_id:
        raise NotFound("no such drill at this school")
    if d is not None and d.status == "done":
        raise Conflict("this drill is recorded already")
    if d is None:
        d = Drill(id=did, site_id=ctx.actor.site_id, planned_by=None)
        ctx.session.add(d)
    d.kind, d.date, d.term = args["kind"], args["date"], term_of(args["date"])
    if args["scenario"] is not None or d.scenario is None:
        d.scenario = args["scenario"]
    d.status, d.started_at, d.ended_at = "done", args["started_at"], args["ended_at"]
    d.evacuate_seconds, d.children, d.staff = args["evacuate_seconds"], args["children"], args["staff"]
    d.classes = args["classes"]
    d.problems = [{"text": p["text"], "hazard_id": p["hazard_id"] and str(p["hazard_id"])}
                  for p in args["problems"]]
    d.note, d.recorded_by = args["note"], ctx.actor.user_id
    d.device_time, d.received_at = ctx.device_time, ctx.received_at
    ctx.emit(Change("drill", did))


# -- safety responsibility letters ---------------------------------------------------------------

class SignArgs(Schema):
    letter_id = fields.UUID(required=True)
    # SVG path data of the drawn signature: moves and lines in whole pixels
    strokes = fields.String(required=True, validate=[
        validate.Length(3, 30000),
        validate.Regexp(r"^[ML0-9 .,-]+$", error="a signature is SVG path data (M and L)")])


@registry.register("letter.sign", SignArgs(), STAFF)
def sign(ctx: Context, args: dict) -> None:
    """Sign safety responsibility letters (安全责任书), once, with a drawn signature."""
    letter = ctx.session.get(SafetyLetter, str(args["letter_id"]))
    if letter is None or letter.site_id != ctx.actor.site_id:
        raise NotFound("no such letter at this school")
    if ctx.actor.user_id not in letter.user_ids:
        raise Forbidden("this letter is not for you to sign")
    sid = natural_id(ctx.actor.site_id, "letter_signature", letter.id, ctx.actor.user_id)
    if ctx.session.get(LetterSignature, sid) is not None:
        raise AlreadySigned("you have signed this letter already")
    if "M" not in args["strokes"]:
        raise InvalidArgs("strokes: draw the signature", {"args.strokes": ["empty"]})
    ctx.session.add(LetterSignature(id=sid, site_id=ctx.actor.site_id, letter_id=letter.id,
                                    user_id=ctx.actor.user_id, strokes=args["strokes"],
                                    signed_at=ctx.device_time, received_at=ctx.received_at,
                                    device_id=ctx.actor.client_id or ""))
    ctx.emit(Change("letter_signature", sid))
