"""Keeping visitors' identity documents and photos no longer than the school needs them."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sync import Change, record_changes
from sync.engine import utcnow

from .blobs import Storage
from .models import Blob, Site, Visitor


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
