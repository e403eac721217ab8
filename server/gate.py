"""The gate's day as the principal sees it (each opening and closing on time, late or
missed), and keeping visitors' identity documents and photos no longer than the school
needs them."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sync import Change, record_changes
from sync.engine import utcnow

from .blobs import Storage
from sync.models import MutationLog

from .models import (Blob, GateEvent, GateTime, Pickup, PickupAdult, SchoolDay, Site,
                     Visitor)
from .school import times_on


BLOCKED_ADULT = "blocked_adult"  # pickup.record's refusal (server/mutations/gate.py)


def blocked_pickups(session: Session, site: Site, start: dt.date, end: dt.date) -> list[dict]:
    """Children of the days start..end handed, or about to be handed, to an adult on the
    block list: each pick-up the server refused for it (a phone that did not know the
    entry yet: the child may have gone; the refusal, kept in the mutation log, is the
    evidence) and each the admin recorded anyway (`override`). Newest first."""
    # A refusal is logged again each time the phone sends it: one row per mutation.
    since = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(), dt.timezone.utc)
    refused: dict[str, dict] = {}
    for m in session.execute(select(MutationLog).where(
            MutationLog.site_id == site.id, MutationLog.received_at >= since,
            MutationLog.name == "pickup.record", MutationLog.code == BLOCKED_ADULT)
            .order_by(MutationLog.received_at)).scalars():
        args = m.args or {}
        if str(start) <= str(args.get("date")) <= str(end) and m.id not in refused:
            refused[m.id] = {"id": m.id, "date": args["date"], "child_id": args.get("child_id"),
                             "adult_id": args.get("adult_id"), "adult": args.get("adult_name"),
                             "reason": m.message, "override": False, "by": m.user_id,
                             "device_time": m.device_time}
    listed = {r["adult_id"] for r in refused.values() if r["adult_id"]}
    adults = dict(session.execute(select(PickupAdult.id, PickupAdult.name).where(
        PickupAdult.site_id == site.id, PickupAdult.id.in_(listed))).all()) if listed else {}
    for r in refused.values():
        r["adult"] = r["adult"] or adults.get(r["adult_id"])
    done = [{"id": p.id, "date": p.date.isoformat(), "child_id": p.child_id,
             "adult_id": p.adult_id, "adult": p.adult_name, "reason": p.block_reason,
             "override": True, "by": p.recorded_by, "device_time": p.device_time.isoformat()}
            for p in session.execute(select(Pickup).where(
                Pickup.site_id == site.id, Pickup.blocked.is_(True),
                Pickup.date.between(start, end))).scalars()]
    return sorted([*refused.values(), *done], key=lambda r: r["device_time"] or "",
                  reverse=True)


# An opening or closing logged without its slot (the phone had no schedule yet) counts for
# a slot of its kind this many minutes away at most, as on the guard's screen.
NEAR_MINUTES = 90
OFF_SCHEDULE = ("missed", "late")  # what the dashboard counts


def slots_between(session: Session, site: Site, start: dt.date, end: dt.date,
                  now: dt.datetime, unmatched: bool = False) -> list[dict]:
    """The gate times of each day from start to end (none on a holiday, a weekday's on a
    make-up workday), each with what was logged for it, as the guard's screen counts them
    (pwa/screens/gate/data.js schedule): done, late, missed (its time has passed with
    nothing logged) or to_come. `unmatched`: then also each opening or closing logged
    for none of them (state "extra", no time: a holiday's, a second one), in the day's
    order. Before the gate's first logged opening or closing the school did not keep its
    gate with this app: nothing is owed then (nor by a school that never did). Four
    queries, whatever the period."""
    first = session.execute(select(func.min(GateEvent.date)).where(
        GateEvent.site_id == site.id)).scalar()
    if first is None or max(start, first) > end:
        return []
    start = max(start, first)
    events = defaultdict(list)
    for e in session.execute(select(GateEvent).where(
            GateEvent.site_id == site.id, GateEvent.date.between(start, end))
            .order_by(GateEvent.device_time)).scalars():
        events[e.date].append(e)
    times = session.execute(select(GateTime).where(GateTime.site_id == site.id)).scalars().all()
    entries = dict(session.execute(select(SchoolDay.date, SchoolDay.kind).where(
        SchoolDay.site_id == site.id, SchoolDay.date.between(start, end))).all())
    tz = ZoneInfo(site.timezone)
    rows, day = [], start
    while day <= end:
        rows += _day_rows(day, times_on(times, day, entries.get(day)), events[day], tz, now,
                          unmatched)
        day += dt.timedelta(days=1)
    return rows


def _day_rows(day: dt.date, times: list, events: list, tz: ZoneInfo, now: dt.datetime,
              unmatched: bool) -> list[dict]:
    def minute(when: dt.datetime) -> int:
        local = when.astimezone(tz)
        return local.hour * 60 + local.minute
    today = now.astimezone(tz).date()
    logged = logged_for([(t.id, t.kind, t.at.hour * 60 + t.at.minute) for t in times],
                        [(e, e.kind, e.gate_time_id, minute(e.device_time)) for e in events])
    rows = []
    for t in times:
        at = t.at.hour * 60 + t.at.minute
        ev = logged[t.id]
        if ev is not None:
            late = ev.late_minutes
            if late is None:  # logged without its time: late by the clock
                late = max(0, minute(ev.device_time) - at)
            state = "late" if late else "done"
        else:
            late = None
            passed = day < today or (day == today and minute(now) >= at)
            state = "missed" if passed else "to_come"
        rows.append({"date": day.isoformat(), "gate_time_id": t.id, "at": t.at.strftime("%H:%M"),
                     "kind": t.kind, "label": t.label, "state": state,
                     "logged_at": ev.device_time.astimezone(tz).strftime("%H:%M") if ev else None,
                     "late_minutes": late, "recorded_by": ev.recorded_by if ev else None,
                     "event_id": ev.id if ev else None})
    if unmatched:
        counted = {r["event_id"] for r in rows}
        rows += [{"date": day.isoformat(), "gate_time_id": None, "at": None, "kind": e.kind,
                  "label": None, "state": "extra",
                  "logged_at": e.device_time.astimezone(tz).strftime("%H:%M"),
                  "late_minutes": None, "recorded_by": e.recorded_by, "event_id": e.id}
                 for e in events if e.id not in counted]
        rows.sort(key=lambda r: r["at"] or r["logged_at"])
    return rows


def logged_for(times: list[tuple], events: list[tuple]) -> dict:
    """Each gate time's opening or closing: `times` as (id, kind, minute of the day),
    `events` as (event, kind, gate time id or None, minute), in the order they were done.
    A time's event is the first logged for it, else the first of its kind logged without
    one within NEAR_MINUTES of it (the phone had no schedule then), else None. The guard's
    screen matches them alike (pwa/screens/gate/data.js; tests/vectors/gate_day.json)."""
    out = {}
    for tid, kind, at in times:
        out[tid] = next((e for e, k, slot, _ in events if k == kind and slot == tid), None) or next(
            (e for e, k, slot, m in events if k == kind and slot is None
             and abs(m - at) < NEAR_MINUTES), None)
    return out


def erase_ids(session: Session, days: int = 180, now: dt.datetime | None = None,
              storage: Storage | None = None) -> int:
    """Erase the ID numbers (and their masked and hashed forms) and the photos of visitors
    registered more than `days` days ago; the rest of the register stays. Phones get the
    change.

    A face identifies a person at least as surely as an ID number (and is sensitive
    personal information under PIPL), so the photo taken at the gate goes with it: the
    visitor's reference, the school's blob row and, once no school refers to those bytes,
    the stored file (`storage`). The file goes before the caller commits: should the commit
    fail, the next run erases the reference to a photo that was due to go anyway."""
    now = now or utcnow()
    changes = defaultdict(list)
    photos = set()
    rows = []
    # A visitor's date is the school's own: the days are counted on its clock (at 16:00
    # UTC it is already tomorrow in Shanghai).
    for site_id, timezone in session.execute(select(Site.id, Site.timezone)).all():
        cutoff = (now.astimezone(ZoneInfo(timezone)) - dt.timedelta(days=days)).date()
        rows += session.execute(select(Visitor).where(
            Visitor.site_id == site_id, Visitor.date < cutoff,
            Visitor.erased_at.is_(None))).scalars().all()
    for v in rows:
        if v.photo:
            photos.add((v.site_id, v.photo))
        v.id_number = v.id_masked = v.id_hash = v.photo = None
        v.erased_at = now
        changes[v.site_id].append(Change("visitor", v.id, "put", None, v.date))
    session.flush()
    for site_id, sha in photos:
        still = session.execute(select(Visitor.id).where(
            Visitor.site_id == site_id, Visitor.photo == sha).limit(1)).first()
        if still is None:
            session.execute(delete(Blob).where(Blob.site_id == site_id, Blob.sha256 == sha))
    for sha in {sha for _, sha in photos}:
        if storage and session.execute(select(Blob.sha256).where(Blob.sha256 == sha).limit(1)).first() is None:
            storage.delete(sha)
    for site_id, site_changes in changes.items():
        record_changes(session, site_id, site_changes)
    return len(rows)
