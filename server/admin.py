"""Admin changes to a school's data: each one audited (who, when, before, after) and put
into the change feed in the same transaction, so phones get it on their next pull."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from sync import Actor, Change, record_changes
from sync.engine import utcnow
from sync.hlc import server_stamp
from sync.ids import natural_id
from sync.merge import take_over

from .models import AuditEntry, ClassMove, PickupAdult, RoomNeed, User

HIDDEN = {"password_hash", "site_id", "field_hlc"}


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


def admin_access_problem(session: Session, actor_id: str | None, user: User, role: str,
                         active: bool, losing: frozenset[str] = frozenset()) -> str | None:
    """Why giving this person this role and active flag may not be done (None: it may).
    Admin access is given from the admin screens only: the admin making the change cannot
    take her own away, and the school is never left without an active admin, or nobody
    could give it back. `losing`: other admins the same change (an import's earlier rows)
    takes it from."""
    if user.role != "admin" or not user.active or (role == "admin" and active):
        return None
    if user.id == actor_id:
        return "you cannot take away your own admin access"
    others = session.execute(select(func.count()).select_from(User).where(
        User.site_id == user.site_id, User.role == "admin", User.active.is_(True),
        User.id.not_in([user.id, *losing]))).scalar()
    return None if others else "the school would have no active admin"


def audit(session: Session, actor: Actor, entity: str, entity_id: str | None, action: str,
          before: dict | None, after: dict | None, now: dt.datetime | None = None) -> None:
    session.add(AuditEntry(site_id=actor.site_id, user_id=actor.user_id, at=now or utcnow(),
                           entity=entity, entity_id=entity_id, action=action,
                           before=before, after=after))


def stamp_edit(obj, names) -> None:
    """The admin set these fields of a record that phones edit too (last writer wins):
    they take the server's clock of now (sync.merge.take_over)."""
    if hasattr(obj, "field_hlc"):
        take_over(obj, [n for n in names if hasattr(obj, n)],
                  server_stamp(int(utcnow().timestamp() * 1000)))


def publish(session: Session, actor: Actor, changes: list[Change]) -> None:
    record_changes(session, actor.site_id, changes)


def record_move(session: Session, actor: Actor, subject: str, subject_id: str,
                from_class: str | None, to_class: str | None) -> None:
    session.add(ClassMove(site_id=actor.site_id, subject=subject, subject_id=subject_id,
                          from_class_id=from_class, to_class_id=to_class,
                          on=dt.date.today(), by=actor.user_id, at=utcnow()))


# -- a room's disinfection needs ---------------------------------------------------------------

def room_needs(session: Session, room) -> dict[str, int]:
    """The rounds a room needs per item, where the admin set them (item → rounds)."""
    return dict(session.execute(select(RoomNeed.item, RoomNeed.rounds).where(
        RoomNeed.site_id == room.site_id, RoomNeed.room_id == room.id)).all())


def set_room_needs(session: Session, actor: Actor, room, needs: dict[str, int] | None) -> dict:
    """Give a room needs of its own (item → rounds; an item left out is not needed there),
    or with None (or nothing) put it back on the school's daily defaults. Audited, and
    fed to the phones of the room's class. Returns the room's own needs now."""
    before = room_needs(session, room)
    needs = needs or {}
    changes = []
    for row in session.execute(select(RoomNeed).where(
            RoomNeed.site_id == room.site_id, RoomNeed.room_id == room.id,
            RoomNeed.item.not_in(list(needs)))).scalars():
        session.delete(row)
        changes.append(Change("room_need", row.id, "delete", room.class_id))
    for item, rounds in needs.items():
        row = session.get(RoomNeed, (room.id, item))
        if row is None:
            row = RoomNeed(id=natural_id(room.site_id, "room_need", room.id, item),
                           site_id=room.site_id, room_id=room.id, item=item)
            session.add(row)
        if row.rounds != rounds:
            row.rounds = rounds
            changes.append(Change("room_need", row.id, "put", room.class_id))
    session.flush()
    after = room_needs(session, room)
    if after != before:
        audit(session, actor, "room_need", room.id, "update", before or None, after or None)
        publish(session, actor, changes)
    return after


def room_needs_moved(session: Session, room, old_class: str | None) -> list[Change]:
    """A room given to another class takes its needs along: the new class's phones get
    them, the old class's phones drop them."""
    return [Change("room_need", rid, "put", room.class_id, left_class_id=old_class)
            for rid in session.execute(select(RoomNeed.id).where(
                RoomNeed.site_id == room.site_id, RoomNeed.room_id == room.id)).scalars()]


def adults_moved(session: Session, child) -> list[Change]:
    """A child moved to another class takes the adults who may pick it up along: the new
    class's phones get them, the old class's phones drop them."""
    changes = []
    for adult in session.execute(select(PickupAdult).where(
            PickupAdult.site_id == child.site_id, PickupAdult.child_id == child.id,
            PickupAdult.class_id != child.class_id)).scalars():
        changes.append(Change("pickup_adult", adult.id, "put", child.class_id,
                              left_class_id=adult.class_id))
        adult.class_id = child.class_id
    return changes


def drop_room_needs(session: Session, room) -> list[Change]:
    """A room deleted: its needs go with it."""
    rows = session.execute(select(RoomNeed).where(RoomNeed.site_id == room.site_id,
                                                  RoomNeed.room_id == room.id)).scalars().all()
    for row in rows:
        session.delete(row)
    session.flush()
    return [Change("room_need", row.id, "delete", room.class_id) for row in rows]
