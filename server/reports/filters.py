"""What a report request asks for — the period, the class, the person — read once from
the query string and checked against what the signed-in user may see."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import g, request
from sqlalchemy import select

from ..errors import APIError
from ..extensions import db
from ..models import Child, SchoolClass, Site, User, Zone
from ..schemas import Day
from ..school import class_order

MAX_DAYS = 400  # a school year and a little: longer periods are refused, not ground through


def parse_day(raw: str, key: str) -> dt.date:
    """A day the request names (YYYY-MM-DD), one of the school's years (schemas.Day), or a
    422 that says why not: a day off them ran the reports' arithmetic off the calendar."""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise APIError(422, "validation_failed", f"{key} must be YYYY-MM-DD",
                       {key: ["not a date"]}) from None
    if not Day.FIRST <= day <= Day.LAST:
        raise APIError(422, "validation_failed", f"{key} must be a day from {Day.FIRST} to {Day.LAST}",
                       {key: ["not a school year"]})
    return day


def date_arg(key: str, default: dt.date | None = None) -> dt.date | None:
    """?key=YYYY-MM-DD, or `default` where it is not given."""
    raw = request.args.get(key)
    return parse_day(raw, key) if raw else default


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """YYYY-MM → the month's first and last day, or a 422 that says why not."""
    try:
        first = (dt.date.fromisoformat(f"{month}-01")
                 if re.fullmatch(r"\d{4}-\d\d", month or "") else None)
    except ValueError:
        first = None
    if first is None:
        raise APIError(422, "validation_failed", "month must be YYYY-MM",
                       {"month": ["missing" if not month else "not a month"]})
    if not Day.FIRST <= first <= Day.LAST:
        raise APIError(422, "validation_failed", "month must be a month from 2000-01 to 2099-12",
                       {"month": ["not a school year"]})
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def term_start(day: dt.date) -> dt.date:
    """The term a day is in: autumn from 1 September, spring from 1 March."""
    if day.month >= 9:
        return dt.date(day.year, 9, 1)
    if day.month >= 3:
        return dt.date(day.year, 3, 1)
    return dt.date(day.year - 1, 9, 1)


@dataclass
class Ask:
    site: Site
    today: dt.date
    start: dt.date
    end: dt.date
    class_ids: frozenset[str] | None   # None: every class (the admin, the health teacher)
    args: dict

    def arg(self, key: str) -> str | None:
        return self.args.get(key) or None

    def flag(self, key: str) -> bool:
        return self.args.get(key) in ("1", "true", "yes")

    def classes_in(self, wanted: set[str] | None = None) -> list[SchoolClass]:
        rows = sorted(db.session.execute(select(SchoolClass).where(
            SchoolClass.site_id == self.site.id)).scalars(), key=class_order)
        return [c for c in rows if (self.class_ids is None or c.id in self.class_ids)
                and (wanted is None or c.id in wanted)]


def ask(default: str = "today") -> Ask:
    """The period from ?date=, ?month=YYYY-MM or ?from=&to= (default today, or the term);
    the classes from ?class_id=, within the user's own for a caregiver (403 otherwise)."""
    site = db.session.get(Site, g.actor.site_id)
    today = dt.datetime.now(ZoneInfo(site.timezone)).date()
    day, start, end = date_arg("date"), date_arg("from"), date_arg("to")
    if day:
        start = end = day
    elif request.args.get("month"):
        start, end = month_bounds(request.args["month"])
    else:
        start = start or (term_start(today) if default == "term" else today)
        end = end or today
    if end < start:
        raise APIError(422, "validation_failed", "to must not be before from", {"to": ["before from"]})
    if (end - start).days > MAX_DAYS:
        raise APIError(422, "validation_failed", f"a period of at most {MAX_DAYS} days",
                       {"from": ["period too long"]})
    scope = g.actor.class_ids if g.actor.role == "caregiver" else None
    wanted = request.args.get("class_id")
    if wanted:
        if scope is not None and wanted not in scope:
            raise APIError(403, "forbidden", "a caregiver sees only her own classes")
        scope = frozenset({wanted})
    return Ask(site, today, start, end, scope, request.args.to_dict())


def names(site_id: str) -> dict[str, str]:
    """Ids of people, classes, children and zones → their names, for rows people read."""
    out = {}
    for model in (User, SchoolClass, Child, Zone):
        out.update(db.session.execute(select(model.id, model.name).where(
            model.site_id == site_id)).all())
    return out
