"""The weekly hygiene bulletin (周卫生通报), drafted from the week's records: each class's
morning and noon checks and its rooms' disinfection, ranked; what went well; what fell
short (checks missed, disinfection rounds missing or below the minimum, hazards past their
deadline), with the hazards' photos.

A class's score, out of 100, is computed, never typed:
    100 − 5 × check sessions missed − 2 × disinfection rounds missing − 3 × rounds below
    the minimum (never below 0).
A session is missed when fewer children were checked than are on the class's roster.
Only school days count (server.school.school_days), up to and including today.
Classes with the same score share a rank (1, 1, 3)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync import Actor, Change, record_changes

from ..api.health import disinfection_day
from ..models import (Bulletin, Child, Disinfection, Hazard, HealthCheck, Room, SchoolClass,
                      Site, Zone)
from ..mutations.checks import SESSIONS
from ..rules.zones import OPEN
from .. import school
from ..admin import audit
from . import labels

MISSED_CHECK, MISSING_ROUND, BELOW_MINIMUM = 5, 2, 3
MAX_PHOTOS = 6


def score(missed: int, missing: int, below: int) -> int:
    return max(0, 100 - MISSED_CHECK * missed - MISSING_ROUND * missing - BELOW_MINIMUM * below)


def ranked(classes: list[dict]) -> list[dict]:
    """Best score first, ties share a rank (standard competition ranking) and keep the
    order given (the school's order of classes)."""
    out = sorted(classes, key=lambda c: -c["score"])
    for i, c in enumerate(out):
        c["rank"] = out[i - 1]["rank"] if i and out[i - 1]["score"] == c["score"] else i + 1
    return out


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _checks(session: Session, site: Site, open_days: list[dt.date], classes) -> dict:
    """Per class: the sessions missed, each with how many were checked of how many."""
    expected = dict(session.execute(select(Child.class_id, func.count()).where(
        Child.site_id == site.id, Child.active.is_(True)).group_by(Child.class_id)).all())
    counts = {(r.class_id, r.date, r.session): r.n for r in session.execute(select(
        HealthCheck.class_id, HealthCheck.date, HealthCheck.session, func.count().label("n"))
        .where(HealthCheck.site_id == site.id, HealthCheck.date.in_(open_days))
        .group_by(HealthCheck.class_id, HealthCheck.date, HealthCheck.session))} if open_days else {}
    out = {}
    for c in classes:
        need = expected.get(c.id, 0)
        missed = [{"date": d.isoformat(), "session": s, "checked": counts.get((c.id, d, s), 0),
                   "expected": need}
                  for d in open_days for s in SESSIONS if counts.get((c.id, d, s), 0) < need]
        out[c.id] = {"due": len(open_days) * len(SESSIONS) if need else 0, "missed": missed,
                     "records": sum(v for (cid, _, _), v in counts.items() if cid == c.id)}
    return out


def _disinfections(session: Session, site: Site, open_days: list[dt.date], first: dt.date,
                   last: dt.date, class_ids: set[str]) -> tuple[dict, dict]:
    """Per class: rounds missing (day by day, as the health view counts them) and the
    rounds below the minimum, each with its room, item and amount."""
    missing = defaultdict(list)
    for d in open_days:
        for row in disinfection_day(site, d, class_ids):
            if row["class_id"] in class_ids and row["missing"]:
                missing[row["class_id"]].append({"date": d.isoformat(), "room": row["room"],
                                                 "item": row["item"], "missing": row["missing"]})
    rooms = {r.id: r for r in session.execute(select(Room).where(Room.site_id == site.id)).scalars()}
    below, total = defaultdict(list), defaultdict(int)
    for r in session.execute(select(Disinfection).where(
            Disinfection.site_id == site.id, Disinfection.date >= first,
            Disinfection.date <= last).order_by(Disinfection.date)).scalars():
        cid = r.class_id or (rooms[r.room_id].class_id if r.room_id in rooms else None)
        total[cid] += 1
        if r.below_minimum:
            below[cid].append({"date": r.date.isoformat(), "room": rooms[r.room_id].name,
                               "item": r.item, "method": r.method, "amount": r.amount,
                               "unit": r.unit})
    return missing, {"below": below, "total": total}


def _hazards(session: Session, site: Site, first: dt.date, last: dt.date) -> dict:
    tz = ZoneInfo(site.timezone)
    zones = dict(session.execute(select(Zone.id, Zone.name).where(Zone.site_id == site.id)).all())
    overdue, fixed, found = [], [], 0
    for h in session.execute(select(Hazard).where(Hazard.site_id == site.id)
                             .order_by(Hazard.reported_at)).scalars():
        reported = h.reported_at.astimezone(tz).date()
        found += first <= reported <= last
        row = {"id": h.id, "what": h.what, "zone": zones.get(h.zone_id), "severity": h.severity,
               "deadline": h.deadline and h.deadline.isoformat(), "photos": h.photos or []}
        if h.status in OPEN and h.status != "fixed" and h.deadline and h.deadline < last:
            overdue.append(row)
        elif h.verified_at and first <= h.verified_at.astimezone(tz).date() <= last:
            fixed.append(dict(row, photos=(h.fix_photos or []) + (h.photos or [])))
    return {"overdue": overdue, "fixed": fixed, "found": found}


def draft(session: Session, site: Site, monday: dt.date, today: dt.date) -> dict:
    """The week's figures, as plain JSON-ready values."""
    sunday = monday + dt.timedelta(days=6)
    through = min(sunday, today)
    open_days = school.school_days(session, site.id, monday, through) if through >= monday else []
    classes = session.execute(select(SchoolClass).where(
        SchoolClass.site_id == site.id, SchoolClass.active.is_(True))).scalars().all()
    class_ids = {c.id for c in classes}
    checks = _checks(session, site, open_days, classes)
    missing, disinfected = _disinfections(session, site, open_days, monday, through, class_ids)
    hazards = _hazards(session, site, monday, through)
    rows = []
    for c in sorted(classes, key=school.class_order):
        ch = checks[c.id]
        n_missing = sum(m["missing"] for m in missing[c.id])
        below = disinfected["below"][c.id]
        rows.append({"class_id": c.id, "name": c.name, "sessions_due": ch["due"],
                     "sessions_missed": len(ch["missed"]),
                     "check_rate": round(100 * (ch["due"] - len(ch["missed"])) / ch["due"], 1)
                     if ch["due"] else None,
                     "rounds_done": disinfected["total"][c.id], "rounds_missing": n_missing,
                     "below_minimum": len(below),
                     "score": score(len(ch["missed"]), n_missing, len(below)),
                     "missed": ch["missed"], "missing_rounds": missing[c.id],
                     "below": below})
    n_records = (sum(ch["records"] for ch in checks.values())
                 + sum(disinfected["total"].values()) + hazards["found"])
    photos = []
    for h in hazards["overdue"] + hazards["fixed"]:
        photos += [p for p in h["photos"] if p not in photos]
    return {"week": monday.isoformat(), "through": through.isoformat(),
            "school_days": len(open_days), "empty": n_records == 0,
            "classes": ranked(rows) if n_records else [],
            "hazards_overdue": hazards["overdue"], "hazards_fixed": hazards["fixed"],
            "photos": photos[:MAX_PHOTOS]}


def _d(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.month}月{d.day}日"


def wording(content: dict) -> tuple[str, str]:
    """A first wording of the figures, in Chinese, for the admin to edit."""
    monday = dt.date.fromisoformat(content["week"])
    title = f"{monday.year}年第{monday.isocalendar()[1]}周卫生检查通报"
    period = f"{_d(content['week'])}—{_d((monday + dt.timedelta(days=6)).isoformat())}"
    if content["empty"]:
        return title, f"本周（{period}）没有检查记录。"
    lines = [f"本周（{period}）共 {content['school_days']} 个在园日。", "", "一、班级排名"]
    for c in content["classes"]:
        rate = "—" if c["check_rate"] is None else f"{c['check_rate']:g}%"
        lines.append(f"{c['rank']}. {c['name']}　{c['score']} 分（晨午检完成率 {rate}，"
                     f"消毒 {c['rounds_done']} 次）")
    lines += ["", "二、做得好的"]
    good = [f"{c['name']}晨午检全部完成，消毒全部达标。" for c in content["classes"]
            if c["score"] == 100 and c["sessions_due"]]
    good += [f"{h['zone'] or ''}{h['what']}：已整改并复查合格。" for h in content["hazards_fixed"]]
    lines += good or ["（无）"]
    lines += ["", "三、不足"]
    bad = []
    for c in content["classes"]:
        for m in c["missed"]:
            bad.append(f"{c['name']} {_d(m['date'])}{labels.SESSION[m['session']]}"
                       f"未完成（{m['checked']}/{m['expected']}）。")
        for m in c["missing_rounds"]:
            bad.append(f"{m['room']} {_d(m['date'])}{labels.ITEM.get(m['item'], m['item'])}"
                       f"消毒少 {m['missing']} 次。")
        for b in c["below"]:
            amount = "" if b["amount"] is None else f" {b['amount']:g}{b['unit'] or ''}"
            bad.append(f"{b['room']} {_d(b['date'])}{labels.ITEM.get(b['item'], b['item'])}"
                       f"消毒低于标准（{labels.METHOD.get(b['method'], b['method'])}{amount}）。")
    for h in content["hazards_overdue"]:
        bad.append(f"隐患逾期未整改：{h['zone'] or ''}{h['what']}（期限 {h['deadline']}）。")
    lines += bad or ["（无）"]
    return title, "\n".join(lines)


class Published(Exception):
    """A published bulletin is not drafted again or changed."""


def draft_week(session: Session, site: Site, monday: dt.date, today: dt.date, actor: Actor,
               now: dt.datetime) -> Bulletin:
    """Draft (or draft again) the bulletin of the week of `monday` from its records, as
    `actor` (the admin) at `now`; the caller commits."""
    content = draft(session, site, monday, today)
    title, text = wording(content)
    b = session.execute(select(Bulletin).where(
        Bulletin.site_id == site.id, Bulletin.week == monday)).scalar()
    if b is None:
        b = Bulletin(site_id=site.id, week=monday, status="draft", drafted_at=now)
        session.add(b)
    if b.status == "published":
        raise Published(monday.isoformat())
    b.title, b.text, b.content, b.photos = title, text, content, content["photos"]
    b.drafted_by, b.updated_at = actor.user_id, now
    session.flush()
    audit(session, actor, "bulletin", b.id, "draft", None, {"week": monday.isoformat()}, now)
    return b


def publish_week(session: Session, b: Bulletin, actor: Actor, now: dt.datetime) -> None:
    """Publish a draft: every member of staff gets it on the next pull."""
    if b.status == "published":
        raise Published(b.week.isoformat())
    b.status, b.published_by, b.published_at = "published", actor.user_id, now
    b.updated_at = now
    record_changes(session, b.site_id, [Change("bulletin", b.id, "put", None, b.week)])
    audit(session, actor, "bulletin", b.id, "publish", None, {"week": b.week.isoformat()}, now)
