"""Creating a school's master data. Each function takes the session first, adds rows and
returns the feed changes the caller records (sync.record_changes) in the same transaction."""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icu
from sqlalchemy import select
from sqlalchemy.orm import Session

from sync import Change
from sync.engine import utcnow
from sync.models import SiteSeq

from .auth import hash_password
from .models import (ROLES, Child, GateTime, Room, SchoolClass, SchoolDay, Site, StaffAbsence,
                     User, UserClass, Zone)


class SetupError(ValueError):
    """The school data given is not valid."""


def check_timezone(name: str) -> str:
    """The time zone name if it is one (IANA, as 'Asia/Shanghai'), else SetupError: every
    school day, gate time and report is read on the school's clock, so a misspelt zone
    would fail each pull later. ZoneInfo refuses a bad name in several ways ('Asia' is a
    folder of the database: IsADirectoryError)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise SetupError(f"unknown time zone {name!r}") from None
    return name


def create_site(session: Session, slug: str, name: str,
                timezone: str = "Asia/Shanghai") -> tuple[Site, list[Change]]:
    """The school, its change counter, and the school itself in the feed: phones read its
    name, time zone and resolved disinfection rules from the pulled `site` record."""
    check_timezone(timezone)
    site = Site(slug=slug.strip().lower(), name=name, timezone=timezone, created_at=utcnow())
    session.add(site)
    session.flush()
    session.add(SiteSeq(site_id=site.id, last=0, floor=0))
    return site, [Change("site", site.id)]


USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")  # whole (fullmatch): "ab\n" is not one


def username_problem(username: str) -> str | None:
    """Why this is not a user name (None: it is). People type it on a phone's sign-in
    screen, so it is plain ASCII: no Chinese, no spaces."""
    return None if USERNAME.fullmatch(username) else "letters, digits, _ . - (2 to 64)"


def add_user(session: Session, site: Site, username: str, name: str, role: str,
             password: str, class_ids=()) -> tuple[User, list[Change]]:
    if role not in ROLES:
        raise SetupError(f"role must be one of {', '.join(ROLES)}")
    if username_problem(username):
        raise SetupError(f"user name {username!r}: {username_problem(username)}")
    user = User(site_id=site.id, username=username, name=name, role=role,
                password_hash=hash_password(password), active=True)
    session.add(user)
    session.flush()
    for cid in class_ids:
        session.add(UserClass(user_id=user.id, class_id=cid, site_id=site.id))
    return user, [Change("user", user.id)]


def add_class(session: Session, site: Site, name: str, grade: str) -> tuple[SchoolClass, list[Change]]:
    c = SchoolClass(site_id=site.id, name=name, grade=grade, active=True)
    session.add(c)
    session.flush()
    return c, [Change("class", c.id, class_id=c.id)]


def add_child(session: Session, site: Site, class_id: str, name: str, gender: str | None,
              birthday: dt.date | None) -> tuple[Child, list[Change]]:
    child = Child(site_id=site.id, class_id=class_id, name=name, gender=gender,
                  birthday=birthday, active=True)
    session.add(child)
    session.flush()
    return child, [Change("child", child.id, class_id=class_id)]


def add_room(session: Session, site: Site, name: str, class_id: str | None = None,
             volume_m3: float | None = None) -> tuple[Room, list[Change]]:
    room = Room(site_id=site.id, name=name, class_id=class_id, volume_m3=volume_m3)
    session.add(room)
    session.flush()
    return room, [Change("room", room.id, class_id=class_id)]


def add_zone(session: Session, site: Site, name: str, kind: str,
             responsible_id: str | None = None) -> tuple[Zone, list[Change]]:
    zone = Zone(site_id=site.id, name=name, kind=kind, responsible_id=responsible_id)
    session.add(zone)
    session.flush()
    return zone, [Change("zone", zone.id)]


# -- the order of classes ----------------------------------------------------------------

GRADES = ("small", "middle", "large")
_DIGITS = "〇零一二三四五六七八九"
_NUMBER = re.compile(r"[〇零一二三四五六七八九十]+|[0-9]+")


def read_numeral(run: str) -> int:
    """'十一' → 11, '二十' → 20, '二〇' → 20, '12' → 12."""
    if run.isascii():
        return int(run)
    ten = run.find("十")
    if ten < 0:
        n = 0
        for ch in run:
            n = n * 10 + max(0, _DIGITS.index(ch) - 1)
        return n
    tens = 1 if ten == 0 else read_numeral(run[:ten])
    ones = run[ten + 1:]
    return tens * 10 + (read_numeral(ones) if ones else 0)


def class_order(c) -> tuple[int, bytes]:
    """The sort key of a class (anything with grade and name) in the order a kindergarten
    lists them: by grade (小班, 中班, 大班), then by name with its numbers read as numbers,
    Chinese or not (小二班 before 小十班), the rest as names sort (name_key: 小苹果班
    before 小星星班). pwa/classes.js's byClass is the same, so the phone and the reports
    list classes alike."""
    grade = GRADES.index(c.grade) if c.grade in GRADES else len(GRADES)
    name = _NUMBER.sub(lambda m: f"{read_numeral(m.group(0)):08d}", c.name or "")
    return grade, name_key(name)


# -- the order of names ------------------------------------------------------------------

# ICU's collation for Chinese as spoken in China: the one the phone's browser uses.
_NAMES = icu.Collator.createInstance(icu.Locale("zh_CN"))


def name_key(name: str | None) -> bytes:
    """The sort key of a name (a room, a zone, a class's; a person's is person_key's) in
    the order people look names up: by pinyin, 邓 before 冯 before 郭, where the code
    points would put 冯 first and 邓 last. It is the order of the phone's Intl.Collator('zh-CN') (pwa/
    classes.js byName; both are ICU's Chinese collation), so a class's roster reads the
    same on the phone and on the printed forms."""
    return _NAMES.getSortKey(name or "")


# Surnames whose reading is not their character's usual one (曾 is Zēng as a surname, and
# céng otherwise): a person's name starting with one sorts as if written with a character
# of the surname's reading, so 曾 comes under Z as in any roster. pwa/classes.js has the
# same table (SURNAMES).
SURNAMES = {"曾": "增", "单": "善", "解": "谢", "区": "欧", "仇": "求", "查": "渣", "覃": "秦",
            "翟": "宅", "种": "虫", "召": "绍", "折": "舌", "句": "勾", "秘": "必", "繁": "婆",
            "尉迟": "玉迟", "万俟": "莫其"}


def person_key(name: str | None) -> tuple[bytes, bytes]:
    """name_key for a person's name, its surname read as a surname (SURNAMES)."""
    name = name or ""
    read = SURNAMES.get(name[:2])
    if read:
        return name_key(read + name[2:]), name_key(name)
    read = SURNAMES.get(name[:1])
    return name_key(read + name[1:] if read else name), name_key(name)


def by_name(rows: Iterable) -> list:
    """Rows (anything with a name and an id) in the order of their names (name_key)."""
    return sorted(rows, key=lambda r: (name_key(r.name), r.id))


def by_person(rows: Iterable) -> list:
    """People (anything with a name and an id) in the order of their names (person_key)."""
    return sorted(rows, key=lambda r: (person_key(r.name), r.id))


# -- the calendar and days off -----------------------------------------------------------

def school_days(session: Session, site_id: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """The working days from start to end (both included): Monday to Friday, less the
    calendar's holidays, plus its make-up workdays (调休上班, often a Saturday)."""
    special = dict(session.execute(select(SchoolDay.date, SchoolDay.kind).where(
        SchoolDay.site_id == site_id, SchoolDay.date >= start, SchoolDay.date <= end)).all())
    out, day = [], start
    while day <= end:
        if special.get(day, "workday" if day.weekday() < 5 else "holiday") == "workday":
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def is_school_day(session: Session, site_id: str, day: dt.date) -> bool:
    return bool(school_days(session, site_id, day, day))


def timetable_weekday(day: dt.date, kind: str | None, weekdays: set[int]) -> int | None:
    """The weekday (0 Monday) whose gate times `day` keeps, `kind` being its calendar
    entry's ('holiday', 'workday' or None) and `weekdays` those that have times: none on
    a holiday; on a make-up workday (调休上班, a Saturday or Sunday the calendar opens)
    its own weekday's if the school set any, else the first weekday's that has times
    (Monday's, at most schools); any other day its own. pwa/calendar.js's
    timetableWeekday is the same (tests/vectors/timetable.json)."""
    own = day.weekday()
    if kind == "holiday":
        return None
    if kind == "workday" and own not in weekdays:
        return next((d for d in range(5) if d in weekdays), own)
    return own


def gate_times_on(session: Session, site_id: str, day: dt.date,
                  kind: str | None = None) -> list[GateTime]:
    """The school's gate times on `day` (of `kind`, open or close, if given), as the
    calendar has them, in the order of the day. The weekday they are taken from is
    chosen by all of them, whatever `kind`, as on the guard's screen."""
    times = session.execute(select(GateTime).where(GateTime.site_id == site_id)).scalars().all()
    entry = session.execute(select(SchoolDay.kind).where(
        SchoolDay.site_id == site_id, SchoolDay.date == day)).scalar()
    return times_on(times, day, entry, kind)


def times_on(times: list[GateTime], day: dt.date, entry: str | None,
             kind: str | None = None) -> list[GateTime]:
    """Of all the school's gate `times`, those `day` keeps (`entry`: its calendar kind, or
    None), of `kind` if given, in the order of the day."""
    weekday = timetable_weekday(day, entry, {t.weekday for t in times})
    return sorted((t for t in times if t.weekday == weekday and kind in (None, t.kind)),
                  key=lambda t: (t.at, t.kind))


def absences(session: Session, site_id: str, start: dt.date,
             end: dt.date) -> dict[str, set[dt.date]]:
    """user id → the days from start to end (both included) they are recorded away."""
    out: dict[str, set[dt.date]] = {}
    for user_id, a, b in session.execute(select(
            StaffAbsence.user_id, StaffAbsence.date_from, StaffAbsence.date_to).where(
            StaffAbsence.site_id == site_id, StaffAbsence.date_from <= end,
            StaffAbsence.date_to >= start)).all():
        day = max(a, start)
        while day <= min(b, end):
            out.setdefault(user_id, set()).add(day)
            day += dt.timedelta(days=1)
    return out


def absent_user_ids(session: Session, site_id: str, day: dt.date) -> set[str]:
    """Who is away on that day (a day off, leave, training): not a miss of theirs."""
    return set(absences(session, site_id, day, day))
