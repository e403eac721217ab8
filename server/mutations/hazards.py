"""The hazard loop (隐患: 发现 → 登记 → 整改 → 复查). The server enforces the transitions
and who may make each; every step is kept in hazard_actions."""
from __future__ import annotations

import datetime as dt

from marshmallow import Schema, fields, validate
from sqlalchemy import func, select

from server.models import Hazard, HazardAction, User, Zone
from server.rules.zones import SEVERITIES, next_status
from server.schemas import Day, Text
from sync import Change
from sync.errors import Conflict, Forbidden, InvalidArgs, NotFound
from sync.registry import Context

from . import registry
from .photos import require_photos
from .routines import site_zone

STAFF = {"admin", "health", "caregiver", "guard"}
Photos = lambda: fields.List(fields.String(validate=validate.Regexp(r"^[0-9a-f]{64}$")),  # noqa: E731
                             load_default=list, validate=validate.Length(max=6))


def hazard_of(ctx: Context, hazard_id) -> Hazard:
    h = ctx.session.get(Hazard, str(hazard_id))
    if h is None or h.site_id != ctx.actor.site_id:
        raise NotFound("no such hazard at this school")
    return h


def _step(ctx: Context, h: Hazard, action: str, note=None, photos=None) -> None:
    to = next_status(h.status, action)
    if to is None:
        raise Conflict(f"a {h.status} hazard cannot be {action}ed" if action != "fix"
                       else f"a {h.status} hazard cannot be fixed (reopen it first)")
    ctx.session.add(HazardAction(id=ctx.mutation.id, site_id=h.site_id, hazard_id=h.id,
                                 action=action, from_status=h.status, to_status=to,
                                 by=ctx.actor.user_id, at=ctx.device_time, note=note,
                                 photos=photos))
    h.status, h.updated_at = to, ctx.received_at
    ctx.emit(Change("hazard", h.id))
    ctx.emit(Change("hazard_action", ctx.mutation.id))


class ReportArgs(Schema):
    id = fields.UUID(required=True, metadata={"description": "made by the phone"})
    zone_id = fields.UUID(load_default=None, allow_none=True)
    what = Text(required=True, validate=validate.Length(1, 1000))
    severity = fields.String(load_default="medium", validate=validate.OneOf(SEVERITIES))
    photos = Photos()
    source = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))


@registry.register("hazard.report", ReportArgs(), STAFF)
def report(ctx: Context, args: dict) -> None:
    """Report hazards: what, where, how serious, with photos."""
    hid = str(args["id"])
    if ctx.session.get(Hazard, hid) is not None:
        raise Conflict("this hazard is reported already")
    if args["zone_id"]:
        zone = ctx.session.get(Zone, str(args["zone_id"]))
        if zone is None or zone.site_id != ctx.actor.site_id:
            raise NotFound("no such zone at this school")
    require_photos(ctx, args["photos"])
    h = Hazard(id=hid, site_id=ctx.actor.site_id, zone_id=args["zone_id"] and str(args["zone_id"]),
               what=args["what"], severity=args["severity"], photos=args["photos"],
               source=args["source"], status="reported", reported_by=ctx.actor.user_id,
               reported_at=ctx.device_time, updated_at=ctx.received_at)
    ctx.session.add(h)
    ctx.session.add(HazardAction(id=ctx.mutation.id, site_id=h.site_id, hazard_id=hid,
                                 action="report", from_status=None, to_status="reported",
                                 by=ctx.actor.user_id, at=ctx.device_time, note=args["what"],
                                 photos=args["photos"]))
    ctx.emit(Change("hazard", hid))
    ctx.emit(Change("hazard_action", ctx.mutation.id))


class AssignArgs(Schema):
    hazard_id = fields.UUID(required=True)
    assignee_id = fields.UUID(required=True)
    deadline = Day(required=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


@registry.register("hazard.assign", AssignArgs(), {"admin"})
def assign(ctx: Context, args: dict) -> None:
    """Assign hazards: who fixes it, by when."""
    h = hazard_of(ctx, args["hazard_id"])
    user = ctx.session.get(User, str(args["assignee_id"]))
    if user is None or user.site_id != ctx.actor.site_id or not user.active:
        raise NotFound("no such member of staff at this school")
    if next_status(h.status, "assign") is None:
        raise Conflict(f"a {h.status} hazard cannot be assigned")
    # A deadline already past makes the hazard overdue the moment it is assigned. "Today"
    # is the school's day when the admin assigned it (a phone offline sends it later).
    if args["deadline"] < ctx.device_time.astimezone(site_zone(ctx)).date():
        raise InvalidArgs("deadline: not before the day it is assigned",
                          {"args.deadline": ["not before today"]})
    # An assignment made before the one in force (an admin's phone offline since) goes in
    # the hazard's steps, where it belongs in time, and leaves the later one standing.
    latest = ctx.session.execute(select(func.max(HazardAction.at)).where(
        HazardAction.hazard_id == h.id, HazardAction.action == "assign")).scalar()
    if latest is None or _utc(latest) <= ctx.device_time:
        h.assignee_id, h.deadline = user.id, args["deadline"]
    _step(ctx, h, "assign", args["note"])


def _utc(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


class FixArgs(Schema):
    hazard_id = fields.UUID(required=True)
    note = Text(required=True, validate=validate.Length(1, 1000))
    photos = Photos()


@registry.register("hazard.fix", FixArgs(), STAFF)
def fix(ctx: Context, args: dict) -> None:
    """Fix hazards: what was done, with photos (the assignee, or the admin)."""
    h = hazard_of(ctx, args["hazard_id"])
    if ctx.actor.user_id != h.assignee_id and ctx.actor.role != "admin":
        raise Forbidden("only the person assigned (or the admin) records the fix")
    if next_status(h.status, "fix") is None:
        raise Conflict(f"a {h.status} hazard cannot be fixed" +
                       (" (reopen it first)" if h.status == "verified" else ""))
    require_photos(ctx, args["photos"])
    h.fixed_by, h.fixed_at = ctx.actor.user_id, ctx.device_time
    h.fix_note, h.fix_photos = args["note"], args["photos"]
    _step(ctx, h, "fix", args["note"], args["photos"])


class VerifyArgs(Schema):
    hazard_id = fields.UUID(required=True)
    accept = fields.Boolean(required=True)
    reason = Text(load_default=None, allow_none=True, validate=validate.Length(max=500))


@registry.register("hazard.verify", VerifyArgs(), {"admin", "health"})
def verify(ctx: Context, args: dict) -> None:
    """Verify hazards: accept the fix (closed) or refuse it with a reason (back to the fixer)."""
    h = hazard_of(ctx, args["hazard_id"])
    if ctx.actor.user_id == h.fixed_by:
        raise Forbidden("someone other than the fixer verifies the fix")
    if not args["accept"] and not args["reason"]:
        raise InvalidArgs("reason: say why the fix is refused", {"args.reason": ["required"]})
    action = "accept" if args["accept"] else "refuse"
    if next_status(h.status, action) is None:
        raise Conflict(f"a {h.status} hazard cannot be verified")
    if args["accept"]:
        h.verified_by, h.verified_at = ctx.actor.user_id, ctx.device_time
    else:
        h.refused_reason = args["reason"]
    _step(ctx, h, action, args["reason"])


class ReopenArgs(Schema):
    hazard_id = fields.UUID(required=True)
    reason = Text(required=True, validate=validate.Length(1, 500))


@registry.register("hazard.reopen", ReopenArgs(), {"admin", "health"})
def reopen(ctx: Context, args: dict) -> None:
    """Reopen a closed hazard that came back."""
    h = hazard_of(ctx, args["hazard_id"])
    _step(ctx, h, "reopen", args["reason"])
