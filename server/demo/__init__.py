"""The demo kindergarten: three classes of made-up children, rooms, zones and staff."""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync import Change, record_changes
from sync.engine import utcnow
from sync.ids import natural_id

from .. import routines, school
from ..models import Child, Drill, Equipment, GateTime, PatrolRoute, PickupAdult, SafetyLetter, Site
from ..rules.routines import DEFAULTS, LETTER_BODY, term_of

DEMO_PASSWORD = "sanguan-demo"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "子涵浩然梓萱宇轩欣怡一诺雨桐思远诗琪沐辰若曦嘉懿俊熙语嫣安琪晨阳可馨博文"
CLASSES = [("小一班", "small", 3), ("中一班", "middle", 4), ("大一班", "large", 5)]
STAFF = [("admin", "李园长", "admin", None), ("health", "王保健", "health", None),
         ("teacher1", "张老师", "caregiver", 0), ("teacher2", "刘老师", "caregiver", 1),
         ("teacher3", "陈老师", "caregiver", 2), ("guard", "赵师傅", "guard", None)]
GATE_TIMES = [("open", "07:30", "入园"), ("close", "08:45", "入园结束"),
              ("open", "16:30", "离园"), ("close", "17:30", "离园结束")]
ZONES = [("大门", "gate"), ("操场", "playground"), ("厨房", "kitchen"), ("楼梯", "stairs"),
         ("小一班教室", "classroom"), ("中一班教室", "classroom"), ("大一班教室", "classroom")]


def child_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))


def load_demo(session: Session, slug: str = "demo", children_per_class: int = 25,
              password: str = DEMO_PASSWORD) -> tuple[Site, bool]:
    """Create the demo school once. Returns (site, created); a second call changes nothing."""
    site = session.execute(select(Site).where(Site.slug == slug)).scalar()
    if site is not None:
        return site, False
    rng = random.Random(slug)  # the same made-up names every time
    site, changes = school.create_site(session, slug, "三关示范幼儿园")
    classes = []
    today = dt.date.today()
    for name, grade, age in CLASSES:
        c, ch = school.add_class(session, site, name, grade)
        classes.append(c)
        changes += ch
        for _ in range(children_per_class):
            birthday = today - dt.timedelta(days=365 * age + rng.randint(-180, 180))
            _, ch = school.add_child(session, site, c.id, child_name(rng),
                                     rng.choice(("girl", "boy")), birthday)
            changes += ch
        _, ch = school.add_room(session, site, f"{name}活动室", c.id, rng.choice((150, 180, 200)))
        changes += ch
    staff = {}
    for username, name, role, class_index in STAFF:
        cls = [classes[class_index].id] if class_index is not None else []
        staff[username], ch = school.add_user(session, site, username, name, role, password, cls)
        changes += ch
    for weekday in range(5):  # Monday to Friday
        for kind, at, label in GATE_TIMES:
            session.add(GateTime(site_id=site.id, weekday=weekday, kind=kind,
                                 at=dt.time.fromisoformat(at), label=label))
    zones = {}
    for name, kind in ZONES:
        responsible = {"gate": "guard", "kitchen": "health", "stairs": "admin",
                       "playground": "guard"}.get(kind)
        if kind == "classroom":
            responsible = f"teacher{[c.name for c in classes].index(name[:3]) + 1}"
        zone, ch = school.add_zone(session, site, name, kind, staff[responsible].id)
        zones[kind] = zone
        changes += ch
    changes += _equipment_and_patrol(session, site, zones, today)
    session.flush()
    changes += [Change("gate_time", t.id) for t in session.execute(
        select(GateTime).where(GateTime.site_id == site.id)).scalars()]
    changes += _pickup_adults(session, site, rng)
    changes += _routines(session, site, staff, today)
    record_changes(session, site.id, changes)
    return site, True


def _equipment_and_patrol(session: Session, site: Site, zones: dict, today: dt.date) -> list[Change]:
    rows = [Equipment(site_id=site.id, zone_id=zones[zone].id, kind=kind, name=name,
                      expires_on=expires)
            for zone, kind, name, expires in (
                ("playground", "play", "大型组合滑梯", None),
                ("playground", "play", "秋千", None),
                ("kitchen", "extinguisher", "厨房灭火器", today + dt.timedelta(days=300)),
                ("stairs", "extinguisher", "楼梯灭火器", today + dt.timedelta(days=20)),
                ("stairs", "emergency_light", "楼梯应急灯", None),
                ("stairs", "exit", "东侧安全出口", None))]
    route = PatrolRoute(site_id=site.id, name="离园后巡查",
                        zone_ids=[zones[k].id for k in ("gate", "playground", "kitchen", "stairs")])
    session.add_all([*rows, route])
    session.flush()
    return [Change("equipment", e.id) for e in rows] + [Change("patrol_route", route.id)]


def _pickup_adults(session: Session, site: Site, rng: random.Random) -> list[Change]:
    changes = []
    for child in session.execute(select(Child).where(Child.site_id == site.id)).scalars():
        surname = child.name[0]
        for relation, given in (("妈妈", rng.choice("丽芳娟敏静")), ("爸爸", rng.choice("伟强军磊涛"))):
            name = (surname if relation == "爸爸" else rng.choice(SURNAMES)) + given
            adult = PickupAdult(site_id=site.id, child_id=child.id, class_id=child.class_id,
                                name=name, relation=relation,
                                phone=f"13{rng.randint(100000000, 999999999)}", active=True)
            session.add(adult)
            session.flush()
            changes.append(Change("pickup_adult", adult.id, "put", child.class_id))
    return changes


def _routines(session: Session, site: Site, staff: dict, today: dt.date) -> list[Change]:
    """The default checklists of every role, this term's letters to sign, a fire drill."""
    changes = []
    for role in DEFAULTS:
        changes += routines.load_defaults(session, site.id, role, today - dt.timedelta(days=7))[1]
    term = term_of(today)
    for role, (title, body) in LETTER_BODY.items():
        letter = SafetyLetter(site_id=site.id, term=term, post=title.removesuffix("安全责任书"),
                              title=title, body=body, issued_by=staff["admin"].id,
                              issued_at=utcnow(), user_ids=sorted(
                                  u.id for u in staff.values() if u.role == role))
        session.add(letter)
        session.flush()
        changes.append(Change("safety_letter", letter.id))
    drill = Drill(id=natural_id(site.id, "demo_drill", term), site_id=site.id, kind="fire",
                  date=today + dt.timedelta(days=3), term=term, status="planned",
                  scenario="午睡时间寝室起火：保育员组织幼儿从东侧安全出口疏散到操场",
                  planned_by=staff["admin"].id)
    session.add(drill)
    return changes + [Change("drill", drill.id)]


def logins() -> list[tuple[str, str, str]]:
    return [(u, role, DEMO_PASSWORD) for u, _, role, _ in STAFF]
