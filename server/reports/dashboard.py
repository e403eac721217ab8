"""Today, for the admin and the health teacher: the three gates per class, abnormal
children and open follow-ups, disinfection due, overdue and below the minimum, zone checks
not done, hazards open and overdue, visitors on site, outbreak alerts, devices not syncing.

Every number comes with `records`: the drill-down list (server.reports.records) that
holds exactly the rows it counts, so the screen links each number to its records."""
from __future__ import annotations

import datetime as dt
from typing import Callable
from urllib.parse import urlencode

from sqlalchemy import func, select

from ..api.admin import device_rows
from ..api.hazards import zones_day
from ..api.health import day_view
from ..extensions import db
from ..models import Hazard, Site, Visitor
from ..rules.zones import OPEN
from ..school import is_school_day

# Pieces other areas add to the dashboard, each self-contained:
#   name → fn(site, day) -> {"n": int, "records": "<kind>?<query>", ...} or None (nothing
#   to show). Issue 11's "missed routine items" registers here with @piece("routines").
PIECES: dict[str, Callable[[Site, dt.date], dict | None]] = {}


def piece(name: str):
    def register(fn):
        PIECES[name] = fn
        return fn
    return register


def records(kind: str, **query) -> str:
    return f"{kind}?{urlencode({k: v for k, v in query.items() if v is not None})}"


def figure(n: int, kind: str, **query) -> dict:
    return {"n": n, "records": records(kind, **query)}


def _class_gates(view: dict, day: str, school_day: bool) -> list[dict]:
    rooms: dict[str, dict] = {}
    for r in view["disinfection"]:
        c = rooms.setdefault(r["class_id"], {"due": 0, "done": 0, "missing": 0, "below_minimum": 0})
        for k in c:
            c[k] += r[k]
    out = []
    for c in view["classes"]:
        row = {"id": c["id"], "name": c["name"]}
        for s in ("morning", "noon"):
            owed = c[s]["expected"] - c[s]["checked"] if school_day else 0  # closed: none owed
            row[s] = dict(c[s], missing=max(0, owed),
                          records=records("health_checks", date=day, class_id=c["id"], session=s),
                          missing_records=records("unchecked", date=day, class_id=c["id"], session=s))
        d = rooms.get(c["id"], {"due": 0, "done": 0, "missing": 0, "below_minimum": 0})
        row["disinfection"] = dict(d, done_all=d["missing"] == 0,
                                   records=records("disinfections", date=day, class_id=c["id"]),
                                   missing_records=records("disinfection_due", date=day,
                                                           class_id=c["id"], state="missing"))
        out.append(row)
    return out


def dashboard(site: Site, day: dt.date, today: dt.date) -> dict:
    view = day_view(site, day)
    d = day.isoformat()
    dis = view["disinfection"]  # nothing due on a day the school is closed
    school_day = is_school_day(db.session, site.id, day)
    zones = zones_day(day) if school_day else []  # nor any zone check
    open_hazards = db.session.execute(select(
        func.count(), func.count().filter(Hazard.status.in_(("reported", "assigned"))
                                          & (Hazard.deadline < today)))
        .where(Hazard.site_id == site.id, Hazard.status.in_(OPEN))).one()
    visitors = dict(db.session.execute(select(Visitor.status, func.count()).where(
        Visitor.site_id == site.id, Visitor.status.in_(("entered", "waiting")))
        .group_by(Visitor.status)).all())
    figures = {
        # Children, as the tile and the health view count them: one unwell at the morning
        # and at the noon check is one child (its records, both checks).
        "abnormal": figure(len({a["child_id"] for a in view["abnormal"]}), "health_checks",
                           date=d, abnormal=1),
        # A past day's: those open that day (the health view's own list).
        "followups_open": figure(len(view["followups"]), "followups",
                                 **({"status": "open"} if day >= today else {"open_on": d})),
        "disinfection_missing": figure(sum(r["missing"] > 0 for r in dis), "disinfection_due",
                                       date=d, state="missing"),
        "disinfection_overdue": figure(sum(bool(r["overdue"]) for r in dis), "disinfection_due",
                                       date=d, state="overdue"),
        "disinfection_below": figure(sum(r["below_minimum"] for r in dis), "disinfections",
                                     date=d, below_minimum=1),
        "zones_missing": figure(sum(z[k] is None for z in zones for k in ("opening", "closing")),
                                "zones_missing", date=d),
        "hazards_open": figure(open_hazards[0], "hazards", state="open"),
        "hazards_overdue": figure(open_hazards[1], "hazards", state="overdue"),
        "visitors_on_site": figure(visitors.get("entered", 0), "visitors", on_site=1),
        "visitors_waiting": figure(visitors.get("waiting", 0), "visitors", status="waiting"),
        "outbreak_alerts": figure(len(view.get("outbreak_alerts", [])), "outbreak_alerts",
                                  status="open"),
    }
    flagged = [r for r in device_rows() if r["flags"]]
    figures["devices_not_syncing"] = figure(len(flagged), "devices", flagged=1)
    attendance = dict(view["attendance"], records=records("health_checks", date=d,
                                                          session="morning"))
    return {"date": d, "school_day": school_day,
            "classes": _class_gates(view, d, school_day), "attendance": attendance, "figures": figures,
            "abnormal": view["abnormal"], "followups": view["followups"],
            "outbreak_alerts": view.get("outbreak_alerts", []),
            "pieces": {name: fn(site, day) for name, fn in PIECES.items()}}
