"""Admin changes to a school's data: each one audited (who, when, before, after) and put
into the change feed in the same transaction, so phones get it on their next pull."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from sync import Actor, Change, record_changes
from sync.engine import utcnow

from .models import AuditEntry, ClassMove

HIDDEN = {"password_hash", "site_id"}


def snapshot(obj) -> dict | None:
    """The row's columns as JSON-ready values (for the audit's before and after)."""
    if obj is None:
        return None
    out = {}
    for attr in inspect(obj).mapper.column_attrs:
        if attr.key in HIDDEN:
            continue
        v = getattr(obj, attr.key)
        out[attr.key] = v.isoformat() if isinstance(v, (dt.date, dt.datetime, dt.time)) else v
    return out


def audit(session: Session, actor: Actor, entity: str, entity_id: str | None, action: str,
          before: dict | None, after: dict | None, now: dt.datetime | None = None) -> None:
    session.add(AuditEntry(site_id=actor.site_id, user_id=actor.user_id, at=now or utcnow(),
                           entity=entity, entity_id=entity_id, action=action,
                           before=before, after=after))


def publish(session: Session, actor: Actor, changes: list[Change]) -> None:
    record_changes(session, actor.site_id, changes)


def record_move(session: Session, actor: Actor, subject: str, subject_id: str,
                from_class: str | None, to_class: str | None) -> None:
    session.add(ClassMove(site_id=actor.site_id, subject=subject, subject_id=subject_id,
                          from_class_id=from_class, to_class_id=to_class,
                          on=dt.date.today(), by=actor.user_id, at=utcnow()))
