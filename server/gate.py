"""Keeping visitors' identity documents no longer than the school needs them."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync import Change, record_changes
from sync.engine import utcnow

from .models import Visitor


def erase_ids(session: Session, days: int = 180, now: dt.datetime | None = None) -> int:
    """Erase the ID numbers (and their masked and hashed forms) of visitors registered
    more than `days` days ago; the rest of the register stays. Phones get the change."""
    now = now or utcnow()
    cutoff = (now - dt.timedelta(days=days)).date()
    changes = defaultdict(list)
    rows = session.execute(select(Visitor).where(
        Visitor.date < cutoff, Visitor.erased_at.is_(None))).scalars().all()
    for v in rows:
        v.id_number = v.id_masked = v.id_hash = None
        v.erased_at = now
        changes[v.site_id].append(Change("visitor", v.id, "put", None, v.date))
    for site_id, site_changes in changes.items():
        record_changes(session, site_id, site_changes)
    return len(rows)
