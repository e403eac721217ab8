"""Morning and noon health checks (晨检, 午检)."""
from __future__ import annotations

import datetime as dt
import functools

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import outbreak
from server.models import Child, ClassMove, FollowUp, HealthCheck
from server.schemas import Day, UUIDText
from sync import Actor, Change
from sync.errors import Forbidden, NotFound, SyncError
from sync.bulk import one_of
from sync.ids import natural_id
from sync.merge import merge_fields
from sync.registry import Context

from . import registry

SESSIONS = ("morning", "noon")
STATUSES = ("normal", "abnormal", "absent")
SYMPTOMS = ("fever", "cough", "sore_throat", "rash", "hfm_blisters", "diarrhoea", "vomiting",
            "red_eyes", "swollen_glands", "fatigue", "other")
ACTIONS = ("observe", "isolate", "sent_home", "parent_told")
ABSENCE_REASONS = ("ill", "personal", "unknown")
# A thermometer reading outside this range is a typing slip, not a child.
TEMP_MIN, TEMP_MAX = 34.0, 43.0


class CheckRecordArgs(Schema):
    child_id = UUIDText(required=True)
    class_id = UUIDText(load_default=None, allow_none=True, metadata={
        "description": "The class on the roster it was recorded from; a child no longer "
                       "in that class is refused (not_in_class)."})
    date = Day(required=True)
    session = fields.String(required=True, validate=validate.OneOf(SESSIONS))
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    temperature = fields.Float(load_default=None, allow_none=True,
                               validate=validate.Range(TEMP_MIN, TEMP_MAX,
                                                       error="must be between 34.0 and 43.0"))
    symptoms = fields.List(fields.String(validate=validate.OneOf(SYMPTOMS)),
                           load_default=list, validate=validate.Length(max=len(SYMPTOMS)))
    action = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(ACTIONS))
    absence_reason = fields.String(load_default=None, allow_none=True,
                                   validate=validate.OneOf(ABSENCE_REASONS))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))

    @validates_schema
    def _consistent(self, data, **kw):
        t = data.get("temperature")
        if t is not None and round(t, 1) != t:
            raise ValidationError("in steps of 0.1 °C", "temperature")
        if data["status"] == "abnormal" and t is None and not data.get("symptoms") \
                and not data.get("action") and not (data.get("note") or "").strip():
            # the phone's form refuses it too (check.js abnormalIsEmpty): the health
            # teacher would have nothing to follow up
            raise ValidationError("an abnormal check says what is wrong: a temperature, a "
                                  "symptom, an action or a note", "symptoms")
        if data["status"] == "normal" and data.get("symptoms"):
            raise ValidationError("a normal check has no symptoms", "symptoms")
        if data["status"] != "absent" and data.get("absence_reason"):
            raise ValidationError("only an absent child has an absence reason", "absence_reason")
        if data.get("absence_reason") in ("personal", "unknown") and data.get("symptoms"):
            raise ValidationError("symptoms go with an absence for illness", "symptoms")


check_record_args = CheckRecordArgs()


class NotInClass(SyncError):
    """The child is not in the class the check was recorded for."""
    code = "not_in_class"


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


def check_id(site_id: str, args: dict) -> str:
    return natural_id(site_id, "health_check", args["child_id"], args["date"].isoformat(),
                      args["session"])


# The batch's cache: its checks by id, its children's follow-ups, and each mutation's
# check id by its args (the same dict from load_batch to record_check).
CHECKS, FOLLOWUPS, CHECK_IDS = "health_checks", "followups", "check_ids"


def load_batch(session: Session, actor: Actor, cache: dict, batch_args: list[dict]) -> None:
    """Before a batch: the checks it touches (None: not made yet) and its children's
    follow-ups, in one query each instead of one per mutation."""
    site_id = actor.site_id
    by_args = cache.setdefault(CHECK_IDS, {})  # each mutation's check id, made once
    for args in batch_args:
        by_args[id(args)] = check_id(site_id, args)
    ids = sorted(set(by_args.values()))
    # By id alone, the site checked here: given `site_id = ?` too, SQLite may walk the
    # school's whole (site_id, date) index instead of looking up each id.
    dialect = session.get_bind().dialect.name
    found = {c.id: c for c in session.execute(select(HealthCheck).where(
        one_of(HealthCheck.id, ids, dialect))).scalars() if c.site_id == site_id}
    cache.setdefault(CHECKS, {}).update({i: found.get(i) for i in ids})
    kids = sorted({args["child_id"] for args in batch_args})
    cache.setdefault(FOLLOWUPS, {}).update(_load_followups(session, site_id, kids))


def _load_followups(session: Session, site_id: str, kids: list[str]) -> dict[str, list]:
    by_child: dict[str, list[FollowUp]] = {kid: [] for kid in kids}
    for f in session.execute(select(FollowUp).where(
            FollowUp.site_id == site_id,
            one_of(FollowUp.child_id, kids, session.get_bind().dialect.name))).scalars():
        by_child[f.child_id].append(f)
    return by_child


def _check(ctx: Context, cid: str):
    """The check as it is in this batch so far: loaded, made by an earlier mutation,
    or None."""
    checks = ctx.cache.setdefault(CHECKS, {})
    if cid not in checks:  # not loaded ahead by load_batch: look it up alone
        checks[cid] = ctx.session.get(HealthCheck, cid)
    return checks[cid]


def _followups(ctx: Context, child_id: str) -> list[FollowUp]:
    """The child's follow-ups as they are in this batch so far."""
    by_child = ctx.cache.setdefault(FOLLOWUPS, {})
    if child_id not in by_child:
        by_child.update(_load_followups(ctx.session, ctx.actor.site_id, [child_id]))
    return by_child[child_id]


def left_after(ctx: Context, subject: str, subject_id: str, class_id: str) -> bool:
    """Whether `subject_id` (a child, or a member of staff) moved out of `class_id` after
    the device says this mutation was done: work done offline before a move counts, for
    the class it was done in. A clock far off is not taken at its word."""
    if ctx.clock_skewed:
        return False
    moved = ctx.session.execute(select(ClassMove.at).where(
        ClassMove.site_id == ctx.actor.site_id, ClassMove.subject == subject,
        ClassMove.subject_id == subject_id, ClassMove.from_class_id == class_id)).scalars()
    done = ctx.device_time
    return any((at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)) > done for at in moved)


def class_checked_in(ctx: Context, child_id: str, recorded_in: str | None) -> str:
    """The class a check counts for: the child's now, or the class it was recorded from
    on the roster if the child (or the caregiver) left that class only after the check
    was done. A child moved before it is refused (not_in_class), never misfiled."""
    now = child_classes(ctx).get(child_id)
    if now is None:
        raise NotFound("no such child at this school")
    if recorded_in and recorded_in != now:
        if not left_after(ctx, "child", child_id, recorded_in):
            raise NotInClass("this child is not in that class (moved?); reload the roster")
        now = recorded_in
    if ctx.actor.role == "caregiver" and now not in ctx.actor.class_ids \
            and not left_after(ctx, "user", ctx.actor.user_id, now):
        raise Forbidden("a caregiver records checks only for her own classes")
    return now


@registry.register("check.record", check_record_args, {"admin", "health", "caregiver"},
                   prefetch=load_batch)
def record_check(ctx: Context, args: dict) -> None:
    """Record health checks: a child's morning or noon check."""
    child_id = args["child_id"]
    class_id = class_checked_in(ctx, child_id, args["class_id"])
    site_id = ctx.actor.site_id
    day = args["date"]
    if args["status"] == "absent" and not args["absence_reason"]:
        args["absence_reason"] = "unknown"  # an app from before absence reasons
    cid = ctx.cache.get(CHECK_IDS, {}).get(id(args)) or check_id(site_id, args)
    record = _check(ctx, cid)
    if record is None:
        record = ctx.cache[CHECKS][cid] = ctx.new_row(
            HealthCheck, id=cid, site_id=site_id, child_id=child_id, class_id=class_id,
            date=day, session=args["session"], status=None, temperature=None, symptoms=None,
            action=None, absence_reason=None, note=None, field_hlc={}, hlc="", history=[])
    values = {k: args[k] for k in ("status", "temperature", "symptoms", "action",
                                   "absence_reason", "note")}
    meta = {"recorded_by": ctx.actor.user_id, "device_id": ctx.actor.client_id,
            "device_time": ctx.device_time, "received_at": ctx.received_at,
            "clock_skewed": ctx.clock_skewed}
    # Every version is kept, winning or not: a correction never silently overwrites. A new
    # list, so the ORM sees the change on a loaded row.
    record.history = with_version(record.history, version(ctx.mutation.id, values,
                                                          str(ctx.hlc), meta))
    merge_fields(record, values, str(ctx.hlc), meta)
    ctx.emit(Change("health_check", cid, "put", class_id, day))  # its history changed
    if record.status == "absent" and record.absence_reason == "ill":
        _open_followup(ctx, record)
    elif record.status in ("normal", "abnormal"):
        _child_is_back(ctx, record)
    if not (record.status == "absent" and record.absence_reason == "ill"):
        _withdraw_followup(ctx, record)
    if record.status == "abnormal" or record.absence_reason == "ill":
        ctx.cache.setdefault(OUTBREAK_TOUCHED, set()).add((class_id, day))


OUTBREAK_TOUCHED = "outbreak_touched"


def version(mutation_id: str, values: dict, stamp: str, meta: dict) -> dict:
    """One version of a check as HealthCheck.history keeps it: its times as the feed
    sends a stored time (RFC 3339, UTC), so the list is the same JSON on every server."""
    return {"id": mutation_id, "values": dict(values), "hlc": stamp,
            "recorded_by": meta["recorded_by"], "device_id": meta["device_id"],
            "device_time": _utc(meta["device_time"]), "received_at": _utc(meta["received_at"]),
            "clock_skewed": meta["clock_skewed"]}


@functools.lru_cache(maxsize=4096)  # a batch's versions share their receive time
def _utc(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).isoformat()


def with_version(history: list | None, new: dict) -> list:
    """A new list: `history` and `new`, in (hlc, id) order, whatever order they came in."""
    out = [*(history or ()), new]
    if len(out) > 1 and (out[-2]["hlc"], out[-2]["id"]) > (new["hlc"], new["id"]):
        out.sort(key=lambda v: (v["hlc"], v["id"]))
    return out


def _open_followup(ctx: Context, check) -> None:
    """An absence for illness opens a follow-up, unless one is open for the child."""
    followups = _followups(ctx, check.child_id)
    if any(f.status == "open" for f in followups):
        return
    fid = natural_id(check.site_id, "followup", check.child_id, check.date.isoformat())
    if not any(f.id == fid for f in followups):
        f = FollowUp(id=fid, site_id=check.site_id, child_id=check.child_id,
                     class_id=check.class_id, opened_on=check.date,
                     symptoms=list(check.symptoms or []), status="open")
        ctx.session.add(f)
        followups.append(f)
        ctx.emit(Change("followup", fid, "put", check.class_id, check.date))


def _withdraw_followup(ctx: Context, check) -> None:
    """A check corrected from "absent, ill" the day its follow-up opened: unless the
    day's other check still says so, the follow-up had no ground and goes, untouched as
    it is (nobody closed it): the health teacher is not left to close an illness that
    never was with a diagnosis. Its check keeps the versions that said ill."""
    followups = _followups(ctx, check.child_id)
    if not any(f.opened_on == check.date for f in followups):
        return  # (most checks: the child has none)
    fid = natural_id(check.site_id, "followup", check.child_id, check.date.isoformat())
    f = next((f for f in followups if f.id == fid and f.status == "open"
              and f.diagnosis is None), None)
    if f is None:
        return
    for session in SESSIONS:
        other = _check(ctx, check_id(check.site_id, {"child_id": check.child_id,
                                                     "date": check.date, "session": session}))
        if other is not None and other.status == "absent" and other.absence_reason == "ill":
            return
    followups.remove(f)
    if f in ctx.session.new:  # opened earlier in this very batch
        ctx.session.expunge(f)
    else:
        ctx.session.delete(f)
    ctx.emit(Change("followup", fid, "delete", f.class_id, f.opened_on))


def _child_is_back(ctx: Context, check) -> None:
    """Checked in class after an absence for illness: note the day the child returned."""
    for f in _followups(ctx, check.child_id):
        if f.status == "open" and f.returned_on is None and f.opened_on < check.date:
            f.returned_on = check.date
            ctx.emit(Change("followup", f.id, "put", f.class_id, f.opened_on))


@registry.on_batch
def raise_outbreak_alerts(session, actor, cache, now) -> list[Change]:
    """After a batch: run the outbreak rule for the classes and days it touched."""
    return outbreak.evaluate(session, actor.site_id, cache.get(OUTBREAK_TOUCHED, set()), now)
