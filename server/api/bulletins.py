"""The weekly hygiene bulletin: the admin drafts it from the week's records, edits its
words and photos, and publishes it; staff read the published ones (GET here, and on their
phones through the change feed, entity `bulletin`, so they read it offline too)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, g, jsonify
from sqlalchemy import select

from sync.engine import utcnow

from ..auth import require_role
from ..errors import APIError
from ..extensions import db
from ..feed import ENTITIES
from ..models import Bulletin, Site
from ..printouts import bulletin as figures
from ..schemas import BulletinDraftSchema, BulletinEditSchema
from .meta import documented
from .util import json_body

bp = Blueprint("bulletins", __name__, url_prefix="/api/bulletins")
STAFF = ("admin", "health", "caregiver", "guard")


def dump(b: Bulletin) -> dict:
    row = db.session.execute(select(Bulletin.__table__).where(Bulletin.id == b.id)).mappings().one()
    return ENTITIES["bulletin"].dump(row)


def get_bulletin_or_404(bulletin_id: str, drafts: bool) -> Bulletin:
    b = db.session.get(Bulletin, bulletin_id)
    if b is None or b.site_id != g.actor.site_id or (b.status != "published" and not drafts):
        raise APIError(404, "not_found", "no such bulletin at this school")
    return b


def _draft_only(b: Bulletin) -> None:
    if b.status == "published":
        raise APIError(409, "conflict", "a published bulletin is not changed")


@bp.get("")
@require_role(*STAFF)
def bulletins():
    """The school's bulletins, newest week first: the admin sees drafts too."""
    q = select(Bulletin).where(Bulletin.site_id == g.actor.site_id)
    if g.actor.role != "admin":
        q = q.where(Bulletin.status == "published")
    rows = db.session.execute(q.order_by(Bulletin.week.desc()).limit(60)).scalars().all()
    return jsonify({"bulletins": [dump(b) for b in rows]})


@bp.get("/<bulletin_id>")
@require_role(*STAFF)
def bulletin(bulletin_id: str):
    """One bulletin (a draft only to the admin)."""
    return jsonify(dump(get_bulletin_or_404(bulletin_id, g.actor.role == "admin")))


@bp.post("")
@require_role("admin")
@documented(body=BulletinDraftSchema, status=201)
def draft():
    """Draft (or draft again) the bulletin of a week from its records."""
    data = BulletinDraftSchema().load(json_body())
    site = db.session.get(Site, g.actor.site_id)
    monday = figures.week_of(data["week"])
    today = dt.datetime.now(ZoneInfo(site.timezone)).date()
    if monday > today:
        raise APIError(422, "validation_failed", "that week has not begun",
                       {"week": ["in the future"]})
    try:
        b = figures.draft_week(db.session, site, monday, today, g.actor, utcnow())
    except figures.Published:
        raise APIError(409, "conflict", "a published bulletin is not changed") from None
    db.session.commit()
    return jsonify(dump(b)), 201


@bp.patch("/<bulletin_id>")
@require_role("admin")
@documented(body=BulletinEditSchema)
def edit(bulletin_id: str):
    """Edit a draft's title, text, or which of its photos to show."""
    b = get_bulletin_or_404(bulletin_id, drafts=True)
    data = BulletinEditSchema().load(json_body())
    _draft_only(b)
    stray = set(data.get("photos", ())) - set(b.content.get("photos", ()))
    if stray:
        raise APIError(422, "validation_failed", "only the week's own photos may be shown",
                       {"photos": ["not a photo of this week's records"]})
    for k, v in data.items():
        setattr(b, k, v)
    b.updated_at = utcnow()
    db.session.commit()
    return jsonify(dump(b))


@bp.post("/<bulletin_id>/publish")
@require_role("admin")
def publish(bulletin_id: str):
    """Publish a draft: every member of staff gets it on the next pull."""
    b = get_bulletin_or_404(bulletin_id, drafts=True)
    _draft_only(b)
    figures.publish_week(db.session, b, g.actor, utcnow())
    db.session.commit()
    return jsonify(dump(b))
