"""Routines (保育员一日工作流程 and the like), drills and terms, as plain rules: when an item
is due, whether a tick was in its window, which term a day belongs to, and the default
checklists shipped for each role. pwa/screens/routines/rules.js computes the same on the
phone."""
from __future__ import annotations

import datetime as dt

FREQS = ("daily", "weekly", "monthly")
NEEDS = ("tick", "number", "choice", "note", "photo")
ASSIGN = ("role", "class", "user")
DRILL_KINDS = ("fire", "earthquake", "intruder")  # the drills every term must hold
ALL_DRILL_KINDS = DRILL_KINDS + ("other",)


def due_on(item: dict, day: dt.date, school_days: set[dt.date]) -> bool:
    """Whether the item is due on `day`. Nothing is due on a day the school is closed.
    daily: every school day. weekly: once in every week (Monday to Sunday) that has a
    school day: on its weekday (0 Monday); when the school is closed that day, on the
    first school day after it that week, or else the last one before it (the Monday
    meeting after a Monday holiday is held on Tuesday; a Friday's airing of the bedding
    before a Friday holiday is done on Thursday). monthly: the first school day on or
    after its day of the month (a 31st in a short month means its last days), in that
    month. `school_days` holds at least the days of `day`'s week and month."""
    if day not in school_days:
        return False
    freq = item.get("freq", "daily")
    if freq == "daily":
        return True
    if freq == "weekly":
        monday = day - dt.timedelta(days=day.weekday())
        week = [monday + dt.timedelta(days=i) for i in range(7)]
        at = item.get("weekday", 0)
        after = [d for d in week[at:] if d in school_days]
        before = [d for d in week[:at] if d in school_days]
        return day == (after[0] if after else before[-1])
    monthday = item.get("monthday") or 1
    first = next((d for d in sorted(school_days) if d.year == day.year and d.month == day.month
                  and d.day >= monthday), None)
    return first == day


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def due_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The days whose school days due_on needs for any day of `day`'s month: the month
    and the weeks it starts and ends in."""
    first, last = month_bounds(day)
    return first - dt.timedelta(days=first.weekday()), last + dt.timedelta(days=6 - last.weekday())


def window(item: dict) -> tuple[dt.time | None, dt.time | None]:
    def t(v):
        return dt.time.fromisoformat(v) if v else None
    return t(item.get("start")), t(item.get("end"))


def timing(item: dict, day: dt.date, local: dt.datetime) -> str:
    """A tick at `local` (the device's time, in the school's zone) for the item due on
    `day`: on_time, late (after its window, or on a later day) or early. Kept either way."""
    start, end = window(item)
    if local.date() > day or (local.date() == day and end and local.time() > end):
        return "late"
    if local.date() < day or (start and local.time() < start):
        return "early"
    return "on_time"


def overdue(item: dict, day: dt.date, local_now: dt.datetime) -> bool:
    """Its window is over (so, not done, it is a miss)."""
    _, end = window(item)
    return local_now.date() > day or (local_now.date() == day and end is not None
                                      and local_now.time() > end)


def term_of(day: dt.date) -> str:
    """The school term a day belongs to, as the reports count terms (server.reports.filters
    term_start): spring from 1 March, autumn from 1 September (named by the year it starts
    in, so January and February belong to the autumn before)."""
    if 3 <= day.month <= 8:
        return f"{day.year}-spring"
    return f"{day.year if day.month >= 9 else day.year - 1}-autumn"


def check_value(item: dict, value) -> str | None:
    """Why the value does not fit the item (None: it fits)."""
    needs = item.get("needs", "tick")
    if needs == "tick":
        return None if value in (True, None) else "a tick takes no value"
    if value is None or value == "":
        return f"this item needs a {needs}"
    if needs == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "this item needs a number"
        lo, hi = item.get("min"), item.get("max")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            return f"{value} is outside {lo if lo is not None else '…'}–{hi if hi is not None else '…'}"
        return None
    if needs == "choice":
        return None if value in (item.get("choices") or []) else "not one of the item's choices"
    if needs == "photo":
        ok = isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
        return None if ok else "a photo is named by its SHA-256"
    return None if isinstance(value, str) and len(value) <= 500 else "a note of at most 500 characters"


def _i(key, label, start, end, freq="daily", needs="tick", **more) -> dict:
    return {"key": key, "label": label, "start": start, "end": end, "freq": freq,
            "needs": needs, **more}


# The defaults per role, from the school's written day (保育员一日工作流程, matched to the
# timetable 幼儿园作息时间) and its safety work (seeds, sections 三, 五 and 六).
DEFAULTS = {
    "caregiver": [{
        "name": "保育员一日工作流程", "assign": "class", "items": [
            _i("air", "开窗通风（幼儿入园前）", "07:00", "07:40"),
            _i("wipe", "擦拭桌面、门把手、玩具柜", "07:00", "07:50"),
            _i("water", "准备温开水，记录水温（℃）", "07:30", "08:00", "daily", "number",
               min=30, max=45, unit="℃"),
            _i("cups", "水杯、毛巾消毒到位", "07:30", "08:10"),
            _i("tables_lunch", "午餐前桌面消毒", "11:10", "11:30"),
            _i("meal", "餐后清洁桌面、地面", "12:00", "12:20"),
            _i("nap", "午睡巡视（蹬被、异物、呼吸）", "12:30", "14:30"),
            _i("nap_note", "午睡情况记录", "14:20", "14:40", "daily", "note"),
            _i("toilet", "卫生间清洁消毒", "15:00", "15:30", "daily", "choice",
               choices=["含氯消毒液", "紫外线灯", "蒸汽"]),
            _i("safety_talk", "离园前5分钟安全教育", "16:20", "16:30"),
            _i("close", "离园后关窗、断电、关水", "16:45", "17:30"),
            _i("bedding", "被褥晾晒", "10:00", "11:00", "weekly", weekday=4),
            _i("deep_clean", "玩具、图书全面清洗消毒", "15:30", "16:30", "weekly", "photo",
               weekday=4),
        ]}],
    "guard": [{
        "name": "门卫一日工作", "assign": "role", "items": [
            _i("open", "按时开门，检查防卫器械", "07:20", "07:35"),
            _i("arrival", "入园时段守门，外来人员登记", "07:30", "08:45"),
            _i("patrol_noon", "午间校园巡查", "12:00", "13:00"),
            _i("pickup", "离园时段守门，核对接送人", "16:30", "17:30"),
            _i("patrol_evening", "离园后校园巡查", "17:30", "18:00"),
            _i("extinguishers", "消防器材检查", "09:00", "11:00", "monthly", monthday=1),
        ]}],
    "health": [{
        "name": "保健老师每日工作", "assign": "role", "items": [
            _i("morning", "晨检汇总，缺勤追踪", "08:30", "09:00"),
            _i("kitchen", "厨房卫生检查，食品留样", "10:30", "11:00"),
            _i("noon", "午检抽查", "13:00", "13:30"),
            _i("board", "更新保健宣传栏", "14:00", "16:00", "monthly", monthday=1),
            _i("hygiene_week", "全园卫生检查，结果在例会公布", "14:00", "16:00", "weekly",
               "note", weekday=4),
        ]}],
    "admin": [{
        "name": "行政巡视", "assign": "role", "items": [
            _i("walk_morning", "入园时段巡视", "07:30", "08:45"),
            _i("walk_leave", "离园时段巡视", "16:30", "17:30"),
            _i("meeting", "每周后勤例会，安全文件学习", "13:30", "14:30", "weekly", weekday=0),
            _i("equipment", "大型玩具、设施设备、消防器材安全检查", "09:00", "16:00", "monthly",
               monthday=1),
        ]}],
}

LETTER_BODY = {
    "caregiver": ("保育员安全责任书",
                  "一、严格执行幼儿园作息时间与保育员一日工作流程，做好晨午检、消毒和通风。\n"
                  "二、负责本班责任区域每日上下班安全自查，发现隐患立即上报。\n"
                  "三、幼儿在园期间不离岗，午睡巡视到位，离园前5分钟进行安全教育。\n"
                  "四、参加本学期各类应急疏散演练，熟悉疏散路线。\n"
                  "五、本责任书自签订之日起至学期末有效。"),
    "guard": ("门卫安全责任书",
              "一、严格执行园门开关制度和幼儿接送制度。\n"
              "二、外来人员详细询问并登记，经允许后方可入园。\n"
              "三、幼儿离园期间对校园进行巡查，保管好防卫器械和消防器材。\n"
              "四、本责任书自签订之日起至学期末有效。"),
    "health": ("保健老师安全责任书",
               "一、严把晨检关、午检关、消毒关，做好传染病预防与报告。\n"
               "二、监督厨房食品安全与卫生消毒常规。\n"
               "三、本责任书自签订之日起至学期末有效。"),
}
