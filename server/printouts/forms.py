"""The official forms, laid out as the paper ones: 晨午检记录 (a class's month: a grid of
marks per child and day, then each session's line with who checked), 班级卫生消毒检查记录表,
幼儿服药记录表, 外来人员登记表, 门卫开关门记录表 and 隐患台账. Each takes the session first and returns the
PDF's bytes."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ..gate import slots_between
from ..models import SchoolClass, Site
from ..school import person_key, school_days
from . import labels, records
from .pdf import Column, Form

TZ_FMT = "%m-%d %H:%M"


def month_label(first: dt.date, last: dt.date) -> str:
    if first.day == 1 and (last + dt.timedelta(days=1)).day == 1 and first.month == last.month:
        return f"{first.year}年{first.month}月"
    return f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d}"


def _check_detail(c, children: dict[str, str]) -> str:
    """One abnormal or absent child, as the paper form's 情况 column says it."""
    parts = [children.get(c.child_id, "?")]
    if c.status == "absent":
        parts.append(labels.ABSENCE.get(c.absence_reason or "unknown", "缺勤"))
    else:
        if c.temperature is not None:
            parts.append(f"{c.temperature:.1f}℃")
        parts += [labels.SYMPTOM.get(s, s) for s in c.symptoms or []]
        if c.action:
            parts.append("→" + labels.ACTION.get(c.action, c.action))
    if c.note:
        parts.append(f"（{c.note}）")
    return " ".join(parts)


def health_checks(session: Session, site: Site, cls: SchoolClass, first: dt.date, last: dt.date,
                  today: dt.date, now: dt.datetime) -> bytes:
    """晨午检记录: one class, one month."""
    month = records.class_checks(session, site.id, cls.id, first, last)
    names = records.names_of_users(session, site.id)
    children = dict(month.children)
    notes = [c.note or "" for c in month.checks.values()]
    form = Form(site.name, "幼儿晨午检记录表", f"班级：{cls.name}　　时间：{month_label(first, last)}",
                now, [*children.values(), *names.values(), *notes])
    if not month.checks:
        form.empty(f"{month_label(first, last)}{cls.name}没有晨午检记录。")
        return form.bytes()
    the_days = records.days(first, last)
    form.line_of_text("每格左为晨检、右为午检：√ 正常　× 异常　○ 缺勤　空白为未检", 8)
    day_width = 8.0
    cols = [Column("序号", 8), Column("幼儿姓名", 22, "L"),
            *(Column(str(d.day), day_width) for d in the_days)]
    grid = []
    for i, (child_id, name) in enumerate(month.children, 1):
        row = [str(i), name]
        for d in the_days:
            marks = [month.checks.get((child_id, d, s)) for s in ("morning", "noon")]
            row.append("".join(labels.MARK.get(m.status, "?") if m else "·" for m in marks)
                       if any(marks) else "")
        grid.append(row)
    form.grid(cols, grid, size=7, line_height=3.4)

    form.add_page()
    form.heading("每日晨午检情况")
    expected = len(month.children)
    due = set(school_days(session, site.id, first, min(last, today)))
    lines = []
    for d in the_days:
        for s in ("morning", "noon"):
            rows = month.by_session.get((d, s), [])
            if not rows and d not in due:
                continue
            count = defaultdict(int)
            for c in rows:
                count[c.status] += 1
            details = [_check_detail(c, children) for c in rows
                       if c.status in ("abnormal", "absent")]
            if 0 < len(rows) < expected:
                details.append(f"{expected - len(rows)} 人未检")
            details = "；".join(details)
            by = "、".join(sorted({names.get(c.recorded_by, "?") for c in rows}, key=person_key))
            when = (f"{records.local_time(min(c.device_time for c in rows), site.timezone)}–"
                    f"{records.local_time(max(c.device_time for c in rows), site.timezone)}"
                    if rows else "")
            lines.append([f"{d.month}月{d.day}日", labels.SESSION[s], str(expected),
                          str(len(rows)), str(count["normal"]), str(count["abnormal"]),
                          str(count["absent"]),
                          details or ("未检查" if not rows else "无"), by, when])
    form.grid([Column("日期", 18), Column("时段", 12), Column("应检", 11), Column("实检", 11),
               Column("正常", 11), Column("异常", 11), Column("缺勤", 11),
               Column("异常及缺勤情况（姓名、体温、症状、处理）", 120, "L"),
               Column("检查人", 34), Column("检查时间", 24)], lines, size=8)
    form.signatures("保健老师", "班主任")
    return form.bytes()


def disinfection(session: Session, site: Site, cls: SchoolClass, first: dt.date, last: dt.date,
                 now: dt.datetime) -> bytes:
    """班级卫生消毒检查记录表: every round in the class's rooms, with its method, dose or
    time, whether it reached the minimum, and who did it."""
    rooms = records.class_rooms(session, site.id, cls.id)
    room_names = {r.id: r.name for r in rooms}
    rows = records.disinfections(session, site.id, list(room_names), first, last)
    names = records.names_of_users(session, site.id)
    form = Form(site.name, "班级卫生消毒检查记录表",
                f"班级：{cls.name}　　场所：{'、'.join(room_names.values()) or '无'}　　"
                f"时间：{month_label(first, last)}",
                now, [*names.values(), *room_names.values(), *(r.note or "" for r in rows)])
    if not rows:
        form.empty(f"{month_label(first, last)}{cls.name}没有消毒记录。")
        return form.bytes()
    lines = []
    for r in rows:
        amount = "" if r.amount is None else f"{r.amount:g} {labels.UNIT.get(r.unit, r.unit or '')}"
        lines.append([f"{r.date.month}月{r.date.day}日", room_names.get(r.room_id, ""),
                      labels.ITEM.get(r.item, r.item), str(r.round),
                      labels.METHOD.get(r.method, r.method or ""), amount,
                      records.local_time(r.started_at, site.timezone),
                      records.local_time(r.ended_at, site.timezone),
                      "低于标准" if r.below_minimum else "合格", r.note or "",
                      names.get(r.recorded_by, "?")])
    form.grid([Column("日期", 18), Column("场所", 30, "L"), Column("消毒项目", 22),
               Column("轮次", 10), Column("方法", 22), Column("浓度/时长", 22),
               Column("开始", 14), Column("结束", 14), Column("结果", 16),
               Column("备注", 70, "L"), Column("消毒人", 24)], lines, size=8)
    below = sum(r.below_minimum for r in rows)
    form.line_of_text(f"本期消毒 {len(rows)} 次，其中低于标准 {below} 次。")
    form.signatures("保健老师", "检查人")
    return form.bytes()


def _doses(m, names: dict[str, str], tz: str, now: dt.datetime) -> tuple[list[str], int, int]:
    """Each dose of a medicine record as the form says it, and how many were given and
    missed. The doses are given in order (as on the phone's Today): the first n times
    are the n doses given; a later time whose moment has passed on the school's clock
    was missed, one still to come is due later."""
    given = sorted(m.given or [], key=lambda d: dt.datetime.fromisoformat(d["at"]))
    local = now.astimezone(ZoneInfo(tz))
    today, clock = local.date(), local.strftime("%H:%M")
    out, missed = [], 0
    for i, time in enumerate(m.times):
        if i < len(given):
            d = given[i]
            out.append(f"{time} 已服（{_dose_time(d['at'], m.date, tz)} {names.get(d.get('by'), '?')}）")
        elif m.date < today or (m.date == today and time <= clock):
            out.append(f"{time} 未服")
            missed += 1
        else:
            out.append(f"{time} 待服")
    for d in given[len(m.times):]:
        out.append(f"加服 {_dose_time(d['at'], m.date, tz)} {names.get(d.get('by'), '?')}")
    return out, min(len(given), len(m.times)), missed


def _dose_time(at: str, day: dt.date, tz: str) -> str:
    """A dose's time on the school's clock; with its date when not the record's day."""
    when = dt.datetime.fromisoformat(at).astimezone(ZoneInfo(tz))
    return f"{when:%H:%M}" if when.date() == day else f"{when:%m-%d %H:%M}"


def medicine_register(session: Session, site: Site, cls: SchoolClass, first: dt.date,
                      last: dt.date, now: dt.datetime) -> bytes:
    """幼儿服药记录表: the medicine parents handed over in a class over a month, each
    with its times, every dose given (when, by whom) or missed, who took it over from
    whom, and the month's count."""
    meds = records.medicines(session, site.id, cls.id, first, last)
    names = records.names_of_users(session, site.id)
    children = records.names_of_children(session, site.id, [m.child_id for m in meds])
    text = [x or "" for m in meds for x in (m.medicine, m.dose, m.handed_by, m.note)]
    form = Form(site.name, "幼儿服药记录表", f"班级：{cls.name}　　时间：{month_label(first, last)}",
                now, [*names.values(), *children.values(), *text])
    if not meds:
        form.empty(f"{month_label(first, last)}{cls.name}没有服药记录。")
        return form.bytes()
    lines, due, given, missed = [], 0, 0, 0
    for m in meds:
        doses, n_given, n_missed = _doses(m, names, site.timezone, now)
        due += len(m.times)
        given += n_given
        missed += n_missed
        handed = f"{names.get(m.recorded_by, '?')} {records.local_time(m.device_time, site.timezone)}"
        lines.append([f"{m.date.month}月{m.date.day}日", children.get(m.child_id, "?"),
                      m.medicine, m.dose, " ".join(m.times), "；".join(doses),
                      m.handed_by or "", handed, m.note or ""])
    form.line_of_text(f"本期服药登记 {len(meds)} 份，应服 {due} 次：已服 {given} 次，"
                      f"未服 {missed} 次", 9)
    form.grid([Column("日期", 18), Column("幼儿姓名", 20, "L"), Column("药品名称", 34, "L"),
               Column("剂量", 20, "L"), Column("服药时间", 22), Column("喂药情况（时间、喂药人）", 78, "L"),
               Column("送药人", 18), Column("接药人及时间", 26), Column("备注", 36, "L")],
              lines, size=8)
    form.signatures("保健老师", "班主任")
    return form.bytes()


def _mask_phone(phone: str | None) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if phone and len(phone) >= 8 else (phone or "")


def visitor_register(session: Session, site: Site, first: dt.date, last: dt.date,
                     now: dt.datetime) -> bytes:
    """外来人员登记表: ID numbers masked (the full number never leaves the record)."""
    rows = records.visitors(session, site.id, first, last)
    names = records.names_of_users(session, site.id)
    text = [x or "" for v in rows for x in (v.name, v.organisation, v.purpose, v.decided_for)]
    form = Form(site.name, "外来人员登记表", f"时间：{month_label(first, last)}", now,
                [*names.values(), *text])
    if not rows:
        form.empty(f"{month_label(first, last)}没有外来人员登记记录。")
        return form.bytes()
    tz = site.timezone
    lines = []
    for v in rows:
        allowed = ""
        if v.decided_at:
            who = v.decided_for or names.get(v.decided_by, "")
            allowed = f"{who} {labels.DECIDED_HOW.get(v.decided_how, '')}".strip()
        lines.append([f"{v.date.month}月{v.date.day}日", v.name,
                      v.id_masked or ("已删除" if v.erased_at else ""), v.organisation or "",
                      _mask_phone(v.phone), v.purpose, names.get(v.host_id, ""), str(v.people),
                      v.plate or "", allowed, records.local_time(v.entered_at, tz),
                      records.local_time(v.left_at, tz), labels.VISITOR_STATUS.get(v.status, ""),
                      names.get(v.registered_by, "")])
    form.grid([Column("日期", 15), Column("姓名", 17), Column("证件号", 30), Column("单位", 26, "L"),
               Column("电话", 22), Column("来访事由", 36, "L"), Column("被访人", 16),
               Column("人数", 9), Column("车牌", 17), Column("准许", 24),
               Column("进入", 12), Column("离开", 12), Column("状态", 16), Column("登记人", 16)],
              lines, size=7)
    form.signatures("门卫", "园长")
    return form.bytes()


def _gate_state(slot: dict) -> str:
    if slot["state"] == "late":
        return f"迟 {slot['late_minutes']} 分钟"
    return {"done": "按时", "missed": "未记录", "to_come": "未到时间", "extra": "（无规定时间）"}[slot["state"]]


def gate_log(session: Session, site: Site, first: dt.date, last: dt.date,
             now: dt.datetime) -> bytes:
    """门卫开关门记录表: each day's gate times as the calendar has them (none on a holiday)
    from the gate's first logged opening or closing up to today, with when each was opened
    or closed and by whom, late or never logged; one logged for no time (a holiday's) on
    its own line."""
    names = records.names_of_users(session, site.id)
    slots = slots_between(session, site, first, min(last, now.date()), now, unmatched=True)
    labels_text = [s["label"] or "" for s in slots]
    form = Form(site.name, "门卫开关门记录表", f"时间：{month_label(first, last)}", now,
                [*names.values(), *labels_text])
    if not slots:
        form.empty(f"{month_label(first, last)}没有开关门记录。")
        return form.bytes()
    lines = []
    for s in slots:
        day = dt.date.fromisoformat(s["date"])
        what = labels.GATE[s["kind"]] + (f"（{s['label']}）" if s["label"] else "")
        lines.append([f"{day.month}月{day.day}日", s["at"] or "", what, s["logged_at"] or "",
                      _gate_state(s), names.get(s["recorded_by"], "")])
    count = {state: sum(s["state"] == state for s in slots) for state in ("late", "missed")}
    timed = sum(s["at"] is not None for s in slots)
    form.line_of_text(f"规定开关门 {timed} 次：迟 {count['late']} 次，未记录 {count['missed']} 次", 9)
    form.grid([Column("日期", 22), Column("规定时间", 22), Column("开门/关门", 50, "L"),
               Column("实际时间", 22), Column("情况", 36), Column("记录人", 30)], lines, size=8)
    form.signatures("门卫", "园长")
    return form.bytes()


def hazard_ledger(site: Site, hazards: list[dict], zones: dict[str, str], names: dict[str, str],
                  first: dt.date | None, last: dt.date | None, now: dt.datetime) -> bytes:
    """隐患台账: each hazard from its finding to its re-check (the rows of
    server.api.hazards.ledger), overdue ones marked."""
    period = f"时间：{month_label(first, last)}" if first else "时间：全部"
    text = [x or "" for h in hazards for x in (h["what"], h["fix_note"], h["refused_reason"])]
    form = Form(site.name, "安全隐患排查整改台账", period, now, [*names.values(), *zones.values(), *text])
    if not hazards:
        form.empty("本期没有隐患记录。")
        return form.bytes()
    tz = site.timezone

    def at(value: str | None) -> str:
        return records.local_time(dt.datetime.fromisoformat(value), tz, TZ_FMT) if value else ""
    lines = []
    for i, h in enumerate(hazards, 1):
        status = labels.HAZARD_STATUS.get(h["status"], h["status"])
        lines.append([str(i), at(h["reported_at"]), zones.get(h["zone_id"], ""), h["what"],
                      labels.SEVERITY.get(h["severity"], h["severity"]),
                      names.get(h["reported_by"], ""), names.get(h["assignee_id"], ""),
                      h["deadline"] or "", h["fix_note"] or "", at(h["fixed_at"]),
                      names.get(h["fixed_by"], ""), names.get(h["verified_by"], ""),
                      at(h["verified_at"]), status + ("（逾期）" if h["overdue"] else "")])
    form.grid([Column("序号", 9), Column("发现时间", 20), Column("区域", 18), Column("隐患内容", 44, "L"),
               Column("等级", 10), Column("发现人", 15), Column("整改人", 15), Column("整改期限", 20),
               Column("整改情况", 36, "L"), Column("整改时间", 20), Column("整改登记", 15),
               Column("复查人", 15), Column("复查时间", 20), Column("状态", 20)], lines, size=7)
    form.signatures("安全负责人", "园长")
    return form.bytes()
