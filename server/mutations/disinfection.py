"""Disinfection rounds (消毒), checked against the rules as they arrive."""
from __future__ import annotations

import datetime as dt

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select

from server.models import OutbreakMode, Room, Site
from server.models import Disinfection
from server.rules import disinfection as rules
from server.schemas import Day, Moment
from sync import Change
from sync.errors import Forbidden, NotFound
from sync.ids import natural_id
from sync.merge import merge_fields
from sync.registry import Context

from . import registry

# Methods measured by their duration: the amount is the time between start and end
# taken on the device, so the record is its own evidence.
TIMED = {"uv": 60, "boiling": 60, "steaming": 60, "airing": 60, "sun_drying": 3600}
# Longer is a phone's clock or a slip of the finger, and its minutes would not fit the
# record's amount.
LONGEST = dt.timedelta(days=1)


class DisinfectionArgs(Schema):
    room_id = fields.UUID(required=True)
    date = Day(required=True)
    item = fields.String(required=True, validate=validate.OneOf(rules.ITEMS))
    round = fields.Integer(required=True, strict=True, validate=validate.Range(1, 12))
    method = fields.String(required=True, validate=validate.OneOf(tuple(rules.METHODS)))
    amount = fields.Float(load_default=None, allow_none=True,
                          validate=validate.Range(0, min_inclusive=False))  # at most: by method
    started_at = Moment(load_default=None, allow_none=True)
    ended_at = Moment(load_default=None, allow_none=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))

    @validates_schema
    def _consistent(self, data, **kw):
        start, end = data.get("started_at"), data.get("ended_at")
        if start and end and end < start:
            raise ValidationError("ends before it starts", "ended_at")
        if start and end and end - start > LONGEST:
            raise ValidationError("a round lasts at most a day", "ended_at")
        amount, method = data.get("amount"), data["method"]
        if amount is None and not (method in TIMED and start and end):
            raise ValidationError("give the amount, or the start and end times", "amount")
        if amount is not None and amount > rules.amount_max(method):
            # in the words of marshmallow's Range, which the phones translate; the bound is
            # in the method's unit
            raise ValidationError("Must be greater than 0 and less than or equal to "
                                  f"{rules.amount_max(method):g}.", "amount")


def rooms(ctx: Context) -> dict[str, Room]:
    key = ("rooms", ctx.actor.site_id)
    if key not in ctx.cache:
        ctx.cache[key] = {r.id: r for r in ctx.session.execute(
            select(Room).where(Room.site_id == ctx.actor.site_id)).scalars()}
    return ctx.cache[key]


def outbreak_classes(ctx: Context) -> set[str]:
    """Classes in outbreak mode now; '' stands for the whole school."""
    key = ("outbreak", ctx.actor.site_id)
    if key not in ctx.cache:
        ctx.cache[key] = set(ctx.session.execute(select(OutbreakMode.class_id).where(
            OutbreakMode.site_id == ctx.actor.site_id, OutbreakMode.on.is_(True))).scalars())
    return ctx.cache[key]


def site_rules(ctx: Context) -> dict:
    key = ("rules", ctx.actor.site_id)
    if key not in ctx.cache:
        site = ctx.session.get(Site, ctx.actor.site_id)
        ctx.cache[key] = rules.rules_for(site.settings if site else None)
    return ctx.cache[key]


@registry.register("disinfection.record", DisinfectionArgs(), {"admin", "health", "caregiver"})
def record_disinfection(ctx: Context, args: dict) -> None:
    """Record disinfection: a room's round of an item, with method and amount."""
    room = rooms(ctx).get(str(args["room_id"]))
    if room is None:
        raise NotFound("no such room at this school")
    if ctx.actor.role == "caregiver" and room.class_id not in ctx.actor.class_ids:
        raise Forbidden("a caregiver records disinfection only for her own classes' rooms")
    method, start, end = args["method"], args["started_at"], args["ended_at"]
    amount = args["amount"]
    if method in TIMED and start and end:
        amount = round((end - start).total_seconds() / TIMED[method], 1)
    outbreak = bool(outbreak_classes(ctx) & {"", room.class_id})
    findings = rules.check(site_rules(ctx), args["item"], method, amount,
                           observation_room=room.observation, outbreak=outbreak)
    site_id = ctx.actor.site_id
    rid = natural_id(site_id, "disinfection", room.id, args["date"].isoformat(), args["item"],
                     args["round"])
    record = ctx.session.get(Disinfection, rid)
    if record is None:
        record = Disinfection(id=rid, site_id=site_id, room_id=room.id, class_id=room.class_id,
                              date=args["date"], item=args["item"], round=args["round"],
                              field_hlc={}, hlc="")
        ctx.session.add(record)
    values = {"method": method, "amount": amount, "unit": rules.METHODS[method],
              "started_at": start, "ended_at": end, "note": args["note"],
              "findings": [f.__dict__ for f in findings],
              "below_minimum": any(f.code == "below_minimum" for f in findings)}
    meta = {"recorded_by": ctx.actor.user_id, "device_id": ctx.actor.client_id,
            "device_time": ctx.device_time, "received_at": ctx.received_at,
            "clock_skewed": ctx.clock_skewed}
    if merge_fields(record, values, str(ctx.hlc), meta):
        ctx.emit(Change("disinfection", rid, "put", room.class_id, args["date"]))
