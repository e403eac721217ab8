"""Building a known set of records through the real write path (sync.apply_batch with the
server's handlers), dated where a test needs them."""
from __future__ import annotations

import datetime as dt
import itertools
import uuid

from sqlalchemy import select

from server.extensions import db
from server.models import Child, Room, SchoolClass
from server.mutations import registry
from sync import Batch, Mutation, apply_batch
from tests.conftest import actor_for

_n = itertools.count(1)


def write(app, username: str, mutations: list[tuple[str, dict]], at: dt.datetime | None = None):
    """Apply (name, args) pairs as `username` did them at `at`; every one must apply."""
    at = at or dt.datetime.now(dt.timezone.utc)
    with app.app_context():
        actor = actor_for(db.session, username)
        ms = int(at.timestamp() * 1000)
        muts = tuple(Mutation(str(uuid.uuid4()), name, f"{ms:015d}:{next(_n):05d}:{actor.client_id}",
                              at.isoformat(), args) for name, args in mutations)
        results = apply_batch(db.session, actor, Batch(actor.client_id, muts), registry)
        db.session.commit()
    bad = [r for r in results if r.status not in ("applied", "duplicate")]
    assert not bad, bad


def school(app, site_id: str) -> dict:
    """Class name → {"id", "children": [ids, by name], "room"} at one school."""
    with app.app_context():
        out = {}
        for c in db.session.execute(select(SchoolClass).where(
                SchoolClass.site_id == site_id)).scalars():
            kids = db.session.execute(select(Child.id).where(Child.class_id == c.id)
                                      .order_by(Child.name, Child.id)).scalars().all()
            room = db.session.execute(select(Room.id).where(Room.class_id == c.id)).scalar()
            out[c.name] = {"id": c.id, "children": kids, "room": room}
        return out


def checks(class_info: dict, day: dt.date, session: str = "morning", n: int | None = None,
           **special) -> list[tuple[str, dict]]:
    """Checks of the first `n` children (all by default), normal unless `special` maps a
    child's index to its args."""
    kids = class_info["children"][:n] if n is not None else class_info["children"]
    out = []
    for i, kid in enumerate(kids):
        args = {"child_id": kid, "date": day.isoformat(), "session": session, "status": "normal"}
        args.update(special.get(str(i), {}))
        out.append(("check.record", args))
    return out
