"""Morning and noon health checks (晨检, 午检)."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select

from server.models import Child, HealthCheck
from sync import Change
from sync.errors import Forbidden, NotFound
from sync.ids import natural_id
from sync.merge import merge_fields
from sync.registry import Context

from . import registry

SESSIONS = ("morning", "noon")
STATUSES = ("normal", "abnormal", "absent")
SYMPTOMS = ("fever", "cough", "sore_throat", "rash", "hfm_blisters", "diarrhoea", "vomiting",
            "red_eyes", "swollen_glands", "fatigue", "other")
ACTIONS = ("observe", "isolate", "sent_home", "parent_told")
# A thermometer reading outside this range is a typing slip, not a child.
TEMP_MIN, TEMP_MAX = 34.0, 43.0


class CheckRecordArgs(Schema):
    child_id = fields.UUID(required=True)
    date = fields.Date(required=True)
    session = fields.String(required=True, validate=validate.OneOf(SESSIONS))
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    temperature = fields.Float(load_default=None, allow_none=True,
                               validate=validate.Range(TEMP_MIN, TEMP_MAX,
                                                       error="must be between 34.0 and 43.0"))
    symptoms = fields.List(fields.String(validate=validate.OneOf(SYMPTOMS)),
                           load_default=list, validate=validate.Length(max=len(SYMPTOMS)))
    action = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(ACTIONS))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))

    @validates_schema
    def _consistent(self, data, **kw):
        t = data.get("temperature")
        if t is not None and round(t, 1) != t:
            raise ValidationError("in steps of 0.1 °C", "temperature")
        if data["status"] == "normal" and data.get("symptoms"):
            raise ValidationError("a normal check has no symptoms", "symptoms")


check_record_args = CheckRecordArgs()


def child_classes(ctx: Context) -> dict[str, str]:
    """Active children of the actor's site → class id, loaded once per batch."""
    key = ("children", ctx.actor.site_id)
    if key not in ctx.cache:
        rows = ctx.session.execute(select(Child.id, Child.class_id).where(
            Child.site_id == ctx.actor.site_id, Child.active.is_(True)))
        ctx.cache[key] = dict(rows.all())
    return ctx.cache[key]


def class_of_child(ctx: Context, child_id: str) -> str:
    class_id = child_classes(ctx).get(child_id)
    if class_id is None:
        raise NotFound("no such child at this school")
    if ctx.actor.role == "caregiver" and class_id not in ctx.actor.class_ids:
        raise Forbidden("a caregiver records checks only for her own classes")
    return class_id


@registry.register("check.record", check_record_args, {"admin", "health", "caregiver"})
def record_check(ctx: Context, args: dict) -> None:
    """Record health checks: a child's morning or noon check."""
    child_id = str(args["child_id"])
    class_id = class_of_child(ctx, child_id)
    site_id = ctx.actor.site_id
    check_id = natural_id(site_id, "health_check", child_id, args["date"].isoformat(),
                          args["session"])
    record = ctx.session.get(HealthCheck, check_id)
    if record is None:
        record = HealthCheck(id=check_id, site_id=site_id, child_id=child_id,
                             class_id=class_id, date=args["date"], session=args["session"],
                             field_hlc={}, hlc="")
        ctx.session.add(record)
    values = {k: args[k] for k in ("status", "temperature", "symptoms", "action", "note")}
    meta = {"recorded_by": ctx.actor.user_id, "device_id": ctx.actor.client_id,
            "device_time": ctx.device_time, "received_at": ctx.received_at,
            "clock_skewed": ctx.clock_skewed}
    if merge_fields(record, values, str(ctx.hlc), meta):
        ctx.emit(Change("health_check", check_id, "put", class_id, args["date"]))
