"""The official forms as PDF, for the people who may see their records: the admin and the
health teacher any class, a caregiver her own classes; the visitor register and the gate
log for the admin and the guard; the hazard ledger for the admin and the health teacher."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, g, request
from sqlalchemy import select

from ..auth import require_role
from ..errors import APIError
from ..extensions import db
from ..models import SchoolClass, Site, Zone
from ..printouts import forms, records
from ..reports.filters import month_bounds
from ..schemas import AnyMonthQuery, ClassMonthQuery, MonthQuery
from .hazards import ledger
from .meta import documented

bp = Blueprint("printouts", __name__, url_prefix="/api/printouts")


def month_arg(required: bool = True) -> tuple[dt.date, dt.date] | tuple[None, None]:
    """?month=YYYY-MM → its first and last day, or a 422 that says why not."""
    raw = request.args.get("month")
    if not raw and not required:
        return None, None
    return month_bounds(raw)


def _site() -> Site:
    return db.session.get(Site, g.actor.site_id)


def _class(site: Site) -> SchoolClass:
    """The class asked for: this school's, and one the caller may see."""
    class_id = request.args.get("class_id")
    if not class_id:
        raise APIError(422, "validation_failed", "class_id is required",
                       {"class_id": ["missing"]})
    cls = records.site_class(db.session, site, class_id)
    if cls is None:
        raise APIError(404, "not_found", "no such class at this school")
    if g.actor.role == "caregiver" and cls.id not in g.actor.class_ids:
        raise APIError(403, "forbidden", "a caregiver may print only her own classes")
    return cls


def _pdf(body: bytes, name: str) -> Response:
    db.session.commit()  # the token's last use
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f"attachment; filename={name}.pdf",
        "Cache-Control": "no-store"})


def _now(site: Site) -> dt.datetime:
    return dt.datetime.now(ZoneInfo(site.timezone))


@bp.get("/health-checks.pdf")
@require_role("admin", "health", "caregiver")
@documented(query=ClassMonthQuery)
def health_checks():
    """晨午检记录: a class's month (class_id, month=YYYY-MM)."""
    site = _site()
    first, last = month_arg()
    cls = _class(site)
    now = _now(site)
    body = forms.health_checks(db.session, site, cls, first, last, now.date(), now)
    return _pdf(body, f"health-checks-{first:%Y-%m}")


@bp.get("/disinfection.pdf")
@require_role("admin", "health", "caregiver")
@documented(query=ClassMonthQuery)
def disinfection():
    """班级卫生消毒检查记录表: a class's rooms over a month (class_id, month=YYYY-MM)."""
    site = _site()
    first, last = month_arg()
    cls = _class(site)
    return _pdf(forms.disinfection(db.session, site, cls, first, last, _now(site)),
                f"disinfection-{first:%Y-%m}")


@bp.get("/medicine.pdf")
@require_role("admin", "health", "caregiver")
@documented(query=ClassMonthQuery)
def medicine():
    """幼儿服药记录表: the medicine handed over in a class over a month (class_id,
    month=YYYY-MM): each dose given, when and by whom, or missed."""
    site = _site()
    first, last = month_arg()
    cls = _class(site)
    return _pdf(forms.medicine_register(db.session, site, cls, first, last, _now(site)),
                f"medicine-{first:%Y-%m}")


@bp.get("/visitors.pdf")
@require_role("admin", "guard")
@documented(query=MonthQuery)
def visitors():
    """外来人员登记表 for a month (month=YYYY-MM); ID numbers masked."""
    site = _site()
    first, last = month_arg()
    return _pdf(forms.visitor_register(db.session, site, first, last, _now(site)),
                f"visitors-{first:%Y-%m}")


@bp.get("/gate.pdf")
@require_role("admin", "guard")
@documented(query=MonthQuery)
def gate():
    """门卫开关门记录表 for a month (month=YYYY-MM): each gate time, when it was kept."""
    site = _site()
    first, last = month_arg()
    return _pdf(forms.gate_log(db.session, site, first, last, _now(site)), f"gate-{first:%Y-%m}")


@bp.get("/hazards.pdf")
@require_role("admin", "health")
@documented(query=AnyMonthQuery)
def hazards():
    """隐患台账: the hazards found in a month (month=YYYY-MM), or all of them."""
    site = _site()
    first, last = month_arg(required=False)
    tz = ZoneInfo(site.timezone)
    rows = ledger()
    if first:
        rows = [h for h in rows
                if first <= dt.datetime.fromisoformat(h["reported_at"]).astimezone(tz).date() <= last]
    rows.reverse()  # the ledger's order on paper: oldest first
    zones = dict(db.session.execute(select(Zone.id, Zone.name).where(
        Zone.site_id == site.id)).all())
    names = records.names_of_users(db.session, site.id)
    body = forms.hazard_ledger(site, rows, zones, names, first, last, _now(site))
    return _pdf(body, f"hazard-ledger-{first:%Y-%m}" if first else "hazard-ledger")
