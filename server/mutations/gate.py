"""The gate: opening and closing, visitors who enter only once allowed, the block list,
and child pick-up (幼儿接送)."""
from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select

from server.models import (BlockEntry, GateEvent, Pickup, PickupAdult, Site, User,
                           Visitor)
from server.gate import NEAR_MINUTES
from server.rules import identity
from server.schemas import Day, Moment, Text as Typed
from server.school import gate_times_on
from sync import Change
from sync.errors import Conflict, Forbidden, NotFound, SyncError
from sync.ids import natural_id
from sync.merge import merge_fields
from sync.registry import Context

from . import registry
from .checks import class_of_child
from .photos import require_photos

GATE = {"guard", "admin"}
STAFF = {"admin", "health", "caregiver", "guard"}
# What the guard types (a visitor's name, the purpose of the visit): without the spaces
# around it, a required one of only spaces refused (server/schemas.py Text).
Text = lambda n, **kw: Typed(validate=validate.Length(1, n), **kw)  # noqa: E731
OptText = lambda n: Typed(load_default=None, allow_none=True,  # noqa: E731
                          validate=validate.Length(max=n))


def _site(ctx: Context) -> Site:
    key = ("site", ctx.actor.site_id)
    if key not in ctx.cache:
        ctx.cache[key] = ctx.session.get(Site, ctx.actor.site_id)
    return ctx.cache[key]


def _local(ctx: Context, at: dt.datetime) -> dt.datetime:
    return at.astimezone(ZoneInfo(_site(ctx).timezone))


# -- opening and closing -------------------------------------------------------------------

class GateEventArgs(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(("open", "close")))


@registry.register("gate.event", GateEventArgs(), GATE)
def gate_event(ctx: Context, args: dict) -> None:
    """Log the gate: opened or closed, at the device's time, against its schedule."""
    local = _local(ctx, ctx.device_time)
    # The day's times as the school's calendar has them: none on a holiday (nothing was
    # due, so nothing is late), a weekday's on a make-up workday.
    slots = gate_times_on(ctx.session, ctx.actor.site_id, local.date(), args["kind"])
    minutes = local.hour * 60 + local.minute
    # The nearest of its kind not far ahead: a gate opened at 02:17 is no 07:30 opening done
    # early (at 07:30 the guard is still asked for it); one opened late is that one, late.
    near = [s for s in slots if s.at.hour * 60 + s.at.minute - minutes < NEAR_MINUTES]
    slot = min(near, key=lambda s: abs(s.at.hour * 60 + s.at.minute - minutes), default=None)
    late = None if slot is None else max(0, minutes - (slot.at.hour * 60 + slot.at.minute))
    ctx.session.add(GateEvent(id=ctx.mutation.id, site_id=ctx.actor.site_id, kind=args["kind"],
                              date=local.date(), gate_time_id=slot.id if slot else None,
                              late_minutes=late, recorded_by=ctx.actor.user_id,
                              device_time=ctx.device_time, received_at=ctx.received_at))
    ctx.emit(Change("gate_event", ctx.mutation.id, "put", None, local.date()))


# -- visitors ----------------------------------------------------------------------------

class VisitorArgs(Schema):
    id = fields.UUID(required=True, metadata={"description": "made by the phone"})
    date = Day(required=True)
    name = Text(50, required=True)
    id_type = fields.String(required=True, validate=validate.OneOf(
        ("cn_id", "passport", "other", "none")))
    id_number = OptText(32)
    phone = fields.String(load_default=None, allow_none=True,
                          validate=validate.Regexp(r"^[0-9+\- ]{5,20}$", error="not a phone number"))
    organisation = OptText(100)
    purpose = Text(200, required=True)
    host_id = fields.UUID(required=True)
    people = fields.Integer(load_default=1, strict=True, validate=validate.Range(1, 50))
    plate = OptText(16)
    photo = fields.String(load_default=None, allow_none=True,
                          validate=validate.Regexp(r"^[0-9a-f]{64}$", error="not a SHA-256"),
                          metadata={"description": "SHA-256 of a photo uploaded to /api/blobs"})

    @validates_schema
    def _id(self, data, **kw):
        if data["id_type"] == "cn_id":
            try:
                data["id_number"] = identity.check_cn_id(data.get("id_number") or "")
            except identity.InvalidIdNumber as e:
                raise ValidationError(str(e), "id_number") from None
        elif data["id_type"] != "none" and not data.get("id_number"):
            raise ValidationError("give the document's number", "id_number")


def block_entry_for(ctx: Context, name: str, id_hash: str | None) -> BlockEntry | None:
    """The active block-list entry that matches a person, or None: the same rule for a
    visitor and for the adult who picks a child up (pwa/screens/gate/identity.js
    blockMatch). The document's number decides when both sides have one (a namesake with
    another number is not the person); without one on either side, the name does. An
    adult at pick-up shows no document: an entry made with a number matches him by name."""
    entries = ctx.session.execute(select(BlockEntry).where(
        BlockEntry.site_id == ctx.actor.site_id, BlockEntry.active.is_(True))).scalars()
    return next((e for e in entries if (id_hash and e.id_hash == id_hash)
                 or ((not e.id_hash or not id_hash) and e.name == name)), None)


def _blocked(ctx: Context, name: str, id_hash: str | None) -> bool:
    return block_entry_for(ctx, name, id_hash) is not None


@registry.register("visitor.register", VisitorArgs(), GATE)
def register_visitor(ctx: Context, args: dict) -> None:
    """Register a visitor at the gate; they wait until someone allows them in."""
    vid, site_id = str(args["id"]), ctx.actor.site_id
    if ctx.session.get(Visitor, vid) is not None:
        raise Conflict("this visitor is registered already")
    host = ctx.session.get(User, str(args["host_id"]))
    if host is None or host.site_id != site_id or not host.active:
        raise NotFound("unknown host: choose a member of staff of this school")
    require_photos(ctx, [args["photo"]], "photo")
    number = args["id_number"] if args["id_type"] != "none" else None
    digest = identity.id_hash(site_id, number)
    ctx.session.add(Visitor(
        id=vid, site_id=site_id, date=args["date"], name=args["name"], id_type=args["id_type"],
        id_number=number, id_masked=identity.mask(number), id_hash=digest, phone=args["phone"],
        organisation=args["organisation"], purpose=args["purpose"], host_id=host.id,
        people=args["people"], plate=args["plate"], photo=args["photo"], status="waiting",
        blocked=_blocked(ctx, args["name"], digest), registered_by=ctx.actor.user_id,
        registered_at=ctx.device_time, received_at=ctx.received_at))
    ctx.emit(Change("visitor", vid, "put", None, args["date"]))


def _visitor(ctx: Context, vid) -> Visitor:
    v = ctx.session.get(Visitor, str(vid))
    if v is None or v.site_id != ctx.actor.site_id:
        raise NotFound("no such visitor at this school")
    return v


class DecideArgs(Schema):
    visitor_id = fields.UUID(required=True)
    allow = fields.Boolean(required=True)
    how = fields.String(required=True, validate=validate.OneOf(("app", "phone_call")))
    decided_for = OptText(100)  # with phone_call: who allowed it on the phone

    @validates_schema
    def _who(self, data, **kw):
        if data["how"] == "phone_call" and not data.get("decided_for"):
            raise ValidationError("say who allowed it on the phone", "decided_for")


@registry.register("visitor.decide", DecideArgs(), STAFF)
def decide_visitor(ctx: Context, args: dict) -> None:
    """Allow or refuse a waiting visitor: the host on the phone, or the guard for the
    host who said so by phone. A visitor on the block list needs the admin."""
    v, actor = _visitor(ctx, args["visitor_id"]), ctx.actor
    if args["how"] == "app" and actor.user_id != v.host_id and actor.role != "admin":
        raise Forbidden("only the host (or the admin) decides on this visitor")
    if args["how"] == "phone_call" and actor.role not in GATE:
        raise Forbidden("only the gate records a decision made by phone")
    if v.blocked and args["allow"] and actor.role != "admin":
        raise Forbidden("this visitor is on the block list: only the admin can allow entry")
    if v.status != "waiting":
        raise Conflict(f"this visitor is {v.status} already")
    v.status = "allowed" if args["allow"] else "refused"
    v.decided_by, v.decided_at = actor.user_id, ctx.device_time
    v.decided_how = "admin" if v.blocked and args["allow"] else args["how"]
    v.decided_for = args["decided_for"]
    ctx.emit(Change("visitor", v.id, "put", None, v.date))


class VisitorMoveArgs(Schema):
    visitor_id = fields.UUID(required=True)


def _move(ctx: Context, args: dict, before: str, after: str, when: str, why: str) -> None:
    v = _visitor(ctx, args["visitor_id"])
    if v.status != before:
        raise Conflict(why.format(status=v.status))
    v.status = after
    setattr(v, when, ctx.device_time)
    ctx.emit(Change("visitor", v.id, "put", None, v.date))


@registry.register("visitor.enter", VisitorMoveArgs(), GATE)
def visitor_enters(ctx: Context, args: dict) -> None:
    """Let an allowed visitor in."""
    _move(ctx, args, "allowed", "entered", "entered_at",
          "a visitor enters only once allowed (this one is {status})")


@registry.register("visitor.leave", VisitorMoveArgs(), GATE)
def visitor_leaves(ctx: Context, args: dict) -> None:
    """Sign a visitor out."""
    _move(ctx, args, "entered", "left", "left_at",
          "only a visitor who entered can sign out (this one is {status})")


class BlockArgs(Schema):
    id = fields.UUID(required=True)
    name = Text(50, required=True)
    id_number = OptText(32)
    reason = OptText(200)
    active = fields.Boolean(load_default=True)


@registry.register("blocklist.put", BlockArgs(), {"admin"})
def put_block_entry(ctx: Context, args: dict) -> None:
    """Add, change or lift an entry of the visitor block list. Field by field, the edit
    with the later clock wins (an entry lifted stays lifted when an older edit of it
    syncs afterwards)."""
    bid, site_id = str(args["id"]), ctx.actor.site_id
    row = ctx.session.get(BlockEntry, bid)
    if row is not None and row.site_id != site_id:
        raise NotFound("no such block list entry at this school")
    if row is None:
        row = BlockEntry(id=bid, site_id=site_id, field_hlc={})
        ctx.session.add(row)
    values = {"name": args["name"], "reason": args["reason"], "active": args["active"],
              "id_masked": identity.mask(args["id_number"]),
              "id_hash": identity.id_hash(site_id, args["id_number"])}
    if merge_fields(row, values, str(ctx.hlc), {}):
        ctx.emit(Change("block_entry", bid))


# -- pick-up -----------------------------------------------------------------------------

class AdultArgs(Schema):
    id = fields.UUID(required=True)
    child_id = fields.UUID(required=True)
    name = Text(50, required=True)
    relation = Text(32, required=True)
    phone = OptText(32)
    active = fields.Boolean(load_default=True)


@registry.register("pickup_adult.put", AdultArgs(), {"admin", "caregiver"})
def put_pickup_adult(ctx: Context, args: dict) -> None:
    """Add or change an adult allowed to pick a child up. A caregiver may do so only for
    the children of her classes; an adult stays on the list of the child it was made
    for. Field by field, the edit with the later clock wins: an adult taken off the list
    is not put back by an older edit that syncs afterwards."""
    child_id = str(args["child_id"])
    class_id = class_of_child(ctx, child_id)
    aid = str(args["id"])
    row = ctx.session.get(PickupAdult, aid)
    if row is not None and row.site_id != ctx.actor.site_id:
        raise NotFound("no such adult at this school")
    left = None
    if row is None:
        row = PickupAdult(id=aid, site_id=ctx.actor.site_id, child_id=child_id,
                          class_id=class_id, field_hlc={})
        ctx.session.add(row)
    elif row.child_id != child_id:
        raise Conflict("this adult is on another child's list")
    elif row.class_id != class_id:  # the child moved class since: the adult follows
        left, row.class_id = row.class_id, class_id
    values = {k: args[k] for k in ("name", "relation", "phone", "active")}
    if merge_fields(row, values, str(ctx.hlc), {}) or left:
        ctx.emit(Change("pickup_adult", aid, "put", class_id, left_class_id=left))


class Confirmation(Schema):
    by = Text(50, required=True)  # the parent who confirmed
    how = fields.String(required=True, validate=validate.OneOf(("phone_call", "in_person",
                                                                "message")))
    at = Moment(required=True)


class PickupArgs(Schema):
    child_id = fields.UUID(required=True)
    date = Day(required=True)
    adult_id = fields.UUID(load_default=None, allow_none=True)
    adult_name = OptText(50)
    relation = OptText(32)
    minor = fields.Boolean(load_default=False)
    card = fields.Boolean(load_default=True)
    confirmation = fields.Nested(Confirmation, load_default=None, allow_none=True)
    block_override = fields.Boolean(load_default=False, metadata={
        "description": "the admin hands the child over to an adult on the block list, "
                       "deliberately: recorded and flagged (optional, false by default)"})

    @validates_schema
    def _who(self, data, **kw):
        if not data.get("adult_id") and not (data.get("adult_name") and data.get("relation")):
            raise ValidationError("choose a listed adult, or give name and relation",
                                  "adult_name")
        conf = data.get("confirmation")
        if not data.get("adult_id") and conf and same_person(conf["by"], data["adult_name"]):
            raise ValidationError("the adult cannot confirm his own pick-up: the parent who "
                                  "confirmed is someone else", "confirmation")


# "张大伟本人", "本人", "himself": what a guard types when the adult confirmed for himself.
SELF = re.compile(r"[他她]?(?:本人|自己)|himself|herself|themselves|self|\s+", re.I)


def same_person(confirmed_by: str, adult_name: str) -> bool:
    """Whether the parent named as confirming is the unlisted adult himself (as
    pwa/screens/gate/identity.js samePerson)."""
    by = SELF.sub("", confirmed_by).casefold()
    return not by or by == re.sub(r"\s+", "", adult_name).casefold()


class BlockedAdult(SyncError):
    """This adult is on the block list: the child is not handed over to him."""
    code = "blocked_adult"


@registry.register("pickup.record", PickupArgs(), {"admin", "caregiver", "guard"})
def record_pickup(ctx: Context, args: dict) -> None:
    """Record who picked a child up."""
    child_id = str(args["child_id"])
    class_id = class_of_child(ctx, child_id)
    if args["minor"]:
        raise Forbidden("a minor is not allowed to pick up a child")
    adult = None
    if args["adult_id"]:
        adult = ctx.session.get(PickupAdult, str(args["adult_id"]))
        if adult is None or adult.child_id != child_id or not adult.active:
            raise NotFound("this adult is not on the child's list")
    elif not args["confirmation"]:
        raise Forbidden("an adult not on the list needs the parent's confirmation first")
    name = adult.name if adult else args["adult_name"]
    # Checked on the server too: a phone offline since the entry was made did not know it.
    # Refused, the attempt stays in the mutation log and on the principal's dashboard
    # (server/api/gate.py); only the admin hands over anyway, flagged on the record.
    entry = block_entry_for(ctx, name, None)
    if entry is not None and not (args["block_override"] and ctx.actor.role == "admin"):
        raise BlockedAdult(f"{name} is on the block list: {entry.reason or 'no reason given'}")
    pid = natural_id(ctx.actor.site_id, "pickup", child_id, args["date"].isoformat())
    done = ctx.session.get(Pickup, pid)
    if done is not None:
        at = _local(ctx, done.device_time).strftime("%H:%M")
        raise Conflict(f"already picked up at {at} by {done.adult_name}")
    conf = args["confirmation"] or {}
    ctx.session.add(Pickup(
        id=pid, site_id=ctx.actor.site_id, child_id=child_id, class_id=class_id,
        date=args["date"], adult_id=adult.id if adult else None,
        adult_name=name,
        relation=adult.relation if adult else args["relation"], listed=adult is not None,
        card=args["card"], confirmed_by=conf.get("by"), confirmed_how=conf.get("how"),
        confirmed_at=conf.get("at"), blocked=entry is not None,
        block_reason=entry.reason if entry else None, recorded_by=ctx.actor.user_id,
        device_time=ctx.device_time, received_at=ctx.received_at))
    ctx.emit(Change("pickup", pid, "put", class_id, args["date"]))

