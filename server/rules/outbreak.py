"""The outbreak watch (school epidemic reporting standard).

In one class, 3 or more children with similar symptoms on one day, or 5 or more within
3 consecutive days, is a suspected cluster that the school must report within 24 hours.
Cases come from morning and noon checks (abnormal, with symptoms) and absences for illness.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

# Symptoms that point to the same kind of illness count together as "similar".
GROUPS = {
    "respiratory": {"fever", "cough", "sore_throat"},
    "hand_foot_mouth": {"hfm_blisters", "rash"},
    "gastro": {"diarrhoea", "vomiting"},
    "eye": {"red_eyes"},
    "mumps": {"swollen_glands"},
}
SAME_DAY, WITHIN_DAYS, DAYS = 3, 5, 3


@dataclass(frozen=True)
class Case:
    child_id: str
    class_id: str
    day: dt.date
    symptoms: frozenset[str]


@dataclass(frozen=True)
class Alert:
    class_id: str
    group: str
    rule: str              # "same_day" or "within_3_days"
    first_day: dt.date
    last_day: dt.date
    children: tuple[str, ...]

    @property
    def key(self) -> str:
        """One alert per class, group and start of the cluster, however often it is seen."""
        return f"{self.class_id}:{self.group}:{self.first_day.isoformat()}"


def groups_of(symptoms: Iterable[str]) -> set[str]:
    s = set(symptoms)
    return {g for g, members in GROUPS.items() if s & members}


def find(cases: Iterable[Case], day: dt.date) -> list[Alert]:
    """Clusters seen on `day`: the same-day rule on that day, the 3-day rule over the
    window ending on it. The same-day rule wins where both hold."""
    by: dict[tuple[str, str], dict[dt.date, set[str]]] = {}
    for c in cases:
        for g in groups_of(c.symptoms):
            by.setdefault((c.class_id, g), {}).setdefault(c.day, set()).add(c.child_id)
    alerts = []
    start = day - dt.timedelta(days=DAYS - 1)
    for (class_id, group), days in sorted(by.items()):
        today = days.get(day, set())
        if len(today) >= SAME_DAY:
            alerts.append(Alert(class_id, group, "same_day", day, day, tuple(sorted(today))))
            continue
        window = {d: kids for d, kids in days.items() if start <= d <= day}
        children = set().union(*window.values()) if window else set()
        if len(children) >= WITHIN_DAYS and today:
            alerts.append(Alert(class_id, group, "within_3_days", min(window), day,
                                tuple(sorted(children))))
    return alerts
