"""The demo school's recent past: the last school days before today as its staff would have
recorded them, so that on a fresh `make run` the dashboard, the reports, the bulletin, the
scorecard and the hazard ledger all have something to show.

Nothing is written around the sync engine. Each thing done is a mutation that a person's
phone pushes (sync.apply_batch), with the time it was done, so the history obeys the same
rules as real work; a mutation the engine refuses stops the load (HistoryRejected) rather
than leaving a silent gap. Every mutation id is a natural id of what it records, and every
random choice is seeded by the school and the day: loading again applies nothing new.
"""
from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync import Batch, Mutation, apply_batch
from sync.hlc import Clock
from sync.ids import natural_id
from sync.protocol import APPLIED, REJECTED

from .. import routines, school
from ..models import Bulletin, Site
from ..mutations import registry
from ..mutations.zones import qr_text
from ..printouts.bulletin import draft_week, publish_week, week_of
from ..rules.identity import CHECK, WEIGHTS
from ..rules.routines import due_bounds, due_on
from ..rules.zones import checklist
from . import SURNAMES, child_name
from .health import Sickness, disinfection, health_checks
from .staff import DemoSchool, Done

MAX_BATCH = 500  # the most a phone pushes at once (Config.MAX_BATCH)
SYNC_EVERY = dt.timedelta(minutes=30)  # a phone sends what it queued within this
APP_VERSION = "demo-history"


class HistoryRejected(RuntimeError):
    """The engine refused a mutation of the demo's history: a rule changed under it."""


def load_history(session: Session, site: Site, school_days: int,
                 today: dt.date | None = None) -> dict[str, int]:
    """Record the last `school_days` school days before `today` (default: the school's
    today) of a school made by server.demo.load_demo, through the sync engine. Returns
    how many mutations were applied, by name (none on a second call: each is a duplicate),
    and how many weekly bulletins were published; the caller commits. Raises HistoryRejected if the engine refuses any of them."""
    tz = ZoneInfo(site.timezone)
    today = today or dt.datetime.now(tz).date()
    days = _past_school_days(session, site.id, school_days, today)
    if not days:
        return {}
    s = DemoSchool(session, site)
    sick = Sickness(s)
    things, ties = _hazards(s, days, today)
    for i, day in enumerate(days):
        rng = random.Random(f"{site.slug}-{day}")
        ago = len(days) - 1 - i
        checks = health_checks(s, day, rng, sick)
        things += checks
        things += _pickups(s, day, rng, checks)
        things += _medicines(s, day, checks, ago)
        things += sick.closes(day, rng)
        things += disinfection(s, day, rng, ago)
        things += _zone_checks(s, day, rng, ago, ties)
        things += _gate(s, day, rng, ago)
        things += _visitors(s, day, rng)
        things += _routine_ticks(s, day, rng)
    applied = _push(session, s, things)
    published = _bulletins(s, days, today)
    return {**applied, "bulletins published": published} if published else applied


def _bulletins(s: DemoSchool, days: list[dt.date], today: dt.date) -> int:
    """The admin drafts and publishes the hygiene bulletin of each week of the history whose
    Friday is past, on that Friday afternoon, as the weekly meeting does (the API's own steps); a week that
    has one already is left as it is."""
    weeks = sorted({week_of(d) for d in days if week_of(d) + dt.timedelta(days=4) < today})
    admin = s.actors["admin"]
    done = set(s.session.execute(select(Bulletin.week).where(
        Bulletin.site_id == s.site.id, Bulletin.week.in_(weeks))).scalars()) if weeks else set()
    for monday in weeks:
        if monday in done:
            continue
        friday = monday + dt.timedelta(days=4)
        b = draft_week(s.session, s.site, monday, today, admin,
                       s.at(friday, "16:00").astimezone(dt.timezone.utc))
        publish_week(s.session, b, admin, s.at(friday, "16:30").astimezone(dt.timezone.utc))
    return len(set(weeks) - done)


def _past_school_days(session: Session, site_id: str, n: int, today: dt.date) -> list[dt.date]:
    if n <= 0:
        return []
    span = 2 * n + 14
    while True:
        days = school.school_days(session, site_id, today - dt.timedelta(days=span),
                                  today - dt.timedelta(days=1))
        if len(days) >= n or span > 3660:
            return days[-n:]
        span *= 2



# -- zone self-checks, the gate, visitors ---------------------------------------------------

SKIPPED_ZONE_DAYS = (2, 9, 15)  # days ago with one zone check not done
LATE_OPENINGS = {5: 11, 12: 8}  # days ago → minutes the morning opening was late
CHECK_TIMES = {"opening": ("07:30", "07:50"), "closing": ("17:00", "17:30")}


def _zone_checks(s: DemoSchool, day: dt.date, rng: random.Random, ago: int,
                 ties: dict) -> list[Done]:
    """Each zone's opening and closing self-check by its responsible person, proved by
    scanning its QR code; one not done on SKIPPED_ZONE_DAYS."""
    owed = [(z, who, kind) for z, who in s.zones for kind in CHECK_TIMES]
    may_skip = [o for o in owed if (day, o[0].id, o[2]) not in ties]
    if ago in SKIPPED_ZONE_DAYS and may_skip:
        owed.remove(rng.choice(may_skip))
    out = []
    for zone, who, kind in owed:
        at = s.between(rng, day, *CHECK_TIMES[kind])
        items = {i["key"]: {"ok": True, "note": None}
                 for i in checklist(zone.kind, s.checklists)}
        tie = ties.get((day, zone.id, kind))
        if tie:  # an item failed: the phone reports the hazard with the check (zonecheck.js)
            at, report = tie
            items[report["key"]] = {"ok": False, "note": report["note"]}
        args = {"zone_id": zone.id, "date": day.isoformat(), "kind": kind, "items": items,
                "proof": "qr", "code": qr_text(zone)}
        out.append(Done(who, at, "zone.check", (zone.id, day, kind), args, urgent=bool(tie)))
        if tie:
            cid = natural_id(s.site.id, "zone_check", zone.id, day.isoformat(), kind)
            out.append(Done(who, at, "hazard.report", (report["args"]["id"],), dict(
                report["args"], source=f"zone_check:{cid}:{report['key']}"), urgent=True))
    return out


def _gate(s: DemoSchool, day: dt.date, rng: random.Random, ago: int) -> list[Done]:
    """The guard opens and closes the gate at each of the day's times (the engine reads
    lateness from the device time), late on LATE_OPENINGS."""
    out, late = [], LATE_OPENINGS.get(ago)
    for slot in school.gate_times_on(s.session, s.site.id, day):
        hhmm = slot.at.strftime("%H:%M")
        if late and slot.kind == "open":
            at, late = s.at(day, hhmm, late * 60 + rng.randint(0, 50)), None
        else:  # a few minutes early, or on the minute
            at = s.at(day, hhmm, -60 * rng.choice((0, 1, 2, 3, 5)) + rng.randint(0, 50))
        out.append(Done("guard", at, "gate.event", (day, slot.kind, hhmm), {"kind": slot.kind}))
    return out


UNLISTED = 0.02  # of the pick-ups, the share by someone not on the child's list


def _pickups(s: DemoSchool, day: dt.date, rng: random.Random, checks: list[Done]) -> list[Done]:
    """Each child in class at the noon check is picked up at going-home time, recorded by
    the guard at the gate: by an adult on the child's list with the pick-up card, now and
    then by someone else whom a parent confirmed by phone, without the card."""
    here = {d.args["child_id"] for d in checks
            if d.args["session"] == "noon" and d.args["status"] != "absent"}
    out = []
    for _, _, kids in s.classes:
        for kid in kids:
            if kid.id not in here:
                continue
            at = s.between(rng, day, "16:30", "17:15")
            adults = s.adults.get(kid.id)
            args = {"child_id": kid.id, "date": day.isoformat()}
            if adults and rng.random() >= UNLISTED:
                args["adult_id"] = rng.choice(adults).id
            else:
                called = at - dt.timedelta(minutes=rng.randint(2, 6))
                args.update(adult_name=rng.choice(SURNAMES) + rng.choice(("阿姨", "叔叔")),
                            relation="邻居", card=False,
                            confirmation={"by": "妈妈", "how": "phone_call",
                                          "at": called.isoformat()})
            out.append(Done("guard", at, "pickup.record", (kid.id, day), args))
    return out


MEDICINES = (("小儿止咳糖浆", "5 ml"), ("蒲地蓝消炎口服液", "1 支"), ("小儿氨酚黄那敏颗粒", "半袋"),
             ("益生菌", "1 袋"), ("阿莫西林颗粒", "1 袋"))
DOSE_TIMES = (["10:00"], ["10:00", "14:30"], ["11:30"], ["14:30"])
HANDED_BY = ("妈妈", "爸爸", "奶奶", "外婆")
MEDICINE_NOTES = (None, None, "饭后服", "服后多喝水")
MEDICINE_DAYS = 0.35  # of a class's school days, the share a parent hands over medicine
MISSED_DOSE_DAYS = (4, 11)  # days ago when the first class's afternoon dose was not given


def _medicines(s: DemoSchool, day: dt.date, checks: list[Done], ago: int) -> list[Done]:
    """Now and then a parent hands over medicine at a child's morning check; the
    caregiver records it, then gives each dose at its time (a few minutes after). On
    MISSED_DOSE_DAYS the first class has two doses, the second never given. Its own
    random numbers, so the rest of the day is as it was."""
    rng = random.Random(f"{s.site.slug}-{day}-medicine")
    arrived = {d.args["child_id"]: d.at for d in checks
               if d.args["session"] == "morning" and d.args["status"] != "absent"}
    out = []
    for n, (cls, who, kids) in enumerate(s.classes):
        here = [k for k in kids if k.id in arrived]
        missed = n == 0 and ago in MISSED_DOSE_DAYS
        if not here or (rng.random() >= MEDICINE_DAYS and not missed):
            continue
        kid = rng.choice(here)
        medicine, dose = rng.choice(MEDICINES)
        times = ["10:00", "14:30"] if missed else rng.choice(DOSE_TIMES)
        key = (kid.id, day)
        mid = natural_id(s.site.id, "demo_mutation", "medicine.record", *key)
        out.append(Done(who, arrived[kid.id] + dt.timedelta(minutes=1), "medicine.record", key,
                        {"child_id": kid.id, "date": day.isoformat(), "medicine": medicine,
                         "dose": dose, "times": times, "handed_by": rng.choice(HANDED_BY),
                         "note": rng.choice(MEDICINE_NOTES)}))
        for time in times[:-1] if missed else times:
            at = s.at(day, time, rng.randint(0, 600))
            out.append(Done(who, at, "medicine.give", (*key, time),
                            {"medicine_id": mid, "at": at.isoformat()}))
    return out


NOTES = ("幼儿午睡安稳，无异常", "两名幼儿入睡较晚，已安抚", "午睡情况良好", "全部幼儿按时入睡",
         "检查结果良好，已在例会通报", "发现个别班级毛巾未晾干，已提醒")
ROUTINE_MISSES = 0.03  # of the items due, the share left undone


def _routine_ticks(s: DemoSchool, day: dt.date, rng: random.Random) -> list[Done]:
    """Each routine checklist item due that day (server.routines: the templates in force,
    their owners, due_on), ticked within its window by one of the people it is due from,
    with the value it asks for; a few are left undone, and so are those that need a photo
    (the demo holds none)."""
    open_days = set(school.school_days(s.session, s.site.id, *due_bounds(day)))
    by_id = {u.id: name for name, u in s.users.items()}
    out = []
    for t in routines.templates(s.session, s.site.id, day):
        for owner in s.staff.owners(t):
            people = sorted(by_id[p] for p in owner.people if p in by_id)
            for item in t.items:
                needs = item.get("needs", "tick")
                if (not people or needs == "photo" or not due_on(item, day, open_days)
                        or rng.random() < ROUTINE_MISSES):
                    continue
                value = {"number": lambda: rng.randint(int(item.get("min") or 0) + 6,
                                                       int(item.get("max") or 10) - 3),
                         "choice": lambda: (item.get("choices") or [None])[0],
                         "note": lambda: rng.choice(NOTES)}.get(needs, lambda: None)()
                start, end = item.get("start") or "09:00", item.get("end") or "17:00"
                at = s.between(rng, day, start, end)
                args = {"template_id": t.id, "item_key": item["key"], "date": day.isoformat(),
                        "owner_id": owner.id, "value": value}
                out.append(Done(rng.choice(people), at, "routine.tick",
                                (t.id, item["key"], day, owner.id), args))
    return out


REPAIRS = (("城南水电维修部", "维修厨房水龙头"), ("安泰消防设备公司", "检查灭火器和消防栓"),
           ("华通网络", "检修大门监控摄像头"), ("城南水电维修部", "检修教室空调"))
INSPECTIONS = (("区卫生监督所", "食堂卫生检查", "health"),
               ("区教育局安全科", "校园安全检查", "admin"))


def _visitors(s: DemoSchool, day: dt.date, rng: random.Random) -> list[Done]:
    """One or two visitors: registered by the guard, allowed by their host on the phone,
    let in, signed out."""
    out = []
    kids = [k for _, _, ks in s.classes for k in ks]
    for n in range(rng.choice((1, 1, 2))):
        kind = rng.choices(("parent", "repair", "inspector"), (5, 3, 2))[0]
        vid = natural_id(s.site.id, "demo_visitor", day.isoformat(), n)
        args = {"id": vid, "date": day.isoformat(), "id_type": "cn_id", "id_number": _cn_id(rng),
                "phone": f"13{rng.randint(100000000, 999999999)}"}
        if kind == "parent" and kids:
            kid = rng.choice(kids)
            adults = s.adults.get(kid.id)
            adult = rng.choice(adults) if adults else None
            args.update(name=adult.name if adult else child_name(rng),
                        phone=(adult.phone if adult else None) or args["phone"],
                        purpose=f"给{kid.name}送药", host=s.carer.get(kid.class_id, "health"))
            start, stay = s.between(rng, day, "09:10", "10:40"), rng.randint(5, 12)
        elif kind == "repair":
            org, purpose = rng.choice(REPAIRS)
            args.update(name=rng.choice(SURNAMES) + "师傅", organisation=org, purpose=purpose,
                        host="admin", people=rng.choice((1, 2)),
                        plate=f"浙A{rng.randint(10000, 99999)}" if rng.random() < 0.5 else None)
            start, stay = s.between(rng, day, "13:50", "14:30"), rng.randint(40, 100)
        else:
            org, purpose, host = rng.choice(INSPECTIONS)
            args.update(name=child_name(rng), organisation=org, purpose=purpose, host=host,
                        people=2)
            start, stay = s.between(rng, day, "09:30", "10:00"), rng.randint(60, 90)
        host = args.pop("host")
        args["host_id"] = s.users[host].id
        decided = start + dt.timedelta(seconds=rng.randint(40, 180))
        entered = decided + dt.timedelta(seconds=rng.randint(20, 60))
        out += [Done("guard", start, "visitor.register", (vid,), args, urgent=True),
                Done(host, decided, "visitor.decide", (vid,),
                    {"visitor_id": vid, "allow": True, "how": "app"}, urgent=True),
                Done("guard", entered, "visitor.enter", (vid,), {"visitor_id": vid}, urgent=True),
                Done("guard", entered + dt.timedelta(minutes=stay), "visitor.leave", (vid,),
                    {"visitor_id": vid}, urgent=True)]
    return out


def _cn_id(rng: random.Random) -> str:
    """A made-up mainland ID number whose check digit is right (GB 11643-1999)."""
    born = dt.date(1970, 1, 1) + dt.timedelta(days=rng.randint(0, 9500))
    body = f"330106{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


# -- hazards ------------------------------------------------------------------------------

class _Hazard(NamedTuple):
    """A hazard's loop in the history. Each step is (school days ago, time, ...), at a time
    later than the step before, so that the loop keeps its order even when a short history
    puts its steps on the same (first) day. `item`: the zone check item that failed, the
    report sent with that check; None: reported on its own."""
    key: str
    zone_kind: str
    reporter: str
    item: str | None
    what: str
    severity: str
    reported: tuple[int, str]
    assigned: tuple[int, str, str, int | None]  # ..., assignee, days to fix (None: ample)
    fixed: tuple[int, str, str] | None = None  # ..., what was done
    verified: tuple[int, str, str] | None = None  # ..., by whom


# One in each state of the loop: closed, fixed and waiting for the re-check, assigned with
# time left, overdue.
HAZARDS = (
    _Hazard("swing", "playground", "guard", "equipment", "秋千链条松动，连接扣磨损", "high",
            (8, "07:42"), (8, "08:30", "guard", 2), (7, "15:10", "更换秋千链条连接扣并紧固"),
            (7, "16:20", "admin")),
    _Hazard("stair_light", "stairs", "teacher2", None, "二楼楼梯灯不亮，应急灯也不亮", "medium",
            (5, "07:52"), (5, "09:05", "guard", 5), (2, "14:30", "更换楼梯灯管和应急灯电池")),
    _Hazard("drain_cover", "kitchen", "health", None, "厨房地漏盖板缺失，易绊倒、有异味",
            "medium", (3, "10:15"), (3, "11:00", "health", None)),
    _Hazard("socket", "classroom", "teacher1", "sockets", "活动室插座保护盖脱落", "high",
            (6, "07:38"), (6, "08:40", "guard", 2)),
)


def _hazards(s: DemoSchool, days: list[dt.date], today: dt.date) -> tuple[list[Done], dict]:
    """The steps of HAZARDS after their reports, and the reports: those sent with a zone
    check in `ties`, (day, zone id, "opening") → (time, report), the others as steps."""
    def when(ago: int, hhmm: str) -> dt.datetime:  # the first day, if the history is shorter
        return s.at(days[max(0, len(days) - 1 - ago)], hhmm)

    out, ties = [], {}
    for h in HAZARDS:
        hid = natural_id(s.site.id, "demo_hazard", h.key)
        found = s.zone(h.zone_kind, h.reporter if h.item else None)
        items = {i["key"]: i for i in checklist(h.zone_kind, s.checklists)}
        at = when(*h.reported)
        args = {"id": hid, "zone_id": found[0].id if found else None, "what": h.what,
                "severity": h.severity}
        if found and h.item in items:  # as the phone words it (pwa/screens/zones/zonecheck.js)
            args["what"] = f"{items[h.item]['zh']}：{h.what}"
            ties[(at.date(), found[0].id, "opening")] = (at, {"key": h.item, "note": h.what,
                                                              "args": args})
        else:
            out.append(Done(h.reporter, at, "hazard.report", (hid,), args, urgent=True))
        ago, hhmm, assignee, within = h.assigned
        # Days to fix from the report, but past by today (it is left undone, or was fixed
        # in time); None: a deadline still to come.
        deadline = today + dt.timedelta(days=4) if within is None else max(
            at.date(), min(at.date() + dt.timedelta(days=within), today - dt.timedelta(days=1)))
        out.append(Done("admin", when(ago, hhmm), "hazard.assign", (hid, "assign"),
                       {"hazard_id": hid, "assignee_id": s.users[assignee].id,
                        "deadline": deadline.isoformat()}, urgent=True))
        if h.fixed:
            ago, hhmm, note = h.fixed
            out.append(Done(assignee, when(ago, hhmm), "hazard.fix", (hid, "fix"),
                           {"hazard_id": hid, "note": note}, urgent=True))
        if h.fixed and h.verified:
            ago, hhmm, by = h.verified
            out.append(Done(by, when(ago, hhmm), "hazard.verify", (hid, "verify"),
                           {"hazard_id": hid, "accept": True}, urgent=True))
    return out, ties


# -- pushing it all ---------------------------------------------------------------------------

def _push(session: Session, s: DemoSchool, things: list[Done]) -> dict[str, int]:
    """Each person's phone stamps what they did with its clock, in the order they did it,
    and pushes it within SYNC_EVERY (at once if someone waits for it); the pushes of all
    the phones are applied in the order they were sent."""
    mine = defaultdict(list)
    for n, d in enumerate(things):
        mine[d.user].append((d.at, n, d))
    pushes = []
    for user, done in mine.items():
        clock = Clock(s.actors[user].client_id)
        queued, due = [], None
        for at, n, d in sorted(done, key=lambda t: t[:2]):
            d.hlc = str(clock.now(int(at.timestamp() * 1000)))
            if queued and at > due:
                pushes.append((due, user, queued))
                queued = []
            if not queued:
                due = at + SYNC_EVERY
            queued.append(d)
            if d.urgent:
                pushes.append((at, user, queued))
                queued = []
        if queued:
            pushes.append((due, user, queued))
    applied = Counter()
    for sent, user, queued in sorted(pushes, key=lambda p: (p[0], p[1])):
        actor = s.actors[user]
        for i in range(0, len(queued), MAX_BATCH):
            chunk = queued[i:i + MAX_BATCH]
            batch = Batch(client_id=actor.client_id, app_version=APP_VERSION, sent_at=sent,
                          mutations=tuple(Mutation(
                              natural_id(s.site.id, "demo_mutation", d.name, *d.key), d.name,
                              d.hlc, d.at.isoformat(timespec="milliseconds"), d.args)
                              for d in chunk))
            results = apply_batch(session, actor, batch, registry,
                                  now=sent.astimezone(dt.timezone.utc))
            for d, r in zip(chunk, results):
                if r.status == REJECTED:
                    raise HistoryRejected(f"{d.name} by {user} at {d.at:%Y-%m-%d %H:%M}: "
                                          f"{r.code}: {r.message}")
                applied[d.name] += r.status == APPLIED
    return {name: n for name, n in sorted(applied.items()) if n}
