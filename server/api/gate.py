"""The gate's read views: visitors (ID numbers masked, in full only to the admin on the
record itself), and on the dashboard the day's openings and closings missed or late."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, g, jsonify, request
from sqlalchemy import select

from ..auth import require_role
from ..errors import APIError
from ..exports import coded, listing
from ..extensions import db
from ..feed import ENTITIES
from ..gate import OFF_SCHEDULE, blocked_pickups, slots_between
from ..models import Site, Visitor
from ..printouts import labels
from ..reports.dashboard import figure, piece

bp = Blueprint("gate", __name__, url_prefix="/api/gate")
STATUSES = ("waiting", "allowed", "refused", "entered", "left")


@bp.get("/visitors")
@require_role("admin", "guard", "health", "caregiver")
def visitors():
    """Visitors, newest first, optionally by status (on site: `status=entered`)."""
    q = select(Visitor.__table__).where(Visitor.site_id == g.actor.site_id)
    status = request.args.get("status")
    if status:
        if status not in STATUSES:
            raise APIError(422, "validation_failed", f"status must be one of {', '.join(STATUSES)}",
                           {"status": ["unknown status"]})
        q = q.where(Visitor.status == status)
    rows = db.session.execute(q.order_by(Visitor.registered_at.desc()).limit(500)).mappings()
    dump = ENTITIES["visitor"].dump  # masked: never the full ID number in a list
    return listing("visitors", [dump(r) for r in rows], VISITOR_COLUMNS, "visitors")


VISITOR_COLUMNS = [("date", "日期"), ("name", "姓名"), ("id_masked", "证件号"), ("phone", "电话"),
                   ("organisation", "单位"), ("purpose", "事由"), ("people", "人数"),
                   ("plate", "车牌"), coded("status", "状态", labels.VISITOR_STATUS),
                   coded("decided_how", "准入方式", labels.DECIDED_HOW),
                   ("entered_at", "进入时间"), ("left_at", "离开时间")]


@bp.get("/visitors/<visitor_id>")
@require_role("admin")
def visitor(visitor_id: str):
    """One visitor's record, with the full ID number (admin only, until it is erased)."""
    v = db.session.get(Visitor, visitor_id)
    if v is None or v.site_id != g.actor.site_id:
        raise APIError(404, "not_found", "no such visitor at this school")
    row = db.session.execute(select(Visitor.__table__).where(Visitor.id == v.id)).mappings().one()
    return jsonify(dict(ENTITIES["visitor"].dump(row), id_number=v.id_number))


@piece("gate")
def off_schedule_piece(site: Site, day: dt.date) -> dict:
    """Today's dashboard: the gate's openings and closings missed or late (none owed on a
    holiday), opening their list."""
    rows = slots_between(db.session, site, day, day, dt.datetime.now(ZoneInfo(site.timezone)))
    return figure(sum(r["state"] in OFF_SCHEDULE for r in rows), "gate_slots",
                  date=day.isoformat(), state="off_schedule")


@piece("pickups_blocked")
def blocked_pickups_piece(site: Site, day: dt.date) -> dict:
    """Today's dashboard: children handed, or about to be handed, to an adult on the block
    list (a pick-up refused for it, or recorded by the admin anyway), opening their list."""
    return figure(len(blocked_pickups(db.session, site, day, day)), "pickups_blocked",
                  date=day.isoformat())
