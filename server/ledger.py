"""The hazard ledger (隐患台账): every hazard of a site with its whole history, overdue ones
flagged, read in one pass.

A school keeps thousands of hazards, and most of the ledger's time went to turning each
value into a Python object and back into text. So the rows are read without SQLAlchemy's
per-value result processing: a time comes as the driver hands it (SQLite: the stored text,
PostgreSQL: a datetime) and is written as RFC 3339 once; a JSON column that the driver
hands as text goes out as that text (orjson.Fragment), never parsed. The answer is the
same JSON as the ORM's rows dumped one by one.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import orjson
from sqlalchemy import JSON, Date, String, select, type_coerce

from sync.models import UTCDateTime

from .models import Hazard, HazardAction
from .rules.zones import OPEN


def _rfc3339(v):
    """A UTC time as the ORM would dump it. SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff'
    (SQLAlchemy's storage format) and datetime.isoformat() drops zero microseconds."""
    if v is None:
        return None
    if isinstance(v, str):
        if len(v) == 26 and v[10] == " ":
            tail = v[11:19] if v.endswith(".000000") else v[11:]
            return f"{v[:10]}T{tail}+00:00"
        v = dt.datetime.fromisoformat(v)
        v = v if v.tzinfo else v.replace(tzinfo=dt.timezone.utc)
    return v.isoformat()


def _date(v):
    return v if v is None or isinstance(v, str) else v.isoformat()


def _json(v):
    return orjson.Fragment(v) if isinstance(v, str) else v


def _plain(table, exclude=("site_id",)):
    """The table's columns selected as the driver gives them, their names, and the
    (name, converter) of each column that needs one."""
    columns, convert = [], []
    for c in table.columns:
        if c.name in exclude:
            continue
        kind = (_rfc3339 if isinstance(c.type, UTCDateTime) else _date if isinstance(c.type, Date)
                else _json if isinstance(c.type, JSON) else None)
        columns.append(type_coerce(c, String).label(c.name) if kind else c)
        if kind:
            convert.append((c.name, kind))
    return columns, tuple(c.name for c in columns), convert


HAZARD = _plain(Hazard.__table__)
ACTION = _plain(HazardAction.__table__)


def _rows(session, query, names, convert) -> list[dict]:
    # Core, not the ORM's execute: no ORM result layer between the driver and the dicts
    # (all at once: iterating the result fetched row by row, through SQLAlchemy's layers)
    rows = [dict(zip(names, row)) for row in session.connection().execute(query).all()]
    for name, f in convert:
        for row in rows:
            row[name] = f(row[name])
    return rows


def ledger(session, site_id: str, today: dt.date, status: str | None = None) -> list[dict]:
    """Every hazard (newest reported first) with `overdue` and its `history` (its steps in
    the order they happened). Two queries, each walking an index in the order wanted."""
    columns, names, convert = ACTION
    steps = defaultdict(list)
    for a in _rows(session, select(*columns).where(HazardAction.site_id == site_id)
                   .order_by(HazardAction.at), names, convert):
        steps[a["hazard_id"]].append(a)
    columns, names, convert = HAZARD
    q = select(*columns).where(Hazard.site_id == site_id)
    if status == "open":
        q = q.where(Hazard.status.in_(OPEN))
    elif status:
        q = q.where(Hazard.status == status)
    day = today.isoformat()
    out = []
    for h in _rows(session, q.order_by(Hazard.reported_at.desc()), names, convert):
        h["overdue"] = bool(h["status"] in ("reported", "assigned") and h["deadline"]
                            and h["deadline"] < day)
        h["history"] = steps.get(h["id"], [])
        out.append(h)
    return out
