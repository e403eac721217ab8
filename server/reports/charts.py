"""The figures behind the charts: attendance and abnormal checks per school day, each
class's disinfection done of due, hazards opened and closed per month. All counted by
the database from the records; a period without records says so (`empty`)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .. import school
from ..models import Disinfection, Hazard, HazardAction, HealthCheck, ZoneCheck
from .filters import Ask
from .scorecard import class_results, rate, units


def has_records(session: Session, site_id: str, start: dt.date, end: dt.date) -> bool:
    """Any check, disinfection, zone check or hazard step in the period at all."""
    for model, col in ((HealthCheck, HealthCheck.date), (Disinfection, Disinfection.date),
                       (ZoneCheck, ZoneCheck.date)):
        if session.execute(select(model.id).where(model.site_id == site_id,
                                                  col.between(start, end)).limit(1)).first():
            return True
    lo = dt.datetime.combine(start, dt.time(), dt.timezone.utc) - dt.timedelta(days=1)
    hi = dt.datetime.combine(end, dt.time(), dt.timezone.utc) + dt.timedelta(days=2)
    return session.execute(select(HazardAction.id).where(
        HazardAction.site_id == site_id, HazardAction.at.between(lo, hi)).limit(1)).first() is not None


def attendance(session: Session, a: Ask) -> list[dict]:
    """Per school day: children expected at the morning check (checked), present, the rate
    to one decimal, and abnormal checks (morning and noon, or absent for illness)."""
    hc = HealthCheck
    scope = hc.class_id.in_(sorted(a.class_ids)) if a.class_ids is not None else True
    days = school.school_days(session, a.site.id, a.start, a.end)
    morning = defaultdict(lambda: [0, 0])
    for d, status, n in session.execute(select(hc.date, hc.status, func.count()).where(
            hc.site_id == a.site.id, hc.session == "morning", hc.date.between(a.start, a.end),
            scope).group_by(hc.date, hc.status)):
        morning[d][1] += n
        morning[d][0] += n if status != "absent" else 0
    abnormal = dict(session.execute(select(hc.date, func.count()).where(
        hc.site_id == a.site.id, hc.date.between(a.start, a.end), scope,
        or_(hc.status == "abnormal", hc.absence_reason == "ill")).group_by(hc.date)).all())
    return [{"date": d.isoformat(), "checked": morning[d][1], "present": morning[d][0],
             "rate": rate(*morning[d]), "abnormal": abnormal.get(d, 0)}
            for d in days if d in morning or d in abnormal]


def hazards_by_month(session: Session, a: Ask) -> list[dict]:
    """Hazards reported and closed (verified) per month of the period."""
    zone, opened, closed = ZoneInfo(a.site.timezone), defaultdict(int), defaultdict(int)
    for at, in session.execute(select(Hazard.reported_at).where(Hazard.site_id == a.site.id)):
        opened[at.astimezone(zone).strftime("%Y-%m")] += 1
    for at, in session.execute(select(Hazard.verified_at).where(
            Hazard.site_id == a.site.id, Hazard.status == "verified")):
        closed[at.astimezone(zone).strftime("%Y-%m")] += 1
    months, m = [], a.start.replace(day=1)
    while m <= a.end:
        months.append(m.strftime("%Y-%m"))
        m = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return [{"month": k, "opened": opened[k], "closed": closed[k]} for k in months]


def charts(session: Session, a: Ask) -> dict:
    last = min(a.end, a.today - dt.timedelta(days=1))
    owed = units(session, a.site, a.start, last) if last >= a.start else []
    classes = [c for c in class_results(session, a.site, a.start, last, owed)
               if a.class_ids is None or c["class_id"] in a.class_ids] if last >= a.start else []
    return {"from": a.start.isoformat(), "to": a.end.isoformat(),
            "empty": not has_records(session, a.site.id, a.start, a.end),
            "attendance": attendance(session, a),
            "disinfection": [{"class_id": c["class_id"], "class": c["class"],
                              "due": c["disinfection_due"], "done": c["disinfection_done"],
                              "rate": c["disinfection_rate"]} for c in classes],
            "hazards": hazards_by_month(session, a)}
