"""A small school with a known February 2026, for figures worked out by hand.

Class 向日葵 (2 children, caregiver 李老师, her zone 向日葵教室, room 向日葵室 needing one
air round a day) and class 月亮 (1 child, no caregiver, room 月亮室 needing one air round).
February 2026: 20 weekdays; 16–20 February are holidays (春节), Saturday 21 February is a
make-up workday, so 16 school days; 李老师 is away 23–24 February, so she owes 14 days.
Times are Asia/Shanghai (UTC+8)."""
from __future__ import annotations

import datetime as dt
import uuid

from server import school
from server.models import (Disinfection, GateEvent, GateTime, Hazard, HealthCheck, RoomNeed,
                           SchoolDay, StaffAbsence, ZoneCheck)
from sync.engine import utcnow

PASSWORD = "reports-test-pw"
CST = dt.timezone(dt.timedelta(hours=8))


def at(day: int, hm: str, month: int = 2) -> dt.datetime:
    h, m = map(int, hm.split(":"))
    return dt.datetime(2026, month, day, h, m, tzinfo=CST)


def _stamp(by: str, when: dt.datetime) -> dict:
    return {"hlc": f"{int(when.timestamp() * 1000):015d}:00000:test", "recorded_by": by,
            "device_id": "test", "device_time": when, "received_at": when, "field_hlc": {}}


def check(s, site, kid, day, session, when, by, status="normal", **kw):
    s.add(HealthCheck(id=str(uuid.uuid4()), site_id=site.id, child_id=kid.id,
                      class_id=kid.class_id, date=dt.date(2026, 2, day), session=session,
                      status=status, **kw, **_stamp(by, when)))


def disinfect(s, site, room, day, when, by, round=1, below=False):
    s.add(Disinfection(id=str(uuid.uuid4()), site_id=site.id, room_id=room.id,
                       class_id=room.class_id, date=dt.date(2026, 2, day), item="air",
                       round=round, method="airing", amount=10 if below else 30, unit="min",
                       below_minimum=below, findings=[], **_stamp(by, when)))


def zone_check(s, site, zone, day, kind, when, by):
    s.add(ZoneCheck(id=str(uuid.uuid4()), site_id=site.id, zone_id=zone.id,
                    date=dt.date(2026, 2, day), kind=kind, items={}, failed=0, proof="qr",
                    **_stamp(by, when)))


def hazard(s, site, who, deadline: int, fixed: dt.datetime | None, by):
    s.add(Hazard(id=str(uuid.uuid4()), site_id=site.id, what=f"隐患 {deadline}", severity="low",
                 photos=[], status="verified" if fixed else "assigned", reported_by=by,
                 reported_at=at(1, "09:00"), assignee_id=who.id,
                 deadline=dt.date(2026, 2, deadline), fixed_by=fixed and who.id, fixed_at=fixed,
                 verified_by=fixed and by, verified_at=fixed, updated_at=utcnow()))


def build(s) -> dict:
    site, _ = school.create_site(s, "rep", "报表幼儿园")
    sun, _ = school.add_class(s, site, "向日葵", "small")
    moon, _ = school.add_class(s, site, "月亮", "small")
    kids = [school.add_child(s, site, sun.id, n, "girl", None)[0] for n in ("甲", "乙")]
    moon_kid, _ = school.add_child(s, site, moon.id, "丙", "boy", None)
    admin, _ = school.add_user(s, site, "admin", "园长", "admin", PASSWORD)
    health, _ = school.add_user(s, site, "health", "保健", "health", PASSWORD)
    li, _ = school.add_user(s, site, "li", "李老师", "caregiver", PASSWORD, [sun.id])
    school.add_user(s, site, "wang", "王老师", "caregiver", PASSWORD, [moon.id])
    guard, _ = school.add_user(s, site, "guard", "门卫", "guard", PASSWORD)
    room, _ = school.add_room(s, site, "向日葵室", sun.id)
    moon_room, _ = school.add_room(s, site, "月亮室", moon.id)
    zone, _ = school.add_zone(s, site, "向日葵教室", "classroom", li.id)
    for r in (room, moon_room):
        s.add(RoomNeed(site_id=site.id, room_id=r.id, item="air", rounds=1))
    for d in range(16, 21):
        s.add(SchoolDay(site_id=site.id, date=dt.date(2026, 2, d), kind="holiday", note="春节"))
    s.add(SchoolDay(site_id=site.id, date=dt.date(2026, 2, 21), kind="workday", note="调休"))
    s.add(StaffAbsence(site_id=site.id, user_id=li.id, date_from=dt.date(2026, 2, 23),
                       date_to=dt.date(2026, 2, 24), reason="年假"))
    s.flush()
    # 2 Feb: everything on time (5).
    for k in kids:
        check(s, site, k, 2, "morning", at(2, "08:30"), li.id)
        check(s, site, k, 2, "noon", at(2, "13:00"), li.id)
    disinfect(s, site, room, 2, at(2, "16:00"), li.id)
    zone_check(s, site, zone, 2, "opening", at(2, "08:00"), li.id)
    zone_check(s, site, zone, 2, "closing", at(2, "17:30"), li.id)
    # 3 Feb: morning done late (one child absent), noon half done (missed), disinfection
    # entered the next morning (late), opening late, closing missed.
    check(s, site, kids[0], 3, "morning", at(3, "11:20"), li.id)
    check(s, site, kids[1], 3, "morning", at(3, "11:30"), li.id, status="absent",
          absence_reason="personal")
    check(s, site, kids[0], 3, "noon", at(3, "13:00"), li.id)
    disinfect(s, site, room, 3, at(4, "09:00"), li.id, below=True)
    zone_check(s, site, zone, 3, "opening", at(3, "10:30"), li.id)
    # 17 Feb, a holiday: a check made anyway owes nothing and is not counted.
    check(s, site, kids[0], 17, "morning", at(17, "08:30"), li.id)
    # 21 Feb, the make-up workday: the morning on time.
    for k in kids:
        check(s, site, k, 21, "morning", at(21, "08:40"), li.id)
    # 月亮: three rounds on time, and its child's mornings of 2 and 3 February.
    for d in (2, 3, 4):
        disinfect(s, site, moon_room, d, at(d, "15:00"), health.id)
    for d in (2, 3):
        check(s, site, moon_kid, d, "morning", at(d, "08:10"), health.id)
    # The gate opens at 07:30, Monday to Friday: on 2 Feb at 07:33 (on time, within the
    # grace), on 3 Feb at 07:40 (late), on the make-up Saturday 21 Feb at 07:31 (Monday's
    # time); never logged on the 13 other school days; none owed in the holiday.
    opening = GateTime(site_id=site.id, weekday=0, kind="open", at=dt.time(7, 30), label="入园")
    s.add(opening)
    s.add_all(GateTime(site_id=site.id, weekday=d, kind="open", at=dt.time(7, 30), label="入园")
              for d in range(1, 5))
    s.flush()
    for day, hm, late in ((2, "07:33", 3), (3, "07:40", 10), (21, "07:31", 1)):
        slot = opening.id if day != 3 else None  # 3 Feb's logged without its time
        s.add(GateEvent(id=str(uuid.uuid4()), site_id=site.id, kind="open", date=dt.date(2026, 2, day),
                        gate_time_id=slot, late_minutes=late if slot else None, recorded_by=guard.id,
                        device_time=at(day, hm), received_at=at(day, hm)))
    # Hazards for 李老师: within; a holiday deadline moved to the make-up day and met then;
    # overdue; a deadline on her day off moved to 25 Feb and met; fixed a day late.
    hazard(s, site, li, 10, at(9, "10:00"), admin.id)
    hazard(s, site, li, 16, at(21, "10:00"), admin.id)
    hazard(s, site, li, 12, None, admin.id)
    hazard(s, site, li, 23, at(25, "10:00"), admin.id)
    hazard(s, site, li, 5, at(6, "10:00"), admin.id)
    s.commit()
    return {"site": site.id, "li": li.id, "sun": sun.id, "moon": moon.id, "guard": guard.id}
