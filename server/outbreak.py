"""Runs the outbreak rule (server.rules.outbreak) over what has synced, and keeps the
alerts: one per class, symptom group and cluster start, with its 24-hour deadline."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync import Change
from sync.ids import natural_id

from .models import HealthCheck, OutbreakAlert
from .rules.outbreak import DAYS, Case, find

REPORT_WITHIN = dt.timedelta(hours=24)


def cases(session: Session, site_id: str, class_ids: Iterable[str], first: dt.date,
          last: dt.date) -> list[Case]:
    """Abnormal checks with symptoms and absences for illness, per child and day."""
    rows = session.execute(select(
        HealthCheck.child_id, HealthCheck.class_id, HealthCheck.date, HealthCheck.symptoms)
        .where(HealthCheck.site_id == site_id, HealthCheck.class_id.in_(sorted(class_ids)),
               HealthCheck.date.between(first, last),
               (HealthCheck.status == "abnormal") | (HealthCheck.absence_reason == "ill")))
    return [Case(r.child_id, r.class_id, r.date, frozenset(r.symptoms or ())) for r in rows]


def evaluate(session: Session, site_id: str, touched: set[tuple[str, dt.date]],
             now: dt.datetime) -> list[Change]:
    """Re-run the rule for every day whose windows include a touched (class, day)."""
    if not touched:
        return []
    days = sorted({d + dt.timedelta(days=k) for _, d in touched for k in range(DAYS)})
    classes = {c for c, _ in touched}
    pool = cases(session, site_id, classes, days[0] - dt.timedelta(days=DAYS - 1), days[-1])
    changes = []
    for day in days:
        for alert in find(pool, day):
            changes += _keep(session, site_id, alert, now)
    return changes


def _keep(session, site_id, alert, now) -> list[Change]:
    """Grow the alert this cluster continues (same class and group, days overlapping or
    adjacent), or raise a new one."""
    row = session.execute(select(OutbreakAlert).where(
        OutbreakAlert.site_id == site_id, OutbreakAlert.class_id == alert.class_id,
        OutbreakAlert.group == alert.group,
        OutbreakAlert.last_day >= alert.first_day - dt.timedelta(days=1),
        OutbreakAlert.first_day <= alert.last_day).order_by(OutbreakAlert.first_day)).scalar()
    if row is None:
        aid = natural_id(site_id, "outbreak_alert", alert.key)
        row = OutbreakAlert(id=aid, site_id=site_id, class_id=alert.class_id, group=alert.group,
                            first_day=alert.first_day, raised_at=now,
                            report_due=now + REPORT_WITHIN, status="open", children=[],
                            rule=alert.rule, last_day=alert.last_day)
        session.add(row)
    aid = row.id
    children = sorted(set(row.children) | set(alert.children))
    if row.children == children and row.last_day >= alert.last_day:
        return []
    row.children, row.last_day = children, max(row.last_day, alert.last_day)
    if alert.rule == "same_day":
        row.rule = "same_day"
    return [Change("outbreak_alert", aid, "put", alert.class_id, row.first_day)]
