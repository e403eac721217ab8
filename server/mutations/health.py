"""The health teacher's follow-through: outbreak mode and reports, follow-ups of
absences for illness, and medicine handed over by parents."""
from __future__ import annotations

import datetime as dt

from marshmallow import Schema, fields, validate
from server.models import FollowUp, Medicine, OutbreakAlert, OutbreakMode, SchoolClass
from server.schemas import Day, Moment
from sync import Change
from sync.errors import Conflict, Forbidden, NotFound
from sync.ids import natural_id
from sync.registry import Context

from . import registry
from .checks import class_of_child

STAFF = {"admin", "health"}


class OutbreakModeArgs(Schema):
    class_id = fields.UUID(load_default=None, allow_none=True,
                           metadata={"description": "null: the whole school"})
    on = fields.Boolean(required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


@registry.register("outbreak.mode", OutbreakModeArgs(), STAFF)
def set_outbreak_mode(ctx: Context, args: dict) -> None:
    """Turn outbreak mode on or off for a class or the whole school."""
    class_id = str(args["class_id"]) if args["class_id"] else ""
    if class_id:
        cls = ctx.session.get(SchoolClass, class_id)
        if cls is None or cls.site_id != ctx.actor.site_id:
            raise NotFound("no such class at this school")
    row = ctx.session.get(OutbreakMode, (ctx.actor.site_id, class_id))
    stamp = str(ctx.hlc)
    if row is None:
        row = OutbreakMode(site_id=ctx.actor.site_id, class_id=class_id, hlc="",
                           id=natural_id(ctx.actor.site_id, "outbreak_mode", class_id or "school"))
        ctx.session.add(row)
    if stamp <= row.hlc:
        return  # a later switch already won
    row.on, row.reason, row.hlc = args["on"], args["reason"], stamp
    row.changed_by, row.changed_at = ctx.actor.user_id, ctx.device_time
    ctx.emit(Change("outbreak_mode", row.id, "put", class_id or None))


class OutbreakReportArgs(Schema):
    alert_id = fields.UUID(required=True)


@registry.register("outbreak.report", OutbreakReportArgs(), STAFF)
def report_outbreak(ctx: Context, args: dict) -> None:
    """Mark an outbreak alert as reported to the authorities."""
    alert = ctx.session.get(OutbreakAlert, str(args["alert_id"]))
    if alert is None or alert.site_id != ctx.actor.site_id:
        raise NotFound("no such outbreak alert at this school")
    if alert.status == "reported":
        return
    alert.status, alert.reported_by, alert.reported_at = "reported", ctx.actor.user_id, ctx.device_time
    ctx.emit(Change("outbreak_alert", alert.id, "put", alert.class_id, alert.first_day))


class FollowUpCloseArgs(Schema):
    followup_id = fields.UUID(required=True)
    diagnosis = fields.String(required=True, validate=validate.Length(1, 200))
    returned_on = Day(required=True)


@registry.register("followup.close", FollowUpCloseArgs(), STAFF | {"caregiver"})
def close_followup(ctx: Context, args: dict) -> None:
    """Close an illness follow-up: the child is back, with the diagnosis."""
    row = ctx.session.get(FollowUp, str(args["followup_id"]))
    if row is None or row.site_id != ctx.actor.site_id:
        raise NotFound("no such follow-up at this school")
    if ctx.actor.role == "caregiver" and row.class_id not in ctx.actor.class_ids:
        raise Forbidden("a caregiver follows up only her own classes")
    if args["returned_on"] < row.opened_on:
        raise Conflict("the child cannot return before the absence began")
    row.status, row.diagnosis, row.returned_on = "closed", args["diagnosis"], args["returned_on"]
    row.closed_by, row.closed_at = ctx.actor.user_id, ctx.device_time
    ctx.emit(Change("followup", row.id, "put", row.class_id, row.opened_on))


TIME = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="times are HH:MM")


class MedicineArgs(Schema):
    child_id = fields.UUID(required=True)
    date = Day(required=True)
    medicine = fields.String(required=True, validate=validate.Length(1, 100))
    dose = fields.String(required=True, validate=validate.Length(1, 100))
    times = fields.List(fields.String(validate=TIME), required=True,
                        validate=validate.Length(1, 8))
    handed_by = fields.String(load_default=None, allow_none=True,
                              validate=validate.Length(max=100))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


@registry.register("medicine.record", MedicineArgs(), STAFF | {"caregiver"})
def record_medicine(ctx: Context, args: dict) -> None:
    """Record medicine a parent handed over (an event: its id is the mutation's)."""
    child_id = str(args["child_id"])
    class_id = class_of_child(ctx, child_id)
    ctx.session.add(Medicine(
        id=ctx.mutation.id, site_id=ctx.actor.site_id, child_id=child_id, class_id=class_id,
        date=args["date"], medicine=args["medicine"], dose=args["dose"], times=args["times"],
        handed_by=args["handed_by"], note=args["note"], given=[],
        recorded_by=ctx.actor.user_id, device_time=ctx.device_time,
        received_at=ctx.received_at))
    ctx.emit(Change("medicine", ctx.mutation.id, "put", class_id, args["date"]))


class MedicineGivenArgs(Schema):
    medicine_id = fields.UUID(required=True)
    at = Moment(required=True)


@registry.register("medicine.give", MedicineGivenArgs(), STAFF | {"caregiver"})
def give_medicine(ctx: Context, args: dict) -> None:
    """Record medicine given to a child (appended to its doses)."""
    row = ctx.session.get(Medicine, str(args["medicine_id"]))
    if row is None or row.site_id != ctx.actor.site_id:
        raise NotFound("no such medicine record at this school")
    if ctx.actor.role == "caregiver" and row.class_id not in ctx.actor.class_ids:
        raise Forbidden("a caregiver gives medicine only in her own classes")
    dose = {"at": args["at"].isoformat(), "by": ctx.actor.user_id, "mutation": ctx.mutation.id}
    # In the order given, by instant: two phones may say their times with other offsets.
    row.given = sorted([*row.given, dose], key=lambda d: dt.datetime.fromisoformat(d["at"]))
    ctx.emit(Change("medicine", row.id, "put", row.class_id, row.date))
