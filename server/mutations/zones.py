"""Safety zones (网格化管理): opening and closing self-checks with proof of presence,
the guard's patrol rounds, and the monthly inspections of equipment."""
from __future__ import annotations

import hmac

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.models import Equipment, Inspection, PatrolRound, PatrolRoute, Zone, ZoneCheck
from server.rules.zones import EQUIPMENT_CHECKLISTS
from server.schemas import Day
from sync import Change
from sync.errors import Conflict, Forbidden, InvalidArgs, NotFound, SyncError
from sync.ids import natural_id
from sync.merge import merge_fields
from sync.registry import Context

from . import registry
from .photos import require_photos

STAFF = {"admin", "health", "caregiver", "guard"}
SHA = validate.Regexp(r"^[0-9a-f]{64}$", error="a photo is named by its SHA-256")


class WrongCode(SyncError):
    """The scanned code is not this zone's (another zone's, or another school's)."""
    code = "wrong_code"


def qr_text(zone: Zone) -> str:
    """What a zone's printed QR code says."""
    return f"sanguan:zone:{zone.id}:{zone.code}"


def zone_of(ctx: Context, zone_id) -> Zone:
    zone = ctx.session.get(Zone, str(zone_id))
    if zone is None or zone.site_id != ctx.actor.site_id:
        raise NotFound("no such zone at this school")
    return zone


def scanned(zone: Zone, text: str) -> None:
    """A scan proves presence only with this zone's own code."""
    if not (zone.code and hmac.compare_digest(text.encode(), qr_text(zone).encode())):
        raise WrongCode("this QR code is not this zone's: scan the label in the zone")


class ItemResult(Schema):
    ok = fields.Boolean(required=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


class ZoneCheckArgs(Schema):
    zone_id = fields.UUID(required=True)
    date = Day(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(("opening", "closing")))
    items = fields.Dict(keys=fields.String(validate=validate.Length(1, 32)),
                        values=fields.Nested(ItemResult), required=True,
                        validate=validate.Length(min=1, max=40))
    proof = fields.String(required=True, validate=validate.OneOf(("qr", "photo")))
    code = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    photo = fields.String(load_default=None, allow_none=True, validate=SHA)

    @validates_schema
    def _proof(self, data, **kw):
        if data["proof"] == "qr" and not data.get("code"):
            raise ValidationError("a QR proof needs the scanned code", "code")
        if data["proof"] == "photo" and not data.get("photo"):
            raise ValidationError("a photo proof needs the photo", "photo")


@registry.register("zone.check", ZoneCheckArgs(), STAFF)
def check_zone(ctx: Context, args: dict) -> None:
    """Record zone self-checks: opening or closing, item by item, with proof of presence."""
    zone = zone_of(ctx, args["zone_id"])
    if ctx.actor.role not in ("admin", "health") and zone.responsible_id != ctx.actor.user_id:
        raise Forbidden("only the person responsible for the zone self-checks it")
    if args["proof"] == "qr":
        scanned(zone, args["code"])
    require_photos(ctx, [args["photo"]], "photo")
    cid = natural_id(ctx.actor.site_id, "zone_check", zone.id, args["date"].isoformat(), args["kind"])
    row = ctx.session.get(ZoneCheck, cid)
    if row is None:
        row = ZoneCheck(id=cid, site_id=ctx.actor.site_id, zone_id=zone.id, date=args["date"],
                    kind=args["kind"], field_hlc={}, hlc="")
        ctx.session.add(row)
    items = {k: {"ok": v["ok"], "note": v["note"]} for k, v in args["items"].items()}
    values = {"items": items, "failed": sum(not v["ok"] for v in items.values()),
              "proof": args["proof"], "photo": args["photo"]}
    meta = {"recorded_by": ctx.actor.user_id, "device_id": ctx.actor.client_id,
            "device_time": ctx.device_time, "received_at": ctx.received_at,
            "clock_skewed": ctx.clock_skewed}
    if merge_fields(row, values, str(ctx.hlc), meta):
        ctx.emit(Change("zone_check", cid, "put", None, args["date"]))


# -- patrols ---------------------------------------------------------------------------------

class PatrolStartArgs(Schema):
    id = fields.UUID(required=True)
    route_id = fields.UUID(required=True)
    date = Day(required=True)


@registry.register("patrol.start", PatrolStartArgs(), {"guard", "admin"})
def start_patrol(ctx: Context, args: dict) -> None:
    """Start patrol rounds along a route."""
    route = ctx.session.get(PatrolRoute, str(args["route_id"]))
    if route is None or route.site_id != ctx.actor.site_id:
        raise NotFound("no such patrol route at this school")
    rid = str(args["id"])
    if ctx.session.get(PatrolRound, rid) is not None:
        raise Conflict("this round has started already")
    ctx.session.add(PatrolRound(id=rid, site_id=ctx.actor.site_id, route_id=route.id,
                                date=args["date"], started_at=ctx.device_time, scans=[],
                                guard_id=ctx.actor.user_id))
    ctx.emit(Change("patrol_round", rid, "put", None, args["date"]))


class PatrolScanArgs(Schema):
    round_id = fields.UUID(required=True)
    code = fields.String(required=True, validate=validate.Length(1, 200))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


def round_of(ctx: Context, round_id) -> PatrolRound:
    r = ctx.session.get(PatrolRound, str(round_id))
    if r is None or r.site_id != ctx.actor.site_id:
        raise NotFound("no such patrol round at this school")
    if r.ended_at is not None:
        raise Conflict("this round has ended")
    return r


@registry.register("patrol.scan", PatrolScanArgs(), {"guard", "admin"})
def scan_checkpoint(ctx: Context, args: dict) -> None:
    """Scan a checkpoint of a patrol round."""
    r = round_of(ctx, args["round_id"])
    parts = args["code"].split(":")
    zone = zone_of(ctx, parts[2]) if len(parts) == 4 and parts[:2] == ["sanguan", "zone"] else None
    if zone is None:
        raise WrongCode("this is not a Sanguan zone code")
    scanned(zone, args["code"])
    r.scans = [*r.scans, {"zone_id": zone.id, "at": ctx.device_time.isoformat(),
                          "note": args["note"]}]
    ctx.emit(Change("patrol_round", r.id, "put", None, r.date))


class PatrolEndArgs(Schema):
    round_id = fields.UUID(required=True)


@registry.register("patrol.end", PatrolEndArgs(), {"guard", "admin"})
def end_patrol(ctx: Context, args: dict) -> None:
    """End patrol rounds: what was missed or scanned out of order is recorded."""
    r = round_of(ctx, args["round_id"])
    route = ctx.session.get(PatrolRoute, r.route_id)
    seen = [s["zone_id"] for s in sorted(r.scans, key=lambda s: s["at"])]
    r.missed = [z for z in route.zone_ids if z not in seen]
    order = [z for z in dict.fromkeys(seen) if z in route.zone_ids]
    r.out_of_order = order != [z for z in route.zone_ids if z in order]
    r.ended_at = ctx.device_time
    ctx.emit(Change("patrol_round", r.id, "put", None, r.date))


# -- monthly inspections ---------------------------------------------------------------------

class InspectionArgs(Schema):
    equipment_id = fields.UUID(required=True)
    month = fields.String(required=True, validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$"))
    items = fields.Dict(keys=fields.String(), values=fields.Nested(ItemResult), required=True)
    expires_on = Day(load_default=None, allow_none=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


@registry.register("inspection.record", InspectionArgs(), {"admin", "health", "guard"})
def record_inspection(ctx: Context, args: dict) -> None:
    """Record monthly inspections of play equipment, facilities and fire equipment."""
    eq = ctx.session.get(Equipment, str(args["equipment_id"]))
    if eq is None or eq.site_id != ctx.actor.site_id:
        raise NotFound("no such equipment at this school")
    known = {k for k, *_ in EQUIPMENT_CHECKLISTS.get(eq.kind, [])}
    unknown = set(args["items"]) - known
    if known and unknown:
        raise InvalidArgs(f"items: not items of a {eq.kind} inspection: "
                          f"{', '.join(sorted(unknown))}", {"args.items": ["unknown item"]})
    stamp = str(ctx.hlc)
    # Field by field, the edit with the later clock wins: an older inspection that syncs
    # after a newer one changes neither its result nor the equipment's expiry.
    if args["expires_on"] and merge_fields(eq, {"expires_on": args["expires_on"]}, stamp, {}):
        ctx.emit(Change("equipment", eq.id))
    iid = natural_id(ctx.actor.site_id, "inspection", eq.id, args["month"])
    row = ctx.session.get(Inspection, iid)
    if row is None:
        row = Inspection(id=iid, site_id=ctx.actor.site_id, equipment_id=eq.id, month=args["month"],
                         field_hlc={})
        ctx.session.add(row)
    items = {k: {"ok": v["ok"], "note": v["note"]} for k, v in args["items"].items()}
    values = {"items": items, "ok": all(v["ok"] for v in items.values()), "note": args["note"]}
    meta = {"recorded_by": ctx.actor.user_id, "device_time": ctx.device_time,
            "received_at": ctx.received_at}
    if not merge_fields(row, values, stamp, meta):
        return
    ctx.emit(Change("inspection", iid))
