"""Zones and hazards, read: the hazard ledger (隐患台账) with every step, as JSON and CSV;
who has not self-checked their zone today; monthly inspections due; the zones' QR labels."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

import segno
from flask import Blueprint, g, jsonify, request
from sqlalchemy import select

from ..auth import require_role
from ..exports import coded, listing
from ..reports.filters import date_arg
from ..extensions import db
from ..ledger import ledger as hazard_ledger
from ..models import Equipment, Inspection, Site, User, Zone, ZoneCheck
from ..printouts import labels
from ..mutations.zones import qr_text
from ..school import by_name
from ..settings import phone_checklists

bp = Blueprint("hazards", __name__, url_prefix="/api")
ANY_STAFF = ("admin", "health", "caregiver", "guard")


def site_today() -> dt.date:
    site = db.session.get(Site, g.actor.site_id)
    return dt.datetime.now(ZoneInfo(site.timezone)).date()


def ledger(status: str | None = None) -> list[dict]:
    """This site's ledger as of its today (server/ledger.py)."""
    return hazard_ledger(db.session, g.actor.site_id, site_today(), status)


@bp.get("/hazards")
@require_role(*ANY_STAFF)
def hazards():
    """The hazard ledger: every hazard with its history (status=open for the open ones)."""
    return listing("hazards", ledger_rows(), CSV_COLUMNS, "hazard-ledger")


CSV_COLUMNS = [("reported_at", "发现时间"), ("zone", "区域"), ("what", "隐患"),
               coded("severity", "等级", labels.SEVERITY),
               ("reporter", "发现人"), ("assignee", "整改人"), ("deadline", "整改期限"),
               ("fixed_at", "整改时间"), ("fix_note", "整改情况"), ("verifier", "复查人"),
               ("verified_at", "复查时间"), coded("status", "状态", labels.HAZARD_STATUS),
               ("overdue", "逾期")]


def ledger_rows() -> list[dict]:
    """The ledger as the screen lists it, with names beside the ids (for the files too)."""
    names = dict(db.session.execute(select(User.id, User.name).where(
        User.site_id == g.actor.site_id)).all())
    zones = dict(db.session.execute(select(Zone.id, Zone.name).where(
        Zone.site_id == g.actor.site_id)).all())
    rows = ledger(request.args.get("status"))
    for h in rows:  # fresh dicts: named in place, not copied (a school has thousands)
        h.update(zone=zones.get(h["zone_id"], ""), reporter=names.get(h["reported_by"], ""),
                 assignee=names.get(h["assignee_id"], ""), verifier=names.get(h["verified_by"], ""))
    return rows


@bp.get("/hazards.csv")
@require_role("admin", "health")
def hazards_csv():
    """The hazard ledger as CSV (kept for old links: /api/hazards?format=csv is the same)."""
    return listing("hazards", ledger_rows(), CSV_COLUMNS, "hazard-ledger", fmt="csv")


@bp.get("/zones/today")
@require_role(*ANY_STAFF)
def zones_today():
    """Each zone's opening and closing checks for a day: done by whom, or missing."""
    day = date_arg("date") or site_today()
    return listing("zones", zones_day(day), ZONE_COLUMNS, f"zone-checks-{day}",
                   {"date": day.isoformat()})


ZONE_COLUMNS = [("zone", "区域"), ("responsible", "责任人"),
                ("opening", "开园检查", lambda r: r["opening"] and f'{r["opening"]["by"]} {r["opening"]["at"]}'),
                ("closing", "离园检查", lambda r: r["closing"] and f'{r["closing"]["by"]} {r["closing"]["at"]}')]


def zones_day(day: dt.date) -> list[dict]:
    """Each zone the user may see (the admin and the health teacher: all; others: their
    own), with its opening and closing checks of the day or None where missing."""
    done = {(c.zone_id, c.kind): c for c in db.session.execute(select(ZoneCheck).where(
        ZoneCheck.site_id == g.actor.site_id, ZoneCheck.date == day)).scalars()}
    names = dict(db.session.execute(select(User.id, User.name).where(
        User.site_id == g.actor.site_id)).all())
    out = []
    for z in by_name(db.session.execute(select(Zone).where(
            Zone.site_id == g.actor.site_id)).scalars()):
        if g.actor.role not in ("admin", "health") and z.responsible_id != g.actor.user_id:
            continue
        row = {"zone_id": z.id, "zone": z.name, "responsible_id": z.responsible_id,
               "responsible": names.get(z.responsible_id)}
        for kind in ("opening", "closing"):
            c = done.get((z.id, kind))
            row[kind] = None if c is None else {
                "by": names.get(c.recorded_by), "at": c.device_time.isoformat(),
                "failed": c.failed, "proof": c.proof}
        out.append(row)
    return out


@bp.get("/inspections")
@require_role("admin", "health", "guard")
def inspections():
    """Equipment and its monthly inspection: done this month, due, or overdue (last
    month missed); fire equipment past its expiry date is flagged."""
    today = site_today()
    month = today.strftime("%Y-%m")
    last = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    done = defaultdict(set)
    for eq_id, m in db.session.execute(select(Inspection.equipment_id, Inspection.month).where(
            Inspection.site_id == g.actor.site_id, Inspection.month.in_((month, last)))):
        done[eq_id].add(m)
    out = []
    for e in sorted(by_name(db.session.execute(select(Equipment).where(
            Equipment.site_id == g.actor.site_id, Equipment.active.is_(True))).scalars()),
            key=lambda e: e.kind):
        state = "done" if month in done[e.id] else ("overdue" if last not in done[e.id] else "due")
        out.append({"equipment_id": e.id, "name": e.name, "kind": e.kind, "zone_id": e.zone_id,
                    "month": month, "state": state,
                    "expired": bool(e.expires_on and e.expires_on < today),
                    "expires_on": e.expires_on and e.expires_on.isoformat()})
    return jsonify({"month": month, "equipment": out})


@bp.get("/zones/checklists")
@require_role(*ANY_STAFF)
def zone_checklists():
    """The checklist of each kind of zone (the school's own where the admin edited them,
    else the defaults) and of each kind of equipment, for the phones."""
    return jsonify(phone_checklists(db.session.get(Site, g.actor.site_id).settings))


@bp.get("/zones/labels")
@require_role("admin")
def zone_labels():
    """Every zone's QR code as SVG, for an A4 sheet of labels."""
    labels = []
    for z in by_name(db.session.execute(select(Zone).where(
            Zone.site_id == g.actor.site_id)).scalars()):
        if not z.code:
            import secrets
            z.code = secrets.token_urlsafe(12)
        svg = segno.make(qr_text(z), error="m").svg_inline(scale=4, border=2)
        labels.append({"zone_id": z.id, "zone": z.name, "svg": svg})
    db.session.commit()
    return jsonify({"labels": labels})
