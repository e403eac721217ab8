"""The records behind every number of the reports: one list per kind, filtered as the
number was counted (period, class, session, state, person), scoped to what the user may
see. Each kind: the roles that may read it, its rows, and its columns for the files."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo
from typing import Callable

from flask import g
from sqlalchemy import or_, select

from ..api.admin import DEVICE_COLUMNS, device_rows
from ..api.gate import VISITOR_COLUMNS
from ..api.hazards import CSV_COLUMNS as HAZARD_COLUMNS, ledger_rows, zones_day
from ..api.health import disinfection_day, followups_on
from ..exports import coded
from ..extensions import db
from ..feed import ENTITIES
from ..gate import OFF_SCHEDULE, blocked_pickups as blocked_rows, slots_between
from ..models import (Child, Disinfection, FollowUp, GateEvent, HealthCheck, OutbreakAlert,
                      Pickup, Room, Visitor, Zone, ZoneCheck)
from ..printouts import labels
from ..routines import day_rows
from ..school import by_person, name_key, person_key, school_days
from ..rules.zones import OPEN
from .filters import Ask, date_arg, names

HEALTH_ROLES = ("admin", "health", "caregiver")
GATE_ROLES = ("admin", "health", "guard")


def _iso(v):
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def _in_classes(column, a: Ask):
    return column.in_(sorted(a.class_ids)) if a.class_ids is not None else True


def by_place(rows, names: dict, place: str) -> list:
    """Records of days (newest first, as queried) with each day's places (rooms, zones) by
    name (name_key), the records of a place in the order they were queried."""
    rows = list(rows)
    key = {i: name_key(names.get(i)) for i in {getattr(r, place) for r in rows}}
    return sorted(rows, key=lambda r: (-r.date.toordinal(), key[getattr(r, place)],
                                       getattr(r, place)))


def in_school_order(a: Ask, n: dict, rows: list) -> Callable:
    """A sort key for records of children (`class_id`, `child_id`): their class in the
    school's order (class_order), then the child by name (person_key), as the forms
    list them."""
    rank = {c.id: i for i, c in enumerate(a.classes_in())}
    kid = {cid: person_key(n.get(cid)) for cid in {r.child_id for r in rows}}
    return lambda r: (rank.get(r.class_id, len(rank)), kid[r.child_id])


def health_checks(a: Ask) -> list[dict]:
    hc, n = HealthCheck, names(a.site.id)
    q = select(hc).where(hc.site_id == a.site.id, hc.date.between(a.start, a.end),
                         _in_classes(hc.class_id, a))
    if a.arg("session"):
        q = q.where(hc.session == a.arg("session"))
    if a.arg("status"):
        q = q.where(hc.status == a.arg("status"))
    if a.flag("abnormal"):  # what the dashboard counts as abnormal: ill, or absent for illness
        q = q.where(or_(hc.status == "abnormal", hc.absence_reason == "ill"))
    if a.arg("recorded_by"):
        q = q.where(hc.recorded_by == a.arg("recorded_by"))
    if a.flag("school_days"):  # what the scorecard's attendance counts: no check on a holiday
        q = q.where(hc.date.in_(school_days(db.session, a.site.id, a.start, a.end)))
    rows = list(db.session.execute(q.order_by(hc.date.desc(), hc.session, hc.device_time))
                .scalars())
    # Each day's session class by class in the school's order, each class's children by
    # name (as on the forms), a child's checks in the order they were recorded.
    place = in_school_order(a, n, rows)
    rows.sort(key=lambda c: (-c.date.toordinal(), c.session, *place(c)))
    return [{"id": c.id, "date": c.date.isoformat(), "session": c.session,
             "class_id": c.class_id, "class": n.get(c.class_id), "child_id": c.child_id,
             "child": n.get(c.child_id), "status": c.status, "temperature": c.temperature,
             "symptoms": c.symptoms or [], "action": c.action,
             "absence_reason": c.absence_reason, "note": c.note,
             "recorded_by": n.get(c.recorded_by), "device_time": _iso(c.device_time),
             "clock_skewed": c.clock_skewed}
            for c in rows]


def unchecked(a: Ask) -> list[dict]:
    """Children still without a check in a session on a school day (the dashboard's
    "missing")."""
    session = a.arg("session") or "morning"
    n, out = names(a.site.id), []
    place = {c.id: i for i, c in enumerate(a.classes_in())}  # class by class, as listed
    kids = sorted(by_person(db.session.execute(select(Child).where(
        Child.site_id == a.site.id, Child.active.is_(True),
        _in_classes(Child.class_id, a))).scalars()),
        key=lambda k: place.get(k.class_id, len(place)))
    for day in school_days(db.session, a.site.id, a.start, a.end):
        done = set(db.session.execute(select(HealthCheck.child_id).where(
            HealthCheck.site_id == a.site.id, HealthCheck.date == day,
            HealthCheck.session == session)).scalars())
        out += [{"date": day.isoformat(), "session": session, "class_id": k.class_id,
                 "class": n.get(k.class_id), "child_id": k.id, "child": k.name}
                for k in kids if k.id not in done]
    return out


def followups(a: Ask) -> list[dict]:
    f, n = FollowUp, names(a.site.id)
    q = select(f).where(f.site_id == a.site.id, _in_classes(f.class_id, a))
    if a.arg("open_on"):  # those the health view of that day lists
        q = q.where(*followups_on(a.site, date_arg("open_on")))
    elif a.arg("status"):
        q = q.where(f.status == a.arg("status"))
    else:
        q = q.where(f.opened_on.between(a.start, a.end))
    rows = list(db.session.execute(q.order_by(f.opened_on.desc())).scalars())
    # Newest first, those opened on the same day as the health view lists them.
    place = in_school_order(a, n, rows)
    rows.sort(key=lambda r: (-r.opened_on.toordinal(), *place(r)))
    return [{"id": r.id, "opened_on": r.opened_on.isoformat(), "class": n.get(r.class_id),
             "class_id": r.class_id, "child": n.get(r.child_id), "child_id": r.child_id,
             "symptoms": r.symptoms, "status": r.status, "returned_on": _iso(r.returned_on),
             "diagnosis": r.diagnosis, "closed_by": n.get(r.closed_by)}
            for r in rows]


def disinfections(a: Ask) -> list[dict]:
    d, n = Disinfection, names(a.site.id)
    rooms = dict(db.session.execute(select(Room.id, Room.name).where(Room.site_id == a.site.id)).all())
    q = select(d).where(d.site_id == a.site.id, d.date.between(a.start, a.end),
                        _in_classes(d.class_id, a))
    for key in ("room_id", "item", "recorded_by"):
        if a.arg(key):
            q = q.where(getattr(d, key) == a.arg(key))
    if a.flag("below_minimum"):
        q = q.where(d.below_minimum.is_(True))
    # Each day's rooms by name, as the phone lists them; a room's items and rounds in turn.
    rows = by_place(db.session.execute(q.order_by(d.date.desc(), d.item, d.round)).scalars(),
                    rooms, "room_id")
    return [{"id": r.id, "date": r.date.isoformat(), "room": rooms.get(r.room_id),
             "room_id": r.room_id, "class": n.get(r.class_id), "class_id": r.class_id,
             "item": r.item, "round": r.round, "method": r.method, "amount": r.amount,
             "unit": r.unit, "below_minimum": r.below_minimum,
             "findings": [f.get("message", f) if isinstance(f, dict) else f
                          for f in r.findings or []],
             "recorded_by": n.get(r.recorded_by), "device_time": _iso(r.device_time),
             "clock_skewed": r.clock_skewed}
            for r in rows]


def disinfection_due(a: Ask) -> list[dict]:
    """Rooms and items of a day with rounds still missing (state=missing, the default),
    overdue (a past day), or below the minimum (state=below)."""
    classes = {c.id for c in a.classes_in()}
    state = a.arg("state") or "missing"
    rows = disinfection_day(a.site, a.start, classes)
    keep = {"missing": lambda r: r["missing"] > 0, "overdue": lambda r: r["overdue"],
            "below": lambda r: r["below_minimum"] > 0, "all": lambda r: True}.get(state, lambda r: True)
    n = names(a.site.id)
    return [dict(r, date=a.start.isoformat(), **{"class": n.get(r["class_id"])})
            for r in rows if keep(r)]


def zone_checks(a: Ask) -> list[dict]:
    z, n = ZoneCheck, names(a.site.id)
    q = select(z).where(z.site_id == a.site.id, z.date.between(a.start, a.end))
    for key in ("zone_id", "kind", "recorded_by"):
        if a.arg(key):
            q = q.where(getattr(z, key) == a.arg(key))
    if g.actor.role not in ("admin", "health"):
        own = select(Zone.id).where(Zone.site_id == a.site.id, Zone.responsible_id == g.actor.user_id)
        q = q.where(z.zone_id.in_(own))
    return [{"id": r.id, "date": r.date.isoformat(), "zone": n.get(r.zone_id), "zone_id": r.zone_id,
             "kind": r.kind, "failed": r.failed, "proof": r.proof,
             "recorded_by": n.get(r.recorded_by), "device_time": _iso(r.device_time),
             "clock_skewed": r.clock_skewed}
            # Each day's zones by name, as the phone lists them, opening before closing.
            for r in by_place(db.session.execute(
                q.order_by(z.date.desc(), z.kind.desc())).scalars(), n, "zone_id")]


def zones_missing(a: Ask) -> list[dict]:
    """Zones without their opening or closing check on a school day (kind=opening|closing)."""
    if not school_days(db.session, a.site.id, a.start, a.start):
        return []
    kinds = [a.arg("kind")] if a.arg("kind") else ["opening", "closing"]
    return [{"date": a.start.isoformat(), "zone": z["zone"], "zone_id": z["zone_id"],
             "responsible": z["responsible"], "kind": k}
            for z in zones_day(a.start) for k in kinds if z.get(k) is None]


def hazards(a: Ask) -> list[dict]:
    state = a.arg("state")
    rows = ledger_rows()
    if state == "open":
        rows = [r for r in rows if r["status"] in OPEN]
    elif state == "overdue":
        rows = [r for r in rows if r["overdue"]]
    if a.arg("assignee_id"):
        rows = [r for r in rows if r["assignee_id"] == a.arg("assignee_id")]
    for r in rows:
        r.pop("history", None)
    return rows


def visitors(a: Ask) -> list[dict]:
    v = Visitor
    q = select(v.__table__).where(v.site_id == a.site.id)
    if a.arg("status"):
        q = q.where(v.status == a.arg("status"))
    if not a.flag("on_site") and not a.arg("status"):
        q = q.where(v.date.between(a.start, a.end))
    if a.flag("on_site"):
        q = q.where(v.status == "entered")
    dump = ENTITIES["visitor"].dump  # masked: never the full ID number in a list
    return [dump(r) for r in db.session.execute(q.order_by(v.registered_at.desc())).mappings()]


def pickups(a: Ask) -> list[dict]:
    p, n = Pickup, names(a.site.id)
    q = select(p).where(p.site_id == a.site.id, p.date.between(a.start, a.end),
                        _in_classes(p.class_id, a))
    if a.flag("no_card"):
        q = q.where(p.card.is_(False))
    return [{"id": r.id, "date": r.date.isoformat(), "class": n.get(r.class_id),
             "class_id": r.class_id, "child": n.get(r.child_id), "adult": r.adult_name,
             "relation": r.relation, "listed": r.listed, "card": r.card,
             "confirmed_by": r.confirmed_by, "blocked": r.blocked,
             "recorded_by": n.get(r.recorded_by), "device_time": _iso(r.device_time)}
            for r in db.session.execute(q.order_by(p.date.desc(), p.device_time.desc())).scalars()]


def pickups_blocked(a: Ask) -> list[dict]:
    """Pick-ups by an adult on the block list: refused (the child may have gone: a phone
    offline did not know the entry) or recorded by the admin anyway."""
    n = names(a.site.id)
    return [dict(r, child=n.get(r["child_id"]), recorded_by=n.get(r.pop("by")))
            for r in blocked_rows(db.session, a.site, a.start, a.end)]


def gate_events(a: Ask) -> list[dict]:
    e, n = GateEvent, names(a.site.id)
    q = select(e).where(e.site_id == a.site.id, e.date.between(a.start, a.end))
    return [{"id": r.id, "date": r.date.isoformat(), "kind": r.kind, "late_minutes": r.late_minutes,
             "recorded_by": n.get(r.recorded_by), "device_time": _iso(r.device_time)}
            for r in db.session.execute(q.order_by(e.device_time.desc())).scalars()]


def gate_slots(a: Ask) -> list[dict]:
    """Each opening and closing of the gate's times in the period, as the calendar has
    them (none on a holiday), with what was logged for it: state=done, late, missed,
    to_come, or off_schedule (missed or late: the dashboard's number)."""
    want, n = a.arg("state"), names(a.site.id)
    now = dt.datetime.now(ZoneInfo(a.site.timezone))
    return [dict(r, recorded_by=n.get(r["recorded_by"]))
            for r in slots_between(db.session, a.site, a.start, a.end, now)
            if want in (None, r["state"]) or (want == "off_schedule" and r["state"] in OFF_SCHEDULE)]


def outbreak_alerts(a: Ask) -> list[dict]:
    o, n = OutbreakAlert, names(a.site.id)
    q = select(o).where(o.site_id == a.site.id, _in_classes(o.class_id, a))
    q = q.where(o.status == a.arg("status")) if a.arg("status") else q.where(
        o.last_day >= a.start, o.first_day <= a.end)
    return [{"id": r.id, "class": n.get(r.class_id), "class_id": r.class_id, "group": r.group,
             "rule": r.rule, "first_day": r.first_day.isoformat(), "last_day": r.last_day.isoformat(),
             "children": [n.get(c, c) for c in r.children], "status": r.status,
             "report_due": _iso(r.report_due), "reported_by": n.get(r.reported_by)}
            for r in db.session.execute(q.order_by(o.raised_at.desc())).scalars()]


def devices(a: Ask) -> list[dict]:
    rows = device_rows()
    return [r for r in rows if r["flags"]] if a.flag("flagged") else rows


def routines_missed(a: Ask) -> list[dict]:
    """Routine items not done in their window (closed days and days off excused)."""
    now = dt.datetime.now(ZoneInfo(a.site.timezone))
    rows = day_rows(db.session, a.site.id, a.start, a.end, now)
    return [dict(r, people="、".join(r["people"])) for r in rows if r["state"] == "missed"
            and (a.class_ids is None or r["owner_id"] in a.class_ids)]


@dataclass(frozen=True)
class Kind:
    roles: tuple[str, ...]
    rows: Callable[[Ask], list[dict]]
    columns: list[tuple]


C = {"date": "日期", "session": "时段", "class": "班级", "child": "幼儿", "status": "状态",
     "recorded_by": "记录人", "device_time": "记录时间", "room": "房间", "item": "项目",
     "zone": "区域", "kind": "类别", "responsible": "责任人",
     # the phone's clock was far off the server's: its 记录时间 is the phone's word only
     "clock_skewed": "手机时间不准"}


def cols(*keys: str | tuple) -> list[tuple]:
    return [k if isinstance(k, tuple) else (k, C[k]) for k in keys]


def said(key: str, words: dict, header: str | None = None) -> tuple:
    """A column of codes, in the file in their words."""
    return coded(key, header or C[key], words)


SESSION = said("session", labels.SESSION)


KINDS: dict[str, Kind] = {
    "health_checks": Kind(HEALTH_ROLES, health_checks, cols(
        "date", SESSION, "class", "child", said("status", labels.STATUS), ("temperature", "体温"),
        said("symptoms", labels.SYMPTOM, "症状"), said("action", labels.ACTION, "处理"),
        said("absence_reason", labels.ABSENCE, "缺勤原因"), ("note", "备注"),
        "recorded_by", "device_time", "clock_skewed")),
    "unchecked": Kind(HEALTH_ROLES, unchecked, cols("date", SESSION, "class", "child")),
    "followups": Kind(HEALTH_ROLES, followups, cols(
        ("opened_on", "缺勤日期"), "class", "child", said("symptoms", labels.SYMPTOM, "症状"),
        said("status", labels.FOLLOWUP_STATUS),
        ("returned_on", "返园日期"), ("diagnosis", "诊断"), ("closed_by", "追查人"))),
    "disinfections": Kind(HEALTH_ROLES, disinfections, cols(
        "date", "room", "class", said("item", labels.ITEM), ("round", "轮次"),
        said("method", labels.METHOD, "方法"), ("amount", "剂量/时长"),
        said("unit", labels.UNIT, "单位"), ("below_minimum", "未达标"), ("findings", "问题"), "recorded_by",
        "device_time", "clock_skewed")),
    "disinfection_due": Kind(HEALTH_ROLES, disinfection_due, cols(
        "date", "room", "class", said("item", labels.ITEM), ("due", "应做"), ("done", "已做"), ("missing", "未做"),
        ("overdue", "逾期"), ("below_minimum", "未达标"))),
    "zone_checks": Kind(("admin", "health", "caregiver", "guard"), zone_checks, cols(
        "date", "zone", said("kind", labels.ZONE_CHECK), ("failed", "不合格项"), said("proof", labels.PROOF, "凭证"), "recorded_by",
        "device_time", "clock_skewed")),
    "zones_missing": Kind(("admin", "health", "caregiver", "guard"), zones_missing,
                          cols("date", "zone", said("kind", labels.ZONE_CHECK), "responsible")),
    "hazards": Kind(("admin", "health", "caregiver", "guard"), hazards, HAZARD_COLUMNS),
    "visitors": Kind(GATE_ROLES, visitors, VISITOR_COLUMNS),
    "pickups": Kind(("admin", "health", "caregiver", "guard"), pickups, cols(
        "date", "class", "child", ("adult", "接送人"), ("relation", "关系"), ("listed", "登记在册"),
        ("card", "持卡"), ("confirmed_by", "确认家长"), ("blocked", "黑名单"), "recorded_by",
        "device_time")),
    "pickups_blocked": Kind(GATE_ROLES, pickups_blocked, cols(
        "date", "child", ("adult", "接送人"), ("reason", "黑名单原因"), ("override", "园长放行"),
        "recorded_by", "device_time")),
    "gate_events": Kind(GATE_ROLES, gate_events, cols(
        "date", said("kind", labels.GATE), ("late_minutes", "迟(分钟)"), "recorded_by", "device_time")),
    "gate_slots": Kind(GATE_ROLES, gate_slots, cols(
        "date", ("at", "规定时间"), said("kind", labels.GATE), ("label", "名称"),
        said("state", labels.GATE_SLOT, "情况"),
        ("logged_at", "记录时间"), ("late_minutes", "迟(分钟)"), "recorded_by")),
    "outbreak_alerts": Kind(("admin", "health"), outbreak_alerts, cols(
        "class", said("group", labels.GROUP, "症状类别"), ("first_day", "首发日"), ("last_day", "最近日"),
        ("children", "幼儿"), said("status", labels.ALERT_STATUS), ("report_due", "报告期限"), ("reported_by", "报告人"))),
    "devices": Kind(("admin", "health"), devices, DEVICE_COLUMNS),
    "routines_missed": Kind(("admin", "health"), routines_missed, cols(
        "date", ("owner", "班级/人员"), ("template", "清单"), ("label", "事项"), ("start", "开始"),
        ("end", "结束"), ("people", "应完成人"))),
}
